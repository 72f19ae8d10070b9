"""Secretariat pages: who may reach them, and what each form does with good and bad input."""

from datetime import UTC, datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from engagement.models import Attendance, PanelMeeting, Question
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
OFFICERS = {"secretariat", "site_admin"}
# (url name, which object its argument is)
PAGES = [
    ("secretariat_home", None),
    ("meeting_create", None),
    ("meeting_manage", "meeting"),
    ("meeting_edit", "meeting"),
    ("meeting_agenda", "meeting"),
    ("agenda_item_edit", "item"),
    ("meeting_invitations", "meeting"),
    ("meeting_attendance", "meeting"),
    ("meeting_live", "meeting"),
    ("meeting_minutes", "meeting"),
    ("meeting_pack", "meeting"),
]
ACTIONS = [
    ("meeting_status", "meeting"),
    ("agenda_item_move", "item"),
    ("agenda_item_remove", "item"),
    ("live_show_item", "item"),
    ("live_floor_question", "item"),
    ("live_agree_action", "item"),
    ("live_take_question", "question"),
    ("live_answer_question", "question"),
    ("live_defer_question", "question"),
    ("minutes_draft", "meeting"),
    ("minutes_approve", "meeting"),
    ("minutes_publish", "meeting"),
]


@pytest.fixture
def live_meeting():
    return factories.make_live_meeting()


def url_for(name, target, meeting):
    objects = {
        "meeting": meeting,
        "item": meeting.current_item,
        "question": Question.objects.filter(agenda_item__meeting=meeting).first(),
    }
    return reverse(f"engagement:{name}", args=[objects[target].pk] if target else [])


def sign_in(client, user_for_role, role):
    user = user_for_role(role)
    if user:
        client.force_login(user)
    return user


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(("name", "target"), PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_pages_only_for_the_secretariat(client, user_for_role, live_meeting, role, name, target):
    sign_in(client, user_for_role, role)
    url = url_for(name, target, live_meeting)
    response = client.get(url)
    if role == "anonymous":
        assert response.status_code == 302
        assert response.url == f"{reverse('login')}?next={url}"
    elif role in OFFICERS or (name == "meeting_pack" and role == "commissioner"):
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(("name", "target"), ACTIONS)
@pytest.mark.parametrize("role", [r for r in ROLES if r not in OFFICERS])
def test_actions_refused_to_everyone_else(client, user_for_role, live_meeting, role, name, target):
    sign_in(client, user_for_role, role)
    before = PanelMeeting.objects.values().get(pk=live_meeting.pk)
    response = client.post(url_for(name, target, live_meeting), {"to": "closed"})
    assert response.status_code == (302 if role == "anonymous" else 403)
    assert PanelMeeting.objects.values().get(pk=live_meeting.pk) == before
    assert not Question.objects.filter(live_state="asked").exists()


@pytest.mark.parametrize(("name", "target"), PAGES[2:] + ACTIONS)
def test_a_meeting_that_does_not_exist_is_404(client, secretariat, name, target):
    client.force_login(secretariat)
    response = client.post(reverse(f"engagement:{name}", args=[99999]))
    if name in {n for n, _ in PAGES}:
        response = client.get(reverse(f"engagement:{name}", args=[99999]))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "target"), ACTIONS)
def test_actions_refuse_get(client, secretariat, live_meeting, name, target):
    client.force_login(secretariat)
    assert client.get(url_for(name, target, live_meeting)).status_code == 405


# Scheduling, in UK time ---------------------------------------------------------------------


def meeting_data(**overrides):
    data = {
        "title": "Summer panel",
        "starts_at": "2036-07-15T18:30",
        "ends_at": "2036-07-15T20:30",
        "venue": "Police Headquarters, Welwyn Garden City",
        "chair": "Chief Constable",
        "question_deadline": "2036-07-08T17:00",
        "max_questions_per_person": "2",
        "max_questions_per_organisation": "",
    }
    return {**data, **overrides}


