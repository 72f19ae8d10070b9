"""The public projector screen and its cheap, cacheable update request."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from engagement import services
from engagement.models import PanelMeeting, Question
from tests import factories

pytestmark = pytest.mark.django_db

Status = PanelMeeting.Status
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


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def screen_url(meeting):
    return reverse("engagement:meeting_screen", args=[meeting.pk])


def now_url(meeting):
    return reverse("engagement:meeting_screen_now", args=[meeting.pk])


@pytest.mark.parametrize("role", ROLES)
def test_screen_is_public_without_sign_in(client, user_for_role, role):
    user = user_for_role(role)
    if user:
        client.force_login(user)
    meeting = factories.make_live_meeting()
    response = client.get(screen_url(meeting))
    assert response.status_code == 200
    assert meeting.current_item.heading in response.text
    assert client.get(now_url(meeting)).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_scheduled_meeting_has_no_public_screen(client, user_for_role, role):
    user = user_for_role(role)
    if user:
        client.force_login(user)
    meeting = factories.make_meeting(status=Status.SCHEDULED)
    assert client.get(screen_url(meeting)).status_code == 404
    assert client.get(now_url(meeting)).status_code == 404


def test_screen_page_polls_without_inline_script_and_falls_back_without_js(client, settings):
    settings.SCREEN_POLL_INTERVAL_MS = 500
    meeting = factories.make_live_meeting()
    response = client.get(screen_url(meeting))
    html = response.text
    assert 'data-poll-interval="500"' in html
    assert f'data-poll-url="{now_url(meeting)}"' in html
    assert '<script src="/static/js/screen.js" nonce=' in html
    assert "<script>" not in html
    assert 'style="' not in html
    assert '<noscript><meta http-equiv="refresh" content="15"></noscript>' in html
    assert f'<a href="{screen_url(meeting)}">Refresh</a>' in html
    assert "script-src 'self' 'nonce-" in response["Content-Security-Policy"]


def test_screen_shows_the_question_being_taken(client, secretariat):
    meeting = factories.make_live_meeting()
    question = Question.objects.filter(agenda_item__meeting=meeting).first()
    services.take_question(question=question, by=secretariat)
    fragment = client.get(now_url(meeting)).text
    assert "Question being taken" in fragment
    assert question.text in fragment
    assert question.asker_label in fragment
    assert "<html" not in fragment


@pytest.mark.parametrize(
    ("status", "shows"),
    [(Status.OPEN_FOR_QUESTIONS, "has not started yet"), (Status.CLOSED, "has ended")],
)
def test_screen_outside_the_session(client, status, shows):
    meeting = factories.make_meeting(status=status)
    assert shows in client.get(now_url(meeting)).text


def test_update_carries_an_etag_and_allows_short_shared_caching(client):
    meeting = factories.make_live_meeting()
    response = client.get(now_url(meeting))
    assert response["ETag"].startswith(f'"{meeting.pk}-in_session-')
    assert response["Cache-Control"] == "public, max-age=2"
    assert not response.has_header("Vary")
    assert "sessionid" not in response.cookies


def test_unchanged_poll_is_304_without_touching_the_database(client, django_assert_num_queries):
    meeting = factories.make_live_meeting()
    etag = client.get(now_url(meeting))["ETag"]
    with django_assert_num_queries(0):
        response = client.get(now_url(meeting), headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""


def test_unchanged_poll_after_the_cache_expires_costs_one_query(client, django_assert_num_queries):
    meeting = factories.make_live_meeting()
    etag = client.get(now_url(meeting))["ETag"]
    cache.clear()
    with django_assert_num_queries(1):
        response = client.get(now_url(meeting), headers={"If-None-Match": etag})
    assert response.status_code == 304


def test_every_live_change_gives_a_new_etag_at_once(client, secretariat, watford, organisation):
    meeting = factories.make_live_meeting()
    first, second = Question.objects.filter(agenda_item__meeting=meeting)
    item = meeting.current_item
    changes = [
        lambda: services.take_question(question=first, by=secretariat),
        lambda: services.record_spoken_answer(question=first, summary="Yes.", by=secretariat),
        lambda: services.defer_question(question=second, by=secretariat),
        lambda: services.add_floor_question(
            item=item, text="Floor?", organisation=organisation, by=secretariat
        ),
        lambda: services.agree_action(
            item=item,
            district=watford,
            values={"title": "Act", "owner_name": "", "due_on": "2036-01-01"},
            by=secretariat,
        ),
        lambda: services.show_on_screen(meeting=meeting, item=item, by=secretariat),
    ]
    etag = client.get(now_url(meeting))["ETag"]
    for change in changes:
        change()
        response = client.get(now_url(meeting), headers={"If-None-Match": etag})
        assert response.status_code == 200
        assert response["ETag"] != etag
        etag = response["ETag"]


@pytest.mark.parametrize("count", [3, 30])
def test_update_query_count_does_not_grow_with_questions(
    client, secretariat, django_assert_num_queries, count
):
    meeting = factories.make_live_meeting(questions=count)
    question = Question.objects.filter(agenda_item__meeting=meeting).last()
    services.take_question(question=question, by=secretariat)
    cache.clear()
    with django_assert_num_queries(2):  # the ETag, then the meeting with what it shows
        response = client.get(now_url(meeting))
    assert question.text in response.text
    with django_assert_num_queries(1):
        client.get(screen_url(meeting))


def test_viewers_fetching_the_same_moment_share_one_rendering(
    client, secretariat, django_assert_num_queries
):
    meeting = factories.make_live_meeting()
    first, second = Question.objects.filter(agenda_item__meeting=meeting)
    services.take_question(question=first, by=secretariat)
    joined = client.get(now_url(meeting))
    assert first.text in joined.text
    with django_assert_num_queries(0):
        also_joined = client.get(now_url(meeting))
    assert (also_joined.content, also_joined["ETag"]) == (joined.content, joined["ETag"])
    services.defer_question(question=first, by=secretariat)
    services.take_question(question=second, by=secretariat)
    after = client.get(now_url(meeting))
    assert second.text in after.text and first.text not in after.text
    assert after["ETag"] != joined["ETag"]
