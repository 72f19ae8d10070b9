"""Secretariat pages during and after the meeting: live mode, minutes and the pack.

Who may reach each page is tested in test_views_secretariat.py.
"""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from engagement.models import PanelMeeting, Question
from tests import factories

pytestmark = pytest.mark.django_db

Status = PanelMeeting.Status


@pytest.fixture
def live_meeting():
    return factories.make_live_meeting()


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# Live mode ----------------------------------------------------------------------------------


def test_live_mode_runs_a_question_through(client, secretariat, live_meeting):
    client.force_login(secretariat)
    question = Question.objects.filter(agenda_item__meeting=live_meeting).latest("vote_count")
    live = reverse("engagement:meeting_live", args=[live_meeting.pk])
    page = client.get(live)
    assert page.text.index("Live question 2") < page.text.index("Live question 1")  # by votes
    response = client.post(reverse("engagement:live_take_question", args=[question.pk]))
    assert response.url.endswith(f"#question-{question.pk}")
    assert "(on screen)" in client.get(live).text
    client.post(
        reverse("engagement:live_answer_question", args=[question.pk]),
        {f"q{question.pk}-spoken_answer": "Surgeries from June."},
    )
    question.refresh_from_db()
    assert (question.live_state, question.spoken_answer) == ("answered", "Surgeries from June.")


def test_empty_spoken_answer_is_refused_and_nothing_saved(client, secretariat, live_meeting):
    client.force_login(secretariat)
    question = Question.objects.filter(agenda_item__meeting=live_meeting).first()
    client.post(reverse("engagement:live_take_question", args=[question.pk]))
    response = client.post(
        reverse("engagement:live_answer_question", args=[question.pk]),
        {f"q{question.pk}-spoken_answer": ""},
    )
    assert response.status_code == 200
    assert "This field is required." in response.text
    question.refresh_from_db()
    assert question.live_state == "asked"


def test_floor_question_and_action_from_the_live_page(client, secretariat, live_meeting, watford):
    client.force_login(secretariat)
    item = live_meeting.current_item
    client.post(
        reverse("engagement:live_floor_question", args=[item.pk]),
        {"floor-text": "What about e-scooters?", "floor-organisation": ""},
    )
    floor = Question.objects.get(text="What about e-scooters?")
    assert (floor.source, floor.asked_by, floor.status) == ("floor", None, "accepted")
    client.post(
        reverse("engagement:live_agree_action", args=[item.pk]),
        {
            "action-title": "Map e-scooter hot spots",
            "action-district": watford.pk,
            "action-due_on": "2036-09-01",
        },
    )
    assert item.actions.get().title == "Map e-scooter hot spots"


def test_bad_floor_question_and_action_are_kept(client, secretariat, live_meeting):
    client.force_login(secretariat)
    item = live_meeting.current_item
    response = client.post(
        reverse("engagement:live_floor_question", args=[item.pk]),
        {"floor-text": "x" * 1001},
    )
    assert "Ensure this value has at most 1000 characters" in response.text
    response = client.post(
        reverse("engagement:live_agree_action", args=[item.pk]),
        {"action-title": "Map hot spots", "action-due_on": "next week"},
    )
    assert "Enter a valid date." in response.text
    assert 'value="Map hot spots"' in response.text
    assert not item.actions.exists()
    assert item.questions.count() == 2


def test_live_controls_refused_outside_the_session(client, secretariat):
    meeting = factories.make_live_meeting()
    PanelMeeting.objects.filter(pk=meeting.pk).update(status=Status.CLOSED)
    question = Question.objects.filter(agenda_item__meeting=meeting).first()
    client.force_login(secretariat)
    page = client.get(reverse("engagement:meeting_live", args=[meeting.pk]))
    assert "Live controls only work while the meeting is in session" in page.text
    assert "Take this question" not in page.text
    response = client.post(reverse("engagement:live_take_question", args=[question.pk]))
    assert messages_of(response) == ["Live controls only work while the meeting is in session."]
    question.refresh_from_db()
    assert question.live_state == "waiting"


# Minutes ------------------------------------------------------------------------------------


def test_minutes_are_edited_approved_and_published(client, secretariat):
    meeting = factories.make_meeting(status=Status.CLOSED, minutes="Draft minutes.")
    client.force_login(secretariat)
    url = reverse("engagement:meeting_minutes", args=[meeting.pk])
    publish = reverse("engagement:minutes_publish", args=[meeting.pk])
    response = client.post(publish)
    assert messages_of(response) == [
        "The minutes have not been approved: approve them before publishing."
    ]
    client.post(url, {"minutes": "Edited minutes.", "revision": "1"})
    client.post(reverse("engagement:minutes_approve", args=[meeting.pk]))
    response = client.post(publish)
    assert messages_of(response)[-1] == "Minutes published on the public meeting page."
    meeting.refresh_from_db()
    assert (meeting.status, meeting.minutes) == (Status.MINUTES_PUBLISHED, "Edited minutes.")


def test_stale_minutes_edit_keeps_both_texts(client, secretariat):
    meeting = factories.make_meeting(status=Status.CLOSED, minutes="Draft minutes.")
    PanelMeeting.objects.filter(pk=meeting.pk).update(minutes="Their edit.", revision=2)
    client.force_login(secretariat)
    url = reverse("engagement:meeting_minutes", args=[meeting.pk])
    response = client.post(url, {"minutes": "My edit.", "revision": "1"})
    assert "Someone else changed this" in response.text
    assert "Their edit." in response.text
    assert "My edit.</textarea>" in response.text
    meeting.refresh_from_db()
    assert meeting.minutes == "Their edit."


def test_empty_minutes_are_refused(client, secretariat):
    meeting = factories.make_meeting(status=Status.CLOSED, minutes="Draft minutes.")
    client.force_login(secretariat)
    url = reverse("engagement:meeting_minutes", args=[meeting.pk])
    response = client.post(url, {"minutes": "", "revision": "1"})
    assert "This field is required." in response.text
    meeting.refresh_from_db()
    assert meeting.minutes == "Draft minutes."


def test_meeting_pack_prints_each_item_on_its_own_page(client, secretariat):
    meeting = factories.make_live_meeting()
    client.force_login(secretariat)
    page = client.get(reverse("engagement:meeting_pack", args=[meeting.pk]))
    assert 'href="/static/css/print.css" media="print"' in page.text
    assert page.text.count('class="pack-item"') == 1
    assert "Priorities for v1." in page.text or "for v1." in page.text
    assert "Live question 2" in page.text
    assert "1 vote" in page.text


def test_commissioner_reads_the_pack_without_secretariat_links(client, commissioner):
    meeting = factories.make_live_meeting()
    client.force_login(commissioner)
    page = client.get(reverse("engagement:meeting_pack", args=[meeting.pk]))
    assert "Live question 1" in page.text
    assert reverse("engagement:meeting_manage", args=[meeting.pk]) not in page.text