@pytest.mark.parametrize(
    ("typed", "stored_utc"),
    [
        ("2036-07-15T18:30", datetime(2036, 7, 15, 17, 30, tzinfo=UTC)),  # BST, UTC+1
        ("2036-01-15T18:30", datetime(2036, 1, 15, 18, 30, tzinfo=UTC)),  # GMT
    ],
)
def test_times_are_typed_in_uk_time_and_stored_in_utc(client, secretariat, typed, stored_utc):
    client.force_login(secretariat)
    data = meeting_data(starts_at=typed, ends_at="", question_deadline="2035-12-01T09:00")
    response = client.post(reverse("engagement:meeting_create"), data)
    meeting = PanelMeeting.objects.get()
    assert response.url == reverse("engagement:meeting_agenda", args=[meeting.pk])
    assert meeting.starts_at == stored_utc
    assert meeting.status == Status.SCHEDULED
    page = client.get(reverse("engagement:meeting_manage", args=[meeting.pk]))
    assert "18:30 (UK time)" in page.text
    edit = client.get(reverse("engagement:meeting_edit", args=[meeting.pk]))
    assert f'value="{typed}"' in edit.text


def test_bad_meeting_input_is_explained_and_kept(client, secretariat):
    client.force_login(secretariat)
    data = meeting_data(question_deadline="2036-07-16T09:00", ends_at="2036-07-15T17:00")
    response = client.post(reverse("engagement:meeting_create"), data)
    assert response.status_code == 200
    assert "The question deadline must be before the start." in response.text
    assert "The meeting must end after it starts." in response.text
    assert 'id="error-summary"' in response.text
    assert 'value="Summer panel"' in response.text
    assert not PanelMeeting.objects.exists()


