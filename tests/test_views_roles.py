"""Home pages: the public home, and the home of each role."""

import pytest
from django.urls import reverse

from engagement.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db

ROLE_HOMES = [
    ("district_home", "chief_inspector"),
    ("representative_home", "representative"),
    ("secretariat_home", "secretariat"),
    ("commissioner_home", "commissioner"),
]
ROLES = [
    "chief_inspector",
    "representative",
    "secretariat",
    "commissioner",
    "site_admin",
]


def test_public_home_shows_the_next_meeting_and_published_outcomes(client):
    meeting = factories.make_meeting(title="Spring panel")
    item = factories.make_agenda_item(meeting)
    factories.make_outcome(item, published=True)
    factories.make_outcome(factories.make_agenda_item(meeting), published=False)
    response = client.get(reverse("engagement:home"))
    assert response.status_code == 200
    assert "Spring panel" in response.text
    assert response.text.count(", published ") == 1


def test_public_home_query_count_does_not_grow(client, django_assert_num_queries):
    meeting = factories.make_meeting()
    for _ in range(3):
        factories.make_outcome(factories.make_agenda_item(meeting), published=True)
    with django_assert_num_queries(3):
        client.get(reverse("engagement:home"))
    for _ in range(7):
        factories.make_outcome(factories.make_agenda_item(meeting), published=True)
    with django_assert_num_queries(3):
        client.get(reverse("engagement:home"))


@pytest.mark.parametrize(("url_name", "owner"), ROLE_HOMES)
@pytest.mark.parametrize("role", ROLES)
def test_role_home_is_reached_only_by_its_role(client, user_for_role, url_name, owner, role):
    client.force_login(user_for_role(role))
    response = client.get(reverse(f"engagement:{url_name}"))
    admin_may = role == "site_admin" and url_name in {"secretariat_home", "commissioner_home"}
    assert response.status_code == (200 if role == owner or admin_may else 403)


@pytest.mark.parametrize(("url_name", "_owner"), ROLE_HOMES)
def test_anonymous_visitor_is_sent_to_sign_in(client, url_name, _owner):
    url = reverse(f"engagement:{url_name}")
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(("role", "url_name"), [(owner, name) for name, owner in ROLE_HOMES])
def test_signing_in_lands_on_the_role_home(client, user_for_role, role, url_name):
    client.force_login(user_for_role(role))
    response = client.get(reverse("engagement:role_home"))
    assert response.status_code == 302
    assert response.url == reverse(f"engagement:{url_name}")


def test_person_with_two_roles_chooses_where_to_go(client, chief_inspector):
    Membership.objects.create(user=chief_inspector, role="secretariat")
    client.force_login(chief_inspector)
    response = client.get(reverse("engagement:role_home"))
    assert response.status_code == 200
    assert reverse("engagement:district_home") in response.text
    assert reverse("engagement:secretariat_home") in response.text


def test_person_without_a_role_is_told_so(client):
    client.force_login(factories.make_user())
    response = client.get(reverse("engagement:role_home"))
    assert "no panel role yet" in response.text


def test_navigation_shows_each_role_its_pages(client, representative):
    client.force_login(representative)
    page = client.get(reverse("engagement:home")).text
    assert reverse("engagement:representative_home") in page
    assert reverse("engagement:secretariat_home") not in page


def test_sign_in_with_a_wrong_password_says_so_and_keeps_the_username(client, representative):
    response = client.post(
        reverse("login"), {"username": representative.username, "password": "wrong"}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert f'value="{representative.username}"' in response.text


def test_password_reset_sends_a_link_that_expires_within_an_hour(client, settings, mailoutbox):
    user = factories.make_user(email="person@example.org")
    response = client.post(reverse("password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/reset/" in mailoutbox[0].body
    assert settings.PASSWORD_RESET_TIMEOUT <= 3600
