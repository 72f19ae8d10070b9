"""Meeting workflows: status guards, agenda, attendance, live mode and minutes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from engagement import services
from engagement.models import (
    Action,
    AgendaItem,
    Attendance,
    ChangeRecord,
    PanelMeeting,
    Question,
)
from tests import factories

pytestmark = pytest.mark.django_db

Status = PanelMeeting.Status


def actions_recorded(subject):
    return list(ChangeRecord.objects.for_object(subject).values_list("action", flat=True))


def move(meeting, to, by):
    return services.move_meeting_status(meeting=meeting, to=to, by=by)


# Scheduling and status ----------------------------------------------------------------------


def test_create_meeting_records_who_scheduled_it(secretariat):
    starts = timezone.now() + timedelta(days=30)
    values = {
        "title": "Summer panel",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "venue": "Police Headquarters",
        "chair": "Chief Constable",
        "question_deadline": starts - timedelta(days=7),
        "max_questions_per_person": 2,
        "max_questions_per_organisation": None,
    }
    meeting = services.create_meeting(values=values, criteria=[], by=secretariat)
    assert meeting.status == Status.SCHEDULED
    record = ChangeRecord.objects.for_object(meeting).get()
    assert (record.action, record.actor) == ("meeting.scheduled", secretariat)


def test_meeting_moves_through_every_step_in_order(secretariat):
    meeting = factories.make_meeting(status=Status.SCHEDULED)
    factories.make_agenda_item(meeting)
    for step in (Status.OPEN_FOR_QUESTIONS, Status.IN_SESSION, Status.CLOSED):
        meeting = move(meeting, step, secretariat)
        assert meeting.status == step
    meeting = services.approve_minutes(meeting=meeting, by=secretariat)
    meeting = services.publish_minutes(meeting=meeting, by=secretariat)
    assert meeting.status == Status.MINUTES_PUBLISHED
    assert meeting.minutes_published_at is not None
    assert actions_recorded(meeting)[:2] == ["meeting.minutes_published", "minutes.approved"]


def test_cannot_open_for_questions_without_an_agenda(secretariat):
    meeting = factories.make_meeting(status=Status.SCHEDULED)
    with pytest.raises(services.MeetingRefused, match="Add at least one item to the agenda"):
        move(meeting, Status.OPEN_FOR_QUESTIONS, secretariat)
    meeting.refresh_from_db()
    assert meeting.status == Status.SCHEDULED


def test_cannot_open_for_questions_after_the_deadline(secretariat):
    meeting = factories.make_meeting(
        status=Status.SCHEDULED, question_deadline=timezone.now() - timedelta(hours=1)
    )
    factories.make_agenda_item(meeting)
    with pytest.raises(services.MeetingRefused, match="question deadline has passed"):
        move(meeting, Status.OPEN_FOR_QUESTIONS, secretariat)


def test_cannot_skip_a_step(secretariat):
    meeting = factories.make_meeting(status=Status.SCHEDULED)
    factories.make_agenda_item(meeting)
    with pytest.raises(services.MeetingRefused, match="The next step is “Open for questions”"):
        move(meeting, Status.IN_SESSION, secretariat)


def test_cannot_go_backwards(secretariat):
    meeting = factories.make_meeting(status=Status.CLOSED)
    with pytest.raises(services.MeetingRefused, match="cannot move to “In session”"):
        move(meeting, Status.IN_SESSION, secretariat)


def test_unknown_status_is_refused(secretariat):
    meeting = factories.make_meeting(status=Status.SCHEDULED)
    with pytest.raises(services.MeetingRefused, match="cannot move to “cancelled”"):
        move(meeting, "cancelled", secretariat)


def test_cannot_start_a_meeting_with_no_agenda(secretariat):
    meeting = factories.make_meeting(status=Status.OPEN_FOR_QUESTIONS)
    with pytest.raises(services.MeetingRefused, match="no agenda items"):
        move(meeting, Status.IN_SESSION, secretariat)


def test_starting_the_meeting_puts_the_first_item_on_screen(secretariat):
    meeting = factories.make_meeting(status=Status.OPEN_FOR_QUESTIONS)
    first = factories.make_agenda_item(meeting, order=1)
    factories.make_agenda_item(meeting, order=2)
    meeting = move(meeting, Status.IN_SESSION, secretariat)
    assert meeting.current_item == first
    assert meeting.live_changed_at is not None


def test_cannot_close_while_a_question_is_being_asked(secretariat):
    meeting = factories.make_live_meeting()
    question = Question.objects.filter(agenda_item__meeting=meeting).first()
    services.take_question(question=question, by=secretariat)
    with pytest.raises(services.MeetingRefused, match=f"Question {question.pk} is still being"):
        move(meeting, Status.CLOSED, secretariat)


def test_closing_drafts_the_minutes_and_clears_the_screen(secretariat):
    meeting = factories.make_live_meeting()
    meeting = move(meeting, Status.CLOSED, secretariat)
    assert meeting.current_item is None
    assert meeting.title in meeting.minutes
    assert "minutes.drafted" in actions_recorded(meeting)


def test_cannot_publish_minutes_never_approved(secretariat):
    meeting = factories.make_meeting(status=Status.CLOSED, minutes="Draft minutes.")
    with pytest.raises(services.MeetingRefused, match="have not been approved"):
        services.publish_minutes(meeting=meeting, by=secretariat)
    meeting.refresh_from_db()
    assert meeting.status == Status.CLOSED


def test_cannot_publish_empty_minutes(secretariat):
    meeting = factories.make_meeting(
        status=Status.CLOSED, minutes_approved_at=timezone.now(), minutes=""
    )
    with pytest.raises(services.MeetingRefused, match="no minutes to publish"):
        services.publish_minutes(meeting=meeting, by=secretariat)


def test_published_meeting_details_can_no_longer_change(secretariat):
    meeting = factories.make_meeting(
        status=Status.MINUTES_PUBLISHED,
        minutes="Minutes.",
        minutes_approved_at=timezone.now(),
        minutes_published_at=timezone.now(),
    )
    values = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    with pytest.raises(services.MeetingRefused, match="minutes are published"):
        services.update_meeting(
            meeting=meeting, expected_revision=1, values=values, criteria=[], by=secretariat
        )


def test_update_meeting_refuses_a_stale_edit(secretariat):
    meeting = factories.make_meeting()
    values = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    services.update_meeting(
        meeting=meeting,
        expected_revision=1,
        values={**values, "venue": "Town hall"},
        criteria=[],
        by=secretariat,
    )
    with pytest.raises(services.StaleEdit):
        services.update_meeting(
            meeting=meeting,
            expected_revision=1,
            values={**values, "venue": "Library"},
            criteria=[],
            by=secretariat,
        )
    meeting.refresh_from_db()
    assert meeting.venue == "Town hall"


# Agenda -------------------------------------------------------------------------------------


def test_agenda_items_move_up_and_down(secretariat):
    meeting = factories.make_meeting(status=Status.SCHEDULED)
    first, second, third = (
        factories.make_agenda_item(meeting, kind=AgendaItem.Kind.GENERAL, title=t)
        for t in ("One", "Two", "Three")
    )
    services.move_agenda_item(item=third, direction="up", by=secretariat)
    services.move_agenda_item(item=first, direction="down", by=secretariat)
    order = list(meeting.agenda_items.order_by("order").values_list("title", flat=True))
    assert order == ["Three", "One", "Two"]
    services.move_agenda_item(item=second, direction="up", by=secretariat)
    services.move_agenda_item(item=third, direction="up", by=secretariat)  # already first
    order = list(meeting.agenda_items.order_by("order").values_list("title", flat=True))
    assert order == ["Three", "Two", "One"]
    assert actions_recorded(meeting).count("agenda.item_moved") == 3


def test_adding_a_plan_item_uses_its_latest_version_and_invites_the_chief(
    secretariat, chief_inspector, watford
):
    meeting = factories.make_meeting(status=Status.SCHEDULED)
    plan = factories.make_plan(watford)
    factories.make_version(plan)
    latest = factories.make_version(plan)
    item = services.add_agenda_item(
        meeting=meeting,
        values={"kind": AgendaItem.Kind.PLAN, "plan": plan, "minutes_allowed": 20},
        by=secretariat,
    )
    assert item.plan_version == latest
    assert meeting.attendance.get().user == chief_inspector


def test_agenda_is_fixed_once_in_session(secretariat):
    meeting = factories.make_live_meeting()
    with pytest.raises(services.MeetingRefused, match="agenda is fixed"):
        services.add_agenda_item(
            meeting=meeting,
            values={"kind": AgendaItem.Kind.GENERAL, "title": "Late", "minutes_allowed": 5},
            by=secretariat,
        )


def test_item_with_questions_cannot_be_removed(secretariat):
    question = factories.make_question()
    item = question.agenda_item
    with pytest.raises(services.MeetingRefused, match="stays on the agenda"):
        services.remove_agenda_item(item=item, by=secretariat)
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_carried_actions_are_open_ones_from_earlier_meetings(watford, stevenage):
    earlier = factories.make_meeting(status=Status.CLOSED, days_ahead=-60)
    earlier_item = factories.make_agenda_item(earlier)
    meeting = factories.make_meeting()
    still_open = factories.make_action(watford, agenda_item=earlier_item, title="Open one")
    factories.make_action(
        watford,
        agenda_item=earlier_item,
        status=Action.Status.DONE,
        completed_on=timezone.localdate(),
    )
    factories.make_action(watford, agenda_item=factories.make_agenda_item(meeting))
    recommended = factories.make_action(
        stevenage,
        recommendation=factories.make_recommendation(factories.make_outcome(earlier_item)),
    )
    assert set(Action.objects.carried_to(meeting)) == {still_open, recommended}


# Invitations and attendance -----------------------------------------------------------------


def test_inviting_organisations_puts_their_representatives_on_the_register(
    secretariat, organisation, other_organisation, representative, other_representative
):
    meeting = factories.make_meeting()
    services.invite_organisations(
        meeting=meeting, organisations=[organisation, other_organisation], by=secretariat
    )
    assert set(meeting.attendance.values_list("user", flat=True)) == {
        representative.pk,
        other_representative.pk,
    }
    services.invite_organisations(meeting=meeting, organisations=[organisation], by=secretariat)
    assert list(meeting.attendance.values_list("user", flat=True)) == [representative.pk]
    assert list(meeting.invited_organisations.all()) == [organisation]


def test_record_attendance_saves_each_status(secretariat):
    meeting = factories.make_meeting()
    ann = factories.make_attendee(meeting, name="Ann")
    bob = factories.make_attendee(meeting, name="Bob")
    services.record_attendance(
        meeting=meeting,
        statuses={ann.pk: Attendance.Status.PRESENT, bob.pk: Attendance.Status.APOLOGIES},
        by=secretariat,
    )
    ann.refresh_from_db()
    bob.refresh_from_db()
    assert (ann.status, bob.status) == ("present", "apologies")
    record = ChangeRecord.objects.for_object(meeting).get(action="attendance.recorded")
    assert record.changes == {"Ann": ["invited", "present"], "Bob": ["invited", "apologies"]}


# Live mode ----------------------------------------------------------------------------------


def live_questions(meeting):
    return list(Question.objects.filter(agenda_item__meeting=meeting).order_by("-vote_count"))


def test_take_question_puts_it_on_the_screen(secretariat):
    meeting = factories.make_live_meeting()
    question = live_questions(meeting)[0]
    before = meeting.live_changed_at
    services.take_question(question=question, by=secretariat)
    meeting.refresh_from_db()
    question.refresh_from_db()
    assert question.live_state == Question.LiveState.ASKED
    assert meeting.current_question == question
    assert meeting.live_changed_at != before
    assert actions_recorded(question) == ["question.taken"]


def test_one_question_at_a_time(secretariat):
    meeting = factories.make_live_meeting()
    first, second = live_questions(meeting)
    services.take_question(question=first, by=secretariat)
    with pytest.raises(services.MeetingRefused, match=f"Question {first.pk} is still being"):
        services.take_question(question=second, by=secretariat)


def test_spoken_answer_marks_the_question_answered_and_clears_the_screen(secretariat):
    meeting = factories.make_live_meeting()
    question = live_questions(meeting)[0]
    services.take_question(question=question, by=secretariat)
    services.record_spoken_answer(
        question=question, summary="Street surgeries start in June.", by=secretariat
    )
    question.refresh_from_db()
    meeting.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert question.spoken_answer == "Street surgeries start in June."
    assert meeting.current_question is None


def test_deferred_question_waits_for_a_written_response(secretariat):
    meeting = factories.make_live_meeting()
    question = live_questions(meeting)[0]
    services.defer_question(question=question, by=secretariat)
    question.refresh_from_db()
    assert question.live_state == Question.LiveState.DEFERRED
    assert question in Question.objects.awaiting_response()


def test_floor_question_can_be_from_the_floor_or_an_organisation(secretariat, organisation):
    meeting = factories.make_live_meeting(questions=0)
    item = meeting.current_item
    floor = services.add_floor_question(
        item=item, text="What about cyclists?", organisation=None, by=secretariat
    )
    named = services.add_floor_question(
        item=item, text="And buses?", organisation=organisation, by=secretariat
    )
    assert floor.source == Question.Source.FLOOR
    assert floor.asked_by is None
    assert floor.asker_label == "From the floor"
    assert named.asker_label == "A representative of One Vision"
    assert set(item.questions.accepted()) == {floor, named}


def test_agreed_action_is_noted_against_the_item(secretariat, watford):
    meeting = factories.make_live_meeting(questions=0)
    item = meeting.current_item
    action = services.agree_action(
        item=item,
        district=watford,
        values={
            "title": "Publish ward surgery dates",
            "owner_name": "",
            "due_on": timezone.localdate(),
        },
        by=secretariat,
    )
    assert (action.agenda_item, action.district, action.created_by) == (item, watford, secretariat)
    assert actions_recorded(action) == ["action.agreed_in_meeting"]


@pytest.mark.parametrize("status", [Status.OPEN_FOR_QUESTIONS, Status.CLOSED])
def test_live_controls_only_work_in_session(secretariat, status):
    meeting = factories.make_live_meeting()
    PanelMeeting.objects.filter(pk=meeting.pk).update(status=status)
    question = live_questions(meeting)[0]
    with pytest.raises(services.MeetingRefused, match="only work while the meeting is in session"):
        services.take_question(question=question, by=secretariat)
    with pytest.raises(services.MeetingRefused, match="only work while"):
        services.add_floor_question(
            item=question.agenda_item, text="Q", organisation=None, by=secretariat
        )
    question.refresh_from_db()
    assert question.live_state == Question.LiveState.WAITING
    assert not Question.objects.filter(text="Q").exists()


# Minutes ------------------------------------------------------------------------------------


def test_draft_minutes_tell_the_story_of_the_meeting(secretariat, watford, organisation):
    meeting = factories.make_live_meeting()
    item = meeting.current_item
    present = factories.make_attendee(meeting, name="Amara Mensah", organisation=organisation)
    factories.make_attendee(meeting, name="Joanne Price", status=Attendance.Status.APOLOGIES)
    services.record_attendance(
        meeting=meeting, statuses={present.pk: Attendance.Status.PRESENT}, by=secretariat
    )
    first, second = live_questions(meeting)
    services.take_question(question=first, by=secretariat)
    services.record_spoken_answer(question=first, summary="Monthly surgeries.", by=secretariat)
    services.defer_question(question=second, by=secretariat)
    services.agree_action(
        item=item,
        district=watford,
        values={
            "title": "Publish ward surgery dates",
            "owner_name": "Insp. Lee",
            "due_on": timezone.localdate(),
        },
        by=secretariat,
    )
    meeting = move(meeting, Status.CLOSED, secretariat)
    minutes = meeting.minutes
    assert "Present:\n- Amara Mensah, One Vision" in minutes
    assert "Apologies:\n- Joanne Price" in minutes
    assert f"1. {item.heading}" in minutes
    assert f"{first.text}\nAnswer: Monthly surgeries." in minutes
    assert f"{second.text}\nAnswer: deferred to a written response." in minutes
    assert "Action agreed: Publish ward surgery dates (Watford, owner Insp. Lee" in minutes


def test_editing_approved_minutes_needs_a_fresh_approval(secretariat):
    meeting = factories.make_meeting(status=Status.CLOSED, minutes="Draft.")
    meeting = services.approve_minutes(meeting=meeting, by=secretariat)
    assert meeting.minutes_approved_by == secretariat
    meeting = services.edit_minutes(
        meeting=meeting, expected_revision=meeting.revision, text="Edited.", by=secretariat
    )
    assert meeting.minutes_approved_at is None
    with pytest.raises(services.MeetingRefused, match="not been approved"):
        services.publish_minutes(meeting=meeting, by=secretariat)


def test_minutes_cannot_be_approved_before_the_meeting_closes(secretariat):
    meeting = factories.make_live_meeting()
    with pytest.raises(services.MeetingRefused, match="after the meeting closes"):
        services.approve_minutes(meeting=meeting, by=secretariat)


def test_minutes_edit_refuses_a_stale_revision(secretariat):
    meeting = factories.make_meeting(status=Status.CLOSED, minutes="Draft.")
    services.edit_minutes(meeting=meeting, expected_revision=1, text="First.", by=secretariat)
    with pytest.raises(services.StaleEdit):
        services.edit_minutes(meeting=meeting, expected_revision=1, text="Second.", by=secretariat)
    meeting.refresh_from_db()
    assert meeting.minutes == "First."