def test_stale_meeting_edit_shows_both_versions(client, secretariat):
    meeting = factories.make_meeting(venue="Town hall")
    client.force_login(secretariat)
    url = reverse("engagement:meeting_edit", args=[meeting.pk])
    PanelMeeting.objects.filter(pk=meeting.pk).update(venue="Library", revision=2)
    data = meeting_data(venue="Community centre", revision="1")
    response = client.post(url, data)
    assert "Someone else changed this" in response.text
    assert "Library" in response.text
    assert 'value="Community centre"' in response.text
    meeting.refresh_from_db()
    assert meeting.venue == "Library"
    assert client.post(url, {**data, "revision": "2"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.venue == "Community centre"


def test_status_button_explains_a_refusal(client, secretariat):
    meeting = factories.make_meeting(status=Status.SCHEDULED)
    client.force_login(secretariat)
    url = reverse("engagement:meeting_status", args=[meeting.pk])
    response = client.post(url, {"to": Status.OPEN_FOR_QUESTIONS}, follow=True)
    assert "Add at least one item to the agenda before opening" in response.text
    meeting.refresh_from_db()
    assert meeting.status == Status.SCHEDULED


def test_status_button_moves_the_meeting_on(client, secretariat):
    meeting = factories.make_meeting(status=Status.SCHEDULED)
    factories.make_agenda_item(meeting)
    client.force_login(secretariat)
    page = client.get(reverse("engagement:meeting_manage", args=[meeting.pk]))
    assert "Open for questions</button>" in page.text
    url = reverse("engagement:meeting_status", args=[meeting.pk])
    response = client.post(url, {"to": Status.OPEN_FOR_QUESTIONS})
    assert messages_of(response) == ["The meeting is now “Open for questions”."]
    meeting.refresh_from_db()
    assert meeting.status == Status.OPEN_FOR_QUESTIONS


# Agenda -------------------------------------------------------------------------------------


def test_add_a_plan_and_a_general_item(client, secretariat, watford):
    meeting = factories.make_meeting(status=Status.SCHEDULED)
    plan = factories.make_plan(watford)
    client.force_login(secretariat)
    url = reverse("engagement:meeting_agenda", args=[meeting.pk])
    client.post(
        url, {"kind": "plan", "plan": plan.pk, "presenter": "Ch Insp Marsh", "minutes_allowed": 20}
    )
    client.post(url, {"kind": "general", "title": "Any other business", "minutes_allowed": 10})
    items = list(meeting.agenda_items.order_by("order"))
    assert [(i.plan, i.heading, i.order) for i in items] == [
        (plan, "Watford engagement plan", 1),
        (None, "Any other business", 2),
    ]
    page = client.get(url)
    assert page.text.index("Watford engagement plan") < page.text.index("Any other business")
    assert f'<option value="{plan.pk}"' not in page.text  # a plan goes on once


def test_bad_agenda_item_is_explained_and_kept(client, secretariat):
    meeting = factories.make_meeting(status=Status.SCHEDULED)
    client.force_login(secretariat)
    url = reverse("engagement:meeting_agenda", args=[meeting.pk])
    response = client.post(
        url, {"kind": "general", "title": "", "presenter": "Rachel", "minutes_allowed": 10}
    )
    assert "Give the general item a title." in response.text
    assert 'value="Rachel"' in response.text
    response = client.post(url, {"kind": "plan", "minutes_allowed": 10})
    assert "Choose the district plan this item is for." in response.text
    assert not meeting.agenda_items.exists()


def test_move_buttons_reorder_the_agenda(client, secretariat):
    meeting = factories.make_meeting(status=Status.SCHEDULED)
    first = factories.make_agenda_item(meeting, kind="general", title="First")
    factories.make_agenda_item(meeting, kind="general", title="Second")
    client.force_login(secretariat)
    response = client.post(
        reverse("engagement:agenda_item_move", args=[first.pk]), {"direction": "down"}
    )
    assert response.url.endswith(f"#item-{first.pk}")
    titles = list(meeting.agenda_items.order_by("order").values_list("title", flat=True))
    assert titles == ["Second", "First"]


def test_agenda_shows_actions_carried_from_earlier_meetings(client, secretariat, watford):
    earlier = factories.make_agenda_item(
        factories.make_meeting(status=Status.CLOSED, days_ahead=-90)
    )
    factories.make_action(watford, agenda_item=earlier, title="Ward surgeries in Holywell")
    meeting = factories.make_meeting()
    factories.make_agenda_item(meeting, plan=factories.make_plan(watford))
    client.force_login(secretariat)
    page = client.get(reverse("engagement:meeting_agenda", args=[meeting.pk]))
    assert "Ward surgeries in Holywell" in page.text


def agenda_with_questions(count):
    meeting = factories.make_meeting(status=Status.OPEN_FOR_QUESTIONS)
    organisation = factories.make_organisation()
    asker = factories.make_representative(organisation)
    for _ in range(3):
        item = factories.make_agenda_item(meeting)
        factories.make_action(
            item.plan.district,
            agenda_item=factories.make_agenda_item(
                factories.make_meeting(status=Status.CLOSED, days_ahead=-90 - count)
            ),
        )
    for number in range(count):
        factories.make_question(item, asked_by=asker, status="accepted", vote_count=number)
    return meeting


# Queries per page: the same with 3 questions on an item as with 30.
QUERY_BUDGETS = {"meeting_agenda": 6, "meeting_live": 9, "meeting_pack": 7}
SHOWS = {"meeting_agenda": "{n} questions", "meeting_live": "vote", "meeting_pack": "vote"}


@pytest.mark.parametrize("name", QUERY_BUDGETS)
@pytest.mark.parametrize("count", [3, 30])
def test_query_count_does_not_grow_with_questions(
    client, secretariat, django_assert_num_queries, name, count
):
    meeting = agenda_with_questions(count)
    PanelMeeting.objects.filter(pk=meeting.pk).update(status=Status.IN_SESSION)
    last_item = meeting.agenda_items.order_by("order").last()
    url = reverse(f"engagement:{name}", args=[meeting.pk]) + f"?item={last_item.pk}"
    client.force_login(secretariat)
    with django_assert_num_queries(QUERY_BUDGETS[name]):
        response = client.get(url)
    assert response.text.count(SHOWS[name].format(n=count)) >= (
        1 if name == "meeting_agenda" else count
    )


# Invitations and attendance -----------------------------------------------------------------


def test_invite_organisations_and_record_apologies(
    client, secretariat, organisation, representative
):
    meeting = factories.make_meeting()
    client.force_login(secretariat)
    url = reverse("engagement:meeting_invitations", args=[meeting.pk])
    client.post(url, {"invite": "1", "organisations": [organisation.pk]})
    assert list(meeting.invited_organisations.all()) == [organisation]
    client.post(
        url,
        {
            "add_person": "1",
            "person-name": "Cllr Jo Bloggs",
            "person-capacity": "Observer",
            "person-status": "apologies",
        },
    )
    page = client.get(url)
    assert "Cllr Jo Bloggs" in page.text
    assert set(meeting.attendance.values_list("name", "status")) == {
        (representative.get_full_name(), "invited"),
        ("Cllr Jo Bloggs", "apologies"),
    }


def test_bad_attendee_is_explained_and_kept(client, secretariat):
    meeting = factories.make_meeting()
    client.force_login(secretariat)
    url = reverse("engagement:meeting_invitations", args=[meeting.pk])
    data = {
        "add_person": "1",
        "person-name": "",
        "person-capacity": "Guest",
        "person-status": "present",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert 'value="Guest"' in response.text
    assert not meeting.attendance.exists()


def test_attendance_register_is_ticked_and_saved(client, secretariat):
    meeting = factories.make_live_meeting()
    ann = factories.make_attendee(meeting, name="Ann Smith")
    bob = factories.make_attendee(meeting, name="Bob Jones", status="present")
    client.force_login(secretariat)
    url = reverse("engagement:meeting_attendance", args=[meeting.pk])
    page = client.get(url)
    assert page.text.count('class="btn-check"') == 8
    assert f'id="id_person_{bob.pk}_0" value="present" checked' in page.text
    response = client.post(url, {f"person_{ann.pk}": "present", f"person_{bob.pk}": "absent"})
    assert messages_of(response) == ["Register saved: 1 present."]
    assert dict(meeting.attendance.values_list("name", "status")) == {
        "Ann Smith": "present",
        "Bob Jones": "absent",
    }


def test_bad_register_keeps_what_was_ticked(client, secretariat):
    meeting = factories.make_live_meeting()
    ann = factories.make_attendee(meeting, name="Ann Smith")
    bob = factories.make_attendee(meeting, name="Bob Jones")
    client.force_login(secretariat)
    url = reverse("engagement:meeting_attendance", args=[meeting.pk])
    response = client.post(url, {f"person_{ann.pk}": "present", f"person_{bob.pk}": "dancing"})
    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    assert f'id="id_person_{ann.pk}_0" value="present" checked' in response.text
    assert set(meeting.attendance.values_list("status", flat=True)) == {Attendance.Status.INVITED}


@pytest.mark.parametrize("count", [3, 30])
def test_list_pages_query_count_does_not_grow(
    client, secretariat, django_assert_num_queries, count
):
    for _ in range(count):
        meeting = factories.make_meeting()
        factories.make_attendee(meeting, organisation=factories.make_organisation())
        factories.make_agenda_item(meeting, kind="general", title="Welcome")
    for _ in range(count - 1):
        factories.make_attendee(meeting, organisation=factories.make_organisation())
    client.force_login(secretariat)
    pages = {
        reverse("engagement:secretariat_home"): 5,
        reverse("engagement:meeting_attendance", args=[meeting.pk]): 5,
        reverse("engagement:meeting_invitations", args=[meeting.pk]): 8,
        reverse("engagement:meeting_manage", args=[meeting.pk]): 6,
    }
    for url, budget in pages.items():
        with django_assert_num_queries(budget):
            assert client.get(url).status_code == 200
