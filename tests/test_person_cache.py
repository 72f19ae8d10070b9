"""The signed-in person and their roles are read once per change, never after one.

With the page cache on (it is off in the rest of the suite), a signed-in request takes the
person's row and memberships from the cache until a committed write moves the content
revision. These tests truly commit, as a change made in another worker would.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagement.models import Membership

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("page_cache_on")]

PERSON_QUERY = 'FROM "auth_user" WHERE "auth_user"."id" ='
ROLES_QUERY = 'SELECT "engagement_membership"."role" AS "role"'


def person_and_role_reads(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    sql = [query["sql"] for query in queries.captured_queries]
    return response, sum(PERSON_QUERY in s or s.startswith(ROLES_QUERY) for s in sql)


def test_a_second_request_takes_the_person_and_roles_from_the_cache(client, chief_inspector):
    client.force_login(chief_inspector)
    url = reverse("engagement:district_home")
    first, first_reads = person_and_role_reads(client, url)
    second, second_reads = person_and_role_reads(client, url)
    assert first.status_code == second.status_code == 200
    assert first_reads == 2
    assert second_reads == 0
    assert "Watford" in second.content.decode()


def test_a_role_taken_away_is_refused_once_the_change_commits(client, chief_inspector):
    client.force_login(chief_inspector)
    url = reverse("engagement:district_home")
    assert client.get(url).status_code == 200
    Membership.objects.filter(user=chief_inspector).update(status=Membership.Status.ENDED)
    assert client.get(url).status_code == 403


def test_a_role_given_shows_once_the_change_commits(client, representative, watford):
    client.force_login(representative)
    url = reverse("engagement:district_home")
    assert client.get(url).status_code == 403
    Membership.objects.create(
        user=representative,
        role=Membership.Role.CHIEF_INSPECTOR,
        district=watford,
        status=Membership.Status.ACTIVE,
    )
    assert client.get(url).status_code == 200


def test_a_closed_account_is_signed_out_once_the_change_commits(client, representative):
    client.force_login(representative)
    url = reverse("engagement:representative_home")
    assert client.get(url).status_code == 200
    representative.is_active = False
    representative.save(update_fields=["is_active"])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_password_changed_elsewhere_signs_this_session_out(client, representative):
    client.force_login(representative)
    url = reverse("engagement:representative_home")
    assert client.get(url).status_code == 200
    representative.set_password("a new password for the account")
    representative.save(update_fields=["password"])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_with_the_page_cache_off_both_are_read_on_every_request(client, chief_inspector, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.force_login(chief_inspector)
    url = reverse("engagement:district_home")
    person_and_role_reads(client, url)
    assert person_and_role_reads(client, url)[1] == 2
