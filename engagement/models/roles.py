"""Who a user is on the panel, worked out from their memberships once per request, or once
per change with the page cache on (engagement/person_cache.py)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PanelRoles:
    district_ids: frozenset = field(default_factory=frozenset)
    organisation_ids: frozenset = field(default_factory=frozenset)
    is_secretariat: bool = False
    is_commissioners_office: bool = False
    is_admin: bool = False
    is_authenticated: bool = False

    @property
    def is_chief_inspector(self):
        return bool(self.district_ids)

    @property
    def is_representative(self):
        return bool(self.organisation_ids)

    @property
    def sees_everything(self):
        """Secretariat and site administrators see drafts and private questions."""
        return self.is_secretariat or self.is_admin


ANONYMOUS = PanelRoles()


def roles_of(user):
    """The user's active panel roles, cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_panel_roles", None)
    if cached is not None:
        return cached
    from ..person_cache import remembered

    panel_roles = remembered(f"roles:{user.pk}", lambda: read_roles(user))
    user._panel_roles = panel_roles
    return panel_roles


def read_roles(user):
    from .people import Membership

    rows = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values_list(
        "role", "district_id", "organisation_id"
    )
    roles = {role for role, _, _ in rows}
    return PanelRoles(
        district_ids=frozenset(d for r, d, _ in rows if r == Membership.Role.CHIEF_INSPECTOR),
        organisation_ids=frozenset(o for r, _, o in rows if r == Membership.Role.REPRESENTATIVE),
        is_secretariat=Membership.Role.SECRETARIAT in roles,
        is_commissioners_office=Membership.Role.COMMISSIONERS_OFFICE in roles,
        is_admin=user.is_superuser,
        is_authenticated=True,
    )
