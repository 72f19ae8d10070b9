from .models import roles_of


def navigation(request):
    """The signed-in person's roles, so the navigation shows what they can do."""
    return {"panel_roles": roles_of(getattr(request, "user", None))}
