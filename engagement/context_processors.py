from django.conf import settings

from .models import roles_of
from .page_cache import figures_key


def navigation(request):
    """The signed-in person's roles, so the navigation shows what they can do.

    The links depend only on which kinds of role the person holds, so the few different
    sets are each drawn once and kept under `navigation_key` until anything changes.
    """
    user = getattr(request, "user", None)
    roles = roles_of(user)
    key = ""
    if settings.PAGE_CACHE_SECONDS:
        kinds = (
            roles.is_chief_inspector,
            roles.is_representative,
            roles.sees_everything,
            roles.is_commissioners_office or roles.is_admin,
            roles.is_authenticated,
            bool(user is not None and user.is_staff),
        )
        key = figures_key("navigation", [int(kind) for kind in kinds])
    return {
        "panel_roles": roles,
        "navigation_key": key,
        "navigation_seconds": settings.PAGE_CACHE_SECONDS,
    }
