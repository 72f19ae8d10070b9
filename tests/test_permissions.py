"""The permission matrix: who gets what from every page, for every role.

One row per (role, URL name, kwargs, method): the expected answer. The table is the readable
spec of who may do what; a URL added without rows fails `test_every_url_has_rows`.
Objects a user may not see answer 404, not 403.

To add a page: add one entry to PAGES with a kwargs builder (a function of `world`, which
makes the objects the URL needs) and the expected answer per role.
"""

from functools import cached_property

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import factories

ROLES = [
    "anonymous",
    "representative",
    "other_representative",
    "chief_inspector",
    "other_chief_inspector",
    "secretariat",
    "commissioner",
    "site_admin",
]
SIGNED_IN = ROLES[1:]

# Expected answers besides plain status codes.
SIGN_IN = "sign in"  # 302 to the sign-in page
REDIRECT = "redirect"  # 302 somewhere else
OK, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 403, 404, 405


def everyone(expected):
    return dict.fromkeys(ROLES, expected)


def signed_in(expected):
    return {"anonymous": SIGN_IN, **dict.fromkeys(SIGNED_IN, expected)}


def only(*roles, allowed=OK, refused=FORBIDDEN):
    return {
        "anonymous": SIGN_IN,
        **{role: allowed if role in roles else refused for role in SIGNED_IN},
    }


class World:
    """The objects URLs point at, made on first use."""

    def __init__(self, get_fixture):
        self.get_fixture = get_fixture

    @cached_property
    def watford_plan(self):
        return factories.make_plan(self.get_fixture("watford"))

    @cached_property
    def reset_link(self):
        return {"uidb64": "MQ", "token": "set-password"}


def no_kwargs(world):
    return {}


def plan_history(world):
    return {"kind": "plan", "pk": world.watford_plan.pk}


def missing_plan_history(world):
    return {"kind": "plan", "pk": 999999}


def unknown_kind_history(world):
    return {"kind": "meeting-room", "pk": 1}


def reset_confirm(world):
    return world.reset_link


# (url name, kwargs builder, method, {role: expected})
PAGES = [
    # Public and role homes
    ("engagement:home", no_kwargs, "get", everyone(OK)),
    (
        "engagement:role_home",
        no_kwargs,
        "get",
        {**signed_in(REDIRECT), "site_admin": OK},  # an admin holds two homes and chooses
    ),
    (
        "engagement:district_home",
        no_kwargs,
        "get",
        only("chief_inspector", "other_chief_inspector"),
    ),
    (
        "engagement:representative_home",
        no_kwargs,
        "get",
        only("representative", "other_representative"),
    ),
    ("engagement:secretariat_home", no_kwargs, "get", only("secretariat", "site_admin")),
    ("engagement:commissioner_home", no_kwargs, "get", only("commissioner", "site_admin")),
    # Accounts, two-factor sign-in, personal data
    ("engagement:privacy", no_kwargs, "get", everyone(OK)),
    ("engagement:account", no_kwargs, "get", signed_in(OK)),
    ("engagement:mfa_setup", no_kwargs, "get", signed_in(OK)),
    ("engagement:mfa_setup", no_kwargs, "post", signed_in(OK)),  # no code: the form says so
    ("engagement:mfa_verify", no_kwargs, "get", signed_in(REDIRECT)),  # no app yet: set up
    ("engagement:mfa_recover", no_kwargs, "get", signed_in(OK)),
    ("engagement:mfa_recover", no_kwargs, "post", signed_in(OK)),
    ("engagement:mfa_recovery_codes", no_kwargs, "get", signed_in(OK)),
    ("engagement:mfa_recovery_codes", no_kwargs, "post", signed_in(REDIRECT)),  # unverified
    ("engagement:personal_data_download", no_kwargs, "get", signed_in(OK)),
    ("engagement:account_erase", no_kwargs, "get", signed_in(OK)),
    ("engagement:account_erase", no_kwargs, "post", signed_in(OK)),  # no password: refused
    # Change history
    ("engagement:history_list", no_kwargs, "get", only("commissioner", "site_admin")),
    ("engagement:object_history", plan_history, "get", only("commissioner", "site_admin")),
    (
        "engagement:object_history",
        missing_plan_history,
        "get",
        only("commissioner", "site_admin", allowed=NOT_FOUND),
    ),
    (
        "engagement:object_history",
        unknown_kind_history,
        "get",
        only("commissioner", "site_admin", allowed=NOT_FOUND),
    ),
    # Django's sign-in pages
    ("login", no_kwargs, "get", everyone(OK)),
    ("logout", no_kwargs, "get", signed_in(NOT_ALLOWED)),
    ("logout", no_kwargs, "post", signed_in(REDIRECT)),
    ("password_change", no_kwargs, "get", signed_in(OK)),
    ("password_change_done", no_kwargs, "get", signed_in(OK)),
    ("password_reset", no_kwargs, "get", everyone(OK)),
    ("password_reset_done", no_kwargs, "get", everyone(OK)),
    ("password_reset_confirm", reset_confirm, "get", everyone(OK)),  # "link no longer works"
    ("password_reset_complete", no_kwargs, "get", everyone(OK)),
    # The admin site (its own pages are Django's; only the door is tested here)
    (
        "admin:index",
        no_kwargs,
        "get",
        {**dict.fromkeys(ROLES, REDIRECT), "site_admin": OK},
    ),
]

TABLE = [
    (role, url_name, kwargs, method, expected[role])
    for url_name, kwargs, method, expected in PAGES
    for role in ROLES
]


def row_id(row):
    role, url_name, kwargs, method, _expected = row
    return f"{url_name}-{kwargs.__name__}-{method}-{role}"


@pytest.fixture
def world(request):
    return World(request.getfixturevalue)


def check(response, expected):
    sign_in = reverse("login")
    if expected == SIGN_IN:
        assert response.status_code == 302
        assert response.url.startswith(sign_in)
    elif expected == REDIRECT:
        assert response.status_code == 302
        assert not response.url.startswith(sign_in)
    else:
        assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "url_name", "kwargs", "method", "expected"), TABLE, ids=map(row_id, TABLE)
)
def test_permission_matrix(client, user_for_role, world, role, url_name, kwargs, method, expected):
    user = user_for_role(role)
    if user is not None:
        client.force_login(user)
    url = reverse(url_name, kwargs=kwargs(world))
    response = getattr(client, method)(url)
    check(response, expected)


def named_urls(resolver=None, namespace=""):
    """Every named URL pattern of the site, as 'namespace:name'; the admin's own are skipped."""
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            if inner == "admin":
                continue
            prefix = f"{namespace}{inner}:" if inner else namespace
            names |= named_urls(pattern, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_rows():
    covered = {url_name for url_name, *_ in PAGES}
    missing = named_urls() - covered
    assert not missing, f"add rows to tests/test_permissions.py for: {sorted(missing)}"


def test_every_row_names_every_role():
    for url_name, _kwargs, _method, expected in PAGES:
        assert set(expected) == set(ROLES), url_name
