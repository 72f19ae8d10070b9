"""The signed-in person, their panel roles and what their pages look up, kept between
requests until anything changes.

Every signed-in request needs the person's row and their memberships. Both are kept in the
default cache under the content revision (engagement/page_cache.py), which moves with every
committed write to the panel's tables or to the people in it: a role taken away, an account
closed or a password changed is seen by every worker within PAGE_CACHE_REVISION_SECONDS.
Pages that only show something keep what they look up the same way (the agenda item or
plan this person may see, what their form starts from); a request that may change
something always reads the database. With the page cache off (PAGE_CACHE_SECONDS=0)
everything is read on every request.
"""

from django.conf import settings
from django.core.cache import caches

from .page_cache import current_revision

# Tells "kept: nobody" (an account closed or deactivated) from "not kept".
NOBODY = "nobody"


def remembered(name, build, *, keep=True):
    """`build()`, kept under `name` until the content revision moves.

    A page that only shows what it finds may take a kept answer; one that may change
    something passes `keep=False` and reads the database.
    """
    seconds = settings.PAGE_CACHE_SECONDS
    if not seconds or not keep:
        return build()
    cache = caches["default"]
    key = f"person:{current_revision()}:{name}"
    kept = cache.get(key)
    if kept is None:
        kept = build()
        cache.set(key, NOBODY if kept is None else kept, seconds)
    return None if kept == NOBODY else kept
