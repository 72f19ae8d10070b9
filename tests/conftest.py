import pytest
from django.core.cache import caches

from engagement.models import Sector
from engagement.reference_data import add_reference_data
from tests import factories


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Fast, local, self-contained settings for every test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.MEDIA_ROOT = tmp_path / "uploads"
    # Two-factor sign-in is tested in tests/test_mfa.py, which turns it back on.
    settings.MFA_ENFORCED = False
    # Tests run inside transactions that never commit, so the content revision cannot move:
    # the caches keyed on it are tested on their own, with page_cache_on.
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def page_cache_on(settings):
    """The page, figures and person caches on, empty, and reading the revision on every
    request. Emptied again after: the revision never moves in a test that rolls back."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_REVISION_SECONDS = 0
    for name in ("pages", "default"):
        caches[name].clear()
    yield
    for name in ("pages", "default"):
        caches[name].clear()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests (browser journeys, real commits) empty every table, the migrated
    districts and sectors included: put them back for whichever test runs next."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    transactional = marker.kwargs.get("transaction", False)
    request.getfixturevalue("transactional_db" if transactional else "db")
    if not Sector.objects.exists():
        add_reference_data()


@pytest.fixture
def watford():
    return factories.get_district("watford")


@pytest.fixture
def stevenage():
    return factories.get_district("stevenage")


@pytest.fixture
def organisation():
    return factories.make_organisation(name="One Vision", sector="ethnic-minority")


@pytest.fixture
def other_organisation():
    return factories.make_organisation(name="Herts Pride", sector="lgbtq")


@pytest.fixture
def chief_inspector(watford):
    return factories.make_chief_inspector(watford, username="chief.watford")


@pytest.fixture
def other_chief_inspector(stevenage):
    return factories.make_chief_inspector(stevenage, username="chief.stevenage")


@pytest.fixture
def representative(organisation):
    return factories.make_representative(organisation, username="rep.onevision")


@pytest.fixture
def other_representative(other_organisation):
    return factories.make_representative(other_organisation, username="rep.hertspride")


@pytest.fixture
def secretariat():
    return factories.make_secretariat(username="secretariat")


@pytest.fixture
def commissioner():
    return factories.make_commissioner(username="commissioner")


@pytest.fixture
def site_admin():
    return factories.make_user(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def user_for_role(request):
    """Look a role fixture up by name, for tables of (role, expected result)."""

    def get(role):
        return None if role == "anonymous" else request.getfixturevalue(role)

    return get
