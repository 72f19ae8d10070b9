"""The signed-in person and their panel roles, kept between requests until anything changes.

Every signed-in request needs the person's row and their memberships. Both are kept in the
default cache under the content revision (engagement/page_cache.py), which moves with every
committed write to the panel's tables or to the people in it: a role taken away, an account
closed or a password changed is seen by every worker within PAGE_CACHE_REVISION_SECONDS.
With the page cache off (PAGE_CACHE_SECONDS=0) both are read on every request.
"""

from django.conf import settings
from django.core.cache import caches

from .page_cache import current_revision

# Tells "kept: nobody" (an account closed or deactivated) from "not kept".
NOBODY = "nobody"


def remembered(name, build):
    """`build()`, kept under `name` until the content revision moves."""
    seconds = settings.PAGE_CACHE_SECONDS
    if not seconds:
        return build()
    cache = caches["default"]
    key = f"person:{current_revision()}:{name}"
    kept = cache.get(key)
    if kept is None:
        kept = build()
        cache.set(key, NOBODY if kept is None else kept, seconds)
    return None if kept == NOBODY else kept
