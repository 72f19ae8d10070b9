"""Whole public pages cached for readers who are not signed in, keyed on what changes.

A public page is the same for every anonymous reader until a record changes, so it is
rendered once and replayed from the "pages" cache. The key holds the content revision
(`ContentRevision`): every statement that writes to the panel's tables marks the revision
to go up once its transaction commits, whichever code path wrote (a view, the admin, a
management command, a bulk update), so no page is ever served from before a change.

Workers read the revision at most every PAGE_CACHE_REVISION_SECONDS, so a change reaches
every worker within that time; the entries themselves expire after PAGE_CACHE_SECONDS.
Each replay gets a fresh CSP nonce: the one the page was rendered with is swapped out.
"""

import hashlib
import re
import time
from functools import partial, wraps

from django.conf import settings
from django.core.cache import caches
from django.db import connections, transaction
from django.db.models import F
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csp import get_nonce
from django.utils.cache import patch_vary_headers

WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)
# Writes that change nothing a page shows: sessions, sign-in throttling and devices, queued
# tasks, and the revision itself.
CACHE_TABLES = [
    cache["LOCATION"].lower()
    for cache in settings.CACHES.values()
    if cache["BACKEND"].endswith(".DatabaseCache")
]
UNSEEN_TABLES = (
    "django_session",
    "axes_",
    "otp_",
    "django_tasks_db_",
    "engagement_contentrevision",
    *CACHE_TABLES,
)
NONCE_PLACEHOLDER = b"\x00csp-nonce\x00"
# Cookies that make a page differ from the anonymous one: a session (signed in, or a
# message waiting) or a message held in a cookie.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


# Revision ----------------------------------------------------------------------------------


def bump_revision(using="default"):
    from .models import ContentRevision

    revisions = ContentRevision.objects.using(using)
    if not revisions.filter(pk=1).update(number=F("number") + 1):
        revisions.get_or_create(pk=1, defaults={"number": 1})


_bumpers = {}
# Off while `migrate` runs: the revision's table may not exist yet, and nothing is cached.
_watching = {"on": True}


def note_writes(execute, sql, params, many, context):
    """Database execute wrapper: a write to a table pages read bumps the revision on commit."""
    result = execute(sql, params, many, context)
    written = WRITE.match(sql)
    if _watching["on"] and written and not written.group(1).lower().startswith(UNSEEN_TABLES):
        alias = context["connection"].alias
        bump = _bumpers.setdefault(alias, partial(bump_revision, alias))
        connection = connections[alias]
        # Once per transaction: a bulk load must not queue a bump per row.
        if not any(func is bump for _, func, _ in connection.run_on_commit):
            transaction.on_commit(bump, using=alias)
    return result


def watch_writes(sender, connection, **kwargs):
    """connection_created receiver: every connection, in every process, notes its writes."""
    if note_writes not in connection.execute_wrappers:
        # First, so a `with connection.execute_wrapper(...)` around the first query, which
        # pops the last wrapper when it ends, cannot take this one away.
        connection.execute_wrappers.insert(0, note_writes)


def pause_for_migrate(sender, **kwargs):
    _watching["on"] = False


def resume_after_migrate(sender, using="default", **kwargs):
    _watching["on"] = True
    if "engagement_contentrevision" in connections[using].introspection.table_names():
        bump_revision(using)


_last_read = {"at": float("-inf"), "number": None}


def current_revision():
    """The revision, read from the database at most every PAGE_CACHE_REVISION_SECONDS."""
    from .models import ContentRevision

    now = time.monotonic()
    if now - _last_read["at"] >= settings.PAGE_CACHE_REVISION_SECONDS:
        number = ContentRevision.objects.filter(pk=1).values_list("number", flat=True).first()
        _last_read.update(at=now, number=number or 0)
    return _last_read["number"]


# Pages -------------------------------------------------------------------------------------


def is_anonymous_reader(request):
    return request.method == "GET" and not any(c in request.COOKIES for c in PERSONAL_COOKIES)


def public_page(view):
    """Serve `view` to anonymous readers from the page cache (see the module docstring)."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not is_anonymous_reader(request):
            return view(request, *args, **kwargs)
        pages = caches["pages"]
        key = f"page:{current_revision()}:{request.build_absolute_uri()}"
        kept = pages.get(key)
        if kept is None:
            response = view(request, *args, **kwargs)
            if not _keepable(request, response):
                return response
            kept = _keep(request, response)
            pages.set(key, kept, seconds)
        return _replay(request, kept)

    return cached_view


def _keepable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    # A message added now would be shown on the next page, not this one: nothing personal
    # is on this page, but keep it simple and leave such a response alone.
    return not getattr(getattr(request, "_messages", None), "added_new", False)


def _keep(request, response):
    body = response.content
    nonce = get_nonce(request)
    if nonce:  # the page used it, so it was generated
        body = body.replace(str(nonce).encode(), NONCE_PLACEHOLDER)
    return {
        "body": body,
        # The view's own headers (type, download name): middleware adds the rest each time.
        "headers": {
            name: value
            for name, value in response.headers.items()
            if name.lower() not in {"content-length", "etag", "vary", "set-cookie"}
        },
        "etag": f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"',
        "uses_nonce": bool(nonce),
    }


def _replay(request, kept):
    if request.headers.get("If-None-Match") == kept["etag"]:
        response = HttpResponseNotModified()
    else:
        body = kept["body"]
        if kept["uses_nonce"]:
            body = body.replace(NONCE_PLACEHOLDER, str(get_nonce(request)).encode())
        response = HttpResponse(body, headers=kept["headers"])
    response["ETag"] = kept["etag"]
    # The page differs for someone signed in, as it did when it was rendered.
    patch_vary_headers(response, ["Cookie"])
    return response


# Figures -----------------------------------------------------------------------------------


def figures_key(name, parts):
    """The cache key of `name`'s figures (or their rendered markup) over `parts`, now."""
    return f"figures:{name}:{current_revision()}:{':'.join(map(str, parts))}"


def cached_figures(name, parts, build):
    """`build()`, kept in the "pages" cache under `name` and `parts` until anything changes.

    For figures that add up years of rows (the dashboards, coverage): the same for everyone
    who may see them, and the same until a record changes, so they are worked out once per
    revision. `parts` must name everything else the figures depend on. The templates keep
    the markup drawn from them the same way: `{% cache cache_seconds figures_key ... %}`.
    """
    seconds = settings.PAGE_CACHE_SECONDS
    if not seconds:
        return build()
    pages = caches["pages"]
    key = figures_key(name, parts)
    figures = pages.get(key)
    if figures is None:
        figures = build()
        pages.set(key, figures, seconds)
    return figures


def fragment_keys(name, **fragments):
    """Context for `{% cache cache_seconds "<fragment>" <fragment>_key using="pages" %}`:
    a key for each of the fragments of `name`'s page, over the parts given for it, that
    moves with the revision like `cached_figures`. With the cache off, no key is made and
    the revision is not read."""
    seconds = settings.PAGE_CACHE_SECONDS
    return {
        "cache_seconds": seconds,
        **{
            f"{fragment}_key": figures_key(f"{name}-{fragment}", parts) if seconds else ""
            for fragment, parts in fragments.items()
        },
    }
