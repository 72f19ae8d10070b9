"""Public pages are replayed to anonymous readers until a record changes, and never after.

The rest of the suite runs with the page cache off (tests/conftest.py); here it is on, and
a commit is made real either with `django_capture_on_commit_callbacks(execute=True)` or,
once, with a test that truly commits.
"""

import re

import pytest
from django.db import connection, transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagement import page_cache
from engagement.models import ContentRevision, District, Question
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

NONCE_ATTR = re.compile(r'nonce="([^"]+)"')


def home(client, **headers):
    return client.get(reverse("engagement:home"), headers=headers)


def published_outcome(district="watford"):
    meeting = factories.make_past_meeting()
    item = factories.make_plan_item(meeting=meeting, district=factories.get_district(district))
    return factories.make_outcome(agenda_item=item, published=True)


def test_a_second_anonymous_visit_is_replayed_without_rendering(client):
    first = home(client)
    with CaptureQueriesContext(connection) as queries:
        second = home(client)
    assert second.content == first.content.replace(
        NONCE_ATTR.search(first.content.decode())[1].encode(),
        NONCE_ATTR.search(second.content.decode())[1].encode(),
    )
    # Only the content revision is read.
    assert len(queries.captured_queries) == 1
    assert "contentrevision" in queries.captured_queries[0]["sql"]


def test_within_the_revision_interval_a_replay_needs_no_query(client, settings):
    settings.PAGE_CACHE_REVISION_SECONDS = 60
    home(client)
    with CaptureQueriesContext(connection) as queries:
        assert home(client).status_code == 200
    assert len(queries.captured_queries) == 0


def test_every_replay_has_a_fresh_nonce_that_matches_its_policy(client):
    nonces = []
    for _ in range(3):
        response = home(client)
        in_page = set(NONCE_ATTR.findall(response.content.decode()))
        assert len(in_page) == 1, "every script carries the one nonce of this response"
        nonce = in_page.pop()
        assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]
        nonces.append(nonce)
    assert len(set(nonces)) == 3


def test_a_committed_change_shows_on_the_next_visit(client, django_capture_on_commit_callbacks):
    assert b"No outcomes have been published yet." in home(client).content
    with django_capture_on_commit_callbacks(execute=True):
        published_outcome()
    page = home(client).content.decode()
    assert "No outcomes have been published yet." not in page
    assert "Watford" in page


def test_a_change_that_was_rolled_back_keeps_the_cached_page(client):
    home(client)
    before = page_cache.current_revision()
    with pytest.raises(RuntimeError), transaction.atomic():
        District.objects.filter(slug="watford").update(name="Renamed")
        raise RuntimeError("something failed after the write")
    assert not connection.run_on_commit, "nothing is left to bump the revision"
    assert page_cache.current_revision() == before


@pytest.mark.django_db(transaction=True)
def test_a_bulk_update_moves_the_revision_once_per_transaction():
    question = factories.make_question()
    before = page_cache.current_revision()
    with transaction.atomic():
        Question.objects.filter(pk=question.pk).update(vote_count=5)
        Question.objects.filter(pk=question.pk).update(vote_count=6)
        assert page_cache.current_revision() == before, "nothing moves before the commit"
    assert page_cache.current_revision() == before + 1


def test_raw_sql_moves_the_revision(django_capture_on_commit_callbacks):
    before = page_cache.current_revision()
    with django_capture_on_commit_callbacks(execute=True), connection.cursor() as cursor:
        cursor.execute("UPDATE engagement_district SET name = name WHERE slug = %s", ["watford"])
    assert page_cache.current_revision() == before + 1


def test_sessions_do_not_move_the_revision(
    client, representative, django_capture_on_commit_callbacks
):
    before = page_cache.current_revision()
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(representative)
        client.get(reverse("engagement:home"))
    assert page_cache.current_revision() == before


def test_a_signed_in_reader_never_gets_the_anonymous_page(client, representative):
    home(client)
    client.force_login(representative)
    page = home(client).content.decode()
    assert "Signed in as" in page
    assert "Sign out" in page


def test_a_signed_in_page_is_never_replayed_to_anonymous_readers(client, representative):
    client.force_login(representative)
    home(client)
    client.logout()
    assert "Signed in as" not in home(client).content.decode()


def test_a_reader_with_a_message_waiting_gets_a_fresh_page(client):
    home(client)
    assert not home(client).templates  # replayed
    client.cookies["messages"] = "anything"
    assert "engagement/home.html" in [t.name for t in home(client).templates]


def test_an_unchanged_page_answers_304_to_its_etag(client):
    etag = home(client).headers["ETag"]
    again = home(client, if_none_match=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert home(client, if_none_match='"something-else"').status_code == 200


def test_replays_vary_on_the_cookie(client):
    home(client)
    assert "Cookie" in home(client).headers["Vary"]


def test_with_the_cache_off_every_visit_renders(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    home(client)
    with CaptureQueriesContext(connection) as queries:
        home(client)
    assert len(queries.captured_queries) > 1
    assert "ETag" not in home(client).headers


@pytest.mark.django_db(transaction=True)
def test_a_real_commit_from_another_code_path_shows_at_once(client):
    """No capture here: the write commits as it would in a request or a command."""
    home(client)
    published_outcome(district="stevenage")
    assert "Stevenage" in home(client).content.decode()
    assert ContentRevision.objects.get(pk=1).number >= 1


def test_a_calendar_file_keeps_its_download_name_when_replayed(client):
    meeting = factories.make_meeting()
    url = reverse("engagement:meeting_ics", args=[meeting.pk])
    first, second = client.get(url), client.get(url)
    assert second.headers["Content-Disposition"] == first.headers["Content-Disposition"]
    assert second.headers["Content-Type"].startswith("text/calendar")
    assert second.content == first.content


def with_cookie(response):
    response.set_cookie("seen", "yes")
    return response


@pytest.mark.parametrize(
    "view",
    [
        pytest.param(lambda request: HttpResponse(get_token(request)), id="uses-a-csrf-token"),
        pytest.param(lambda request: HttpResponse(status=404), id="not-found"),
        pytest.param(lambda request: StreamingHttpResponse(iter([b"x"])), id="streamed"),
        pytest.param(lambda request: with_cookie(HttpResponse()), id="sets-a-cookie"),
    ],
)
def test_a_response_made_for_one_reader_is_not_kept(rf, view):
    calls = []

    def counted(request):
        calls.append(request)
        return view(request)

    cached = page_cache.public_page(counted)
    cached(rf.get("/somewhere/"))
    cached(rf.get("/somewhere/"))
    assert len(calls) == 2
