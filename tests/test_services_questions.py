"""Questions, feedback, upvotes, moderation and invitations, tested against the database."""

import threading
import time
import uuid
from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from django.db import connection
from django.utils import timezone

from engagement import services
from engagement.models import (
    ChangeRecord,
    Feedback,
    FeedbackCriterion,
    Membership,
    PanelMeeting,
    Question,
    Upvote,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    return factories.make_agenda_item(factories.make_meeting())


def ask(item, user, organisation, **overrides):
    values = {
        "agenda_item": item,
        "by": user,
        "organisation": organisation,
        "text": "How will you reach older residents who are not online?",
    }
    return services.ask_question(**{**values, **overrides})


def accepted_question(item, **fields):
    return factories.make_question(item, status=Question.Status.ACCEPTED, **fields)


def actions(question):
    return list(ChangeRecord.objects.for_object(question).values_list("action", flat=True))


# Asking ------------------------------------------------------------------------------------


def test_ask_question_stores_it_for_moderation_and_records_who_asked(
    item, representative, organisation
):
    section = item.plan_version.sections.first().template
    question = ask(item, representative, organisation, section=section, is_public=False)
    assert question.status == Question.Status.SUBMITTED
    assert question.section == section
    assert question.plan_version == item.plan_version
    assert question.is_public is False
    assert question.is_late is False
    record = ChangeRecord.objects.for_object(question).get()
    assert (record.action, record.actor) == ("question.asked", representative)


def test_question_after_the_deadline_is_accepted_but_marked_late(representative, organisation):
    meeting = factories.make_meeting(question_deadline=timezone.now() - timedelta(hours=1))
    question = ask(factories.make_agenda_item(meeting), representative, organisation)
    assert question.is_late is True
    assert "after the question deadline" in ChangeRecord.objects.for_object(question).get().note


def test_the_same_form_sent_twice_stores_one_question(item, representative, organisation):
    key = uuid.uuid4()
    first = ask(item, representative, organisation, submission_key=key)
    second = ask(item, representative, organisation, submission_key=key)
    assert first.pk == second.pk
    assert Question.objects.count() == 1


def test_someone_elses_submission_key_is_refused(
    item, representative, organisation, other_representative, other_organisation
):
    key = uuid.uuid4()
    ask(item, representative, organisation, submission_key=key)
    with pytest.raises(services.Refused):
        ask(item, other_representative, other_organisation, submission_key=key)


def test_representative_cannot_ask_for_an_organisation_they_do_not_represent(
    item, representative, other_organisation
):
    with pytest.raises(services.Refused, match="do not represent Herts Pride"):
        ask(item, representative, other_organisation)
    assert not Question.objects.exists()


def test_ended_membership_no_longer_lets_a_person_ask(item, organisation):
    user = factories.make_representative(organisation)
    user.memberships.update(status=Membership.Status.ENDED)
    with pytest.raises(services.Refused):
        ask(item, user, organisation)


@pytest.mark.parametrize("status", [PanelMeeting.Status.SCHEDULED, PanelMeeting.Status.IN_SESSION])
def test_meeting_not_open_for_questions_refuses_them(representative, organisation, status):
    item = factories.make_agenda_item(factories.make_meeting(status=status))
    with pytest.raises(services.Refused, match="not taking questions"):
        ask(item, representative, organisation)


def test_per_person_cap_is_enforced_with_a_clear_message(representative, organisation):
    item = factories.make_agenda_item(factories.make_meeting(max_questions_per_person=2))
    ask(item, representative, organisation)
    withdrawn = ask(item, representative, organisation)
    services.withdraw_question(question=withdrawn, by=representative)
    ask(item, representative, organisation)
    with pytest.raises(services.Refused, match="at most 2 questions from each person"):
        ask(item, representative, organisation)
    assert Question.objects.exclude(status=Question.Status.WITHDRAWN).count() == 2


def test_per_organisation_cap_counts_every_representative(representative, organisation):
    item = factories.make_agenda_item(factories.make_meeting(max_questions_per_organisation=1))
    colleague = factories.make_representative(organisation)
    ask(item, representative, organisation)
    with pytest.raises(services.Refused, match="One Vision has reached that"):
        ask(item, colleague, organisation)


# Editing and withdrawing -------------------------------------------------------------------


def test_edit_question_keeps_the_old_wording_in_the_record(item, representative, organisation):
    question = ask(item, representative, organisation)
    services.edit_question(
        question=question,
        by=representative,
        text="A clearer question",
        section=None,
        is_public=True,
        expected_revision=question.revision,
    )
    question.refresh_from_db()
    assert question.text == "A clearer question"
    record = ChangeRecord.objects.for_object(question).filter(action="question.edited").get()
    assert record.changes["text"][0].startswith("How will you reach")


def test_editing_an_accepted_question_sends_it_back_to_moderation(item, representative):
    question = accepted_question(item, asked_by=representative)
    services.edit_question(
        question=question,
        by=representative,
        text="Changed after acceptance",
        section=None,
        is_public=True,
        expected_revision=question.revision,
    )
    question.refresh_from_db()
    assert question.status == Question.Status.SUBMITTED


def test_stale_edit_is_refused_and_nothing_is_overwritten(item, representative, organisation):
    question = ask(item, representative, organisation)
    services.reword_question(
        question=question,
        by=factories.make_secretariat(),
        text="Secretariat wording",
        expected_revision=question.revision,
    )
    with pytest.raises(services.StaleEdit) as stale:
        services.edit_question(
            question=question,
            by=representative,
            text="My late change",
            section=None,
            is_public=True,
            expected_revision=question.revision,
        )
    assert stale.value.current.text == "Secretariat wording"
    question.refresh_from_db()
    assert question.text == "Secretariat wording"


def test_question_cannot_be_changed_after_the_deadline(representative):
    meeting = factories.make_meeting(question_deadline=timezone.now() - timedelta(minutes=5))
    question = factories.make_question(factories.make_agenda_item(meeting), asked_by=representative)
    with pytest.raises(services.Refused):
        services.withdraw_question(question=question, by=representative)
    question.refresh_from_db()
    assert question.status == Question.Status.SUBMITTED


def test_only_the_asker_may_withdraw(item, representative, other_representative):
    question = factories.make_question(item, asked_by=representative)
    with pytest.raises(services.Refused):
        services.withdraw_question(question=question, by=other_representative)
    services.withdraw_question(question=question, by=representative)
    question.refresh_from_db()
    assert question.status == Question.Status.WITHDRAWN
    assert "question.withdrawn" in actions(question)


# Upvotes -----------------------------------------------------------------------------------


def test_upvote_counts_once_and_can_be_taken_back(item, representative, other_representative):
    question = accepted_question(item, asked_by=other_representative)
    services.toggle_upvote(question=question, by=representative, support=True)
    services.toggle_upvote(question=question, by=representative, support=True)
    question.refresh_from_db()
    assert question.vote_count == 1
    assert question.upvotes.count() == 1
    services.toggle_upvote(question=question, by=representative, support=False)
    services.toggle_upvote(question=question, by=representative, support=False)
    question.refresh_from_db()
    assert (question.vote_count, question.upvotes.count()) == (0, 0)


def test_toggle_without_a_choice_flips_support(item, representative, other_representative):
    question = accepted_question(item, asked_by=other_representative)
    assert services.toggle_upvote(question=question, by=representative).vote_count == 1
    assert services.toggle_upvote(question=question, by=representative).vote_count == 0


def test_nobody_supports_their_own_question(item, representative):
    question = accepted_question(item, asked_by=representative)
    with pytest.raises(services.Refused):
        services.toggle_upvote(question=question, by=representative, support=True)
    assert not Upvote.objects.exists()


def test_questions_waiting_for_moderation_cannot_be_supported(item, representative):
    question = factories.make_question(item)
    with pytest.raises(services.Refused):
        services.toggle_upvote(question=question, by=representative, support=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_two_racing_requests_store_one_vote():
    item = factories.make_agenda_item(factories.make_meeting())
    question = accepted_question(item)
    voter = factories.make_representative()
    barrier = threading.Barrier(2)
    errors = []

    def vote():
        try:
            barrier.wait()
            services.toggle_upvote(question=question, by=voter, support=True)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    question.refresh_from_db()
    assert errors == []
    assert question.upvotes.count() == 1
    assert question.vote_count == 1


# Feedback ----------------------------------------------------------------------------------


def give_feedback(item, user, organisation, score=4, expected_revision=None, **overrides):
    ratings = dict.fromkeys(item.meeting.criteria.all(), score)
    values = {
        "agenda_item": item,
        "organisation": organisation,
        "by": user,
        "ratings": ratings,
        "what_works": "Named officers for each ward.",
        "what_is_missing": "Nothing on older residents.",
        "expected_revision": expected_revision,
    }
    return services.save_feedback(**{**values, **overrides})


def test_feedback_has_a_rating_per_criterion_and_can_be_edited(item, representative, organisation):
    feedback = give_feedback(item, representative, organisation)
    assert feedback.ratings.count() == FeedbackCriterion.objects.filter(is_active=True).count()
    give_feedback(item, representative, organisation, score=2, expected_revision=1)
    feedback.refresh_from_db()
    assert Feedback.objects.count() == 1
    assert set(feedback.ratings.values_list("score", flat=True)) == {2}
    assert actions(feedback) == ["feedback.edited", "feedback.given"]


def test_feedback_from_a_second_tab_is_refused_as_stale(item, representative, organisation):
    give_feedback(item, representative, organisation)
    with pytest.raises(services.StaleEdit):
        give_feedback(item, representative, organisation, what_works="Second tab")
    assert Feedback.objects.get().what_works == "Named officers for each ward."


def test_feedback_needs_every_criterion_rated(item, representative, organisation):
    with pytest.raises(services.Refused, match="every criterion"):
        give_feedback(item, representative, organisation, ratings={})
    assert not Feedback.objects.exists()


def test_feedback_closes_at_the_deadline(representative, organisation):
    meeting = factories.make_meeting(question_deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(services.Refused, match="closed"):
        give_feedback(factories.make_agenda_item(meeting), representative, organisation)


def test_one_feedback_per_organisation(representative, organisation, other_organisation, item):
    Membership.objects.create(
        user=representative, role="representative", organisation=other_organisation
    )
    representative = type(representative).objects.get(pk=representative.pk)
    give_feedback(item, representative, organisation)
    give_feedback(item, representative, other_organisation)
    assert Feedback.objects.filter(author=representative).count() == 2


# Moderation --------------------------------------------------------------------------------


def test_accepting_emails_the_asker(item, mailoutbox, django_capture_on_commit_callbacks):
    question = factories.make_question(item)
    secretary = factories.make_secretariat()
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate_question(question=question, by=secretary, decision="accept")
    question.refresh_from_db()
    assert question.status == Question.Status.ACCEPTED
    assert question.moderated_by == secretary
    assert [m.to for m in mailoutbox] == [[question.asked_by.email]]
    assert "accepted" in mailoutbox[0].subject
    assert "question.accepted" in actions(question)


def test_declining_needs_a_reason_and_tells_the_asker(
    item, mailoutbox, django_capture_on_commit_callbacks
):
    question = factories.make_question(item)
    secretary = factories.make_secretariat()
    with pytest.raises(services.Refused, match="reason"):
        services.moderate_question(question=question, by=secretary, decision="decline")
    reason = "About an individual crime or an emergency: call 101, or 999 in an emergency"
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate_question(
            question=question, by=secretary, decision="decline", reason=reason
        )
    question.refresh_from_db()
    assert (question.status, question.decline_reason) == (Question.Status.DECLINED, reason)
    assert reason in mailoutbox[0].body


def test_no_email_for_someone_who_opted_out(item, mailoutbox, django_capture_on_commit_callbacks):
    question = factories.make_question(item)
    question.asked_by.profile.email_on_question_update = False
    question.asked_by.profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate_question(
            question=question, by=factories.make_secretariat(), decision="accept"
        )
    assert mailoutbox == []


def test_a_mail_failure_is_logged_and_the_decision_stands(
    item, caplog, django_capture_on_commit_callbacks
):
    question = factories.make_question(item)
    with (
        mock.patch("engagement.tasks.send_mail", side_effect=ConnectionRefusedError),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.moderate_question(
            question=question, by=factories.make_secretariat(), decision="accept"
        )
    question.refresh_from_db()
    assert question.status == Question.Status.ACCEPTED
    assert "Could not send" in caplog.text


def test_a_question_is_moderated_once(item):
    question = factories.make_question(item)
    secretary = factories.make_secretariat()
    services.moderate_question(question=question, by=secretary, decision="accept")
    with pytest.raises(services.Refused, match="already accepted"):
        services.moderate_question(question=question, by=secretary, decision="accept")


def test_merge_carries_askers_and_votes_over_without_double_counting(
    item, mailoutbox, django_capture_on_commit_callbacks
):
    target = accepted_question(item)
    duplicate = accepted_question(item)
    both, only_duplicate, only_target = (factories.make_representative() for _ in range(3))
    for voter in (both, only_target):
        factories.make_upvote(target, voter)
    for voter in (both, only_duplicate, target.asked_by):
        factories.make_upvote(duplicate, voter)
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate_question(
            question=duplicate,
            by=factories.make_secretariat(),
            decision="merge",
            merge_into=target,
        )
    duplicate.refresh_from_db()
    target.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == (Question.Status.MERGED, target)
    supporters = set(target.upvotes.values_list("user", flat=True))
    # The duplicate's asker joins; the target's own asker never supports their own question.
    assert supporters == {both.pk, only_duplicate.pk, only_target.pk, duplicate.asked_by_id}
    assert target.vote_count == 4
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [duplicate.asked_by.email, target.asked_by.email]
    )


def test_merging_again_moves_earlier_duplicates_along(item):
    first, second, third = (factories.make_question(item) for _ in range(3))
    secretary = factories.make_secretariat()
    services.moderate_question(question=first, by=secretary, decision="merge", merge_into=second)
    services.moderate_question(question=second, by=secretary, decision="merge", merge_into=third)
    first.refresh_from_db()
    assert first.merged_into == third


def test_questions_on_different_items_cannot_be_merged(item):
    other_item = factories.make_agenda_item(item.meeting)
    question = factories.make_question(item)
    with pytest.raises(services.Refused, match="same agenda item"):
        services.moderate_question(
            question=question,
            by=factories.make_secretariat(),
            decision="merge",
            merge_into=factories.make_question(other_item),
        )
    question.refresh_from_db()
    assert question.status == Question.Status.SUBMITTED


def test_bulk_moderation_is_all_or_nothing(item):
    waiting = [factories.make_question(item) for _ in range(2)]
    declined = factories.make_question(item, status="declined", decline_reason="Off topic")
    with pytest.raises(services.Refused):
        services.bulk_moderate(
            questions=[*waiting, declined], by=factories.make_secretariat(), decision="accept"
        )
    assert Question.objects.filter(status=Question.Status.ACCEPTED).count() == 0
    services.bulk_moderate(questions=waiting, by=factories.make_secretariat(), decision="accept")
    assert Question.objects.filter(status=Question.Status.ACCEPTED).count() == 2


def test_rewording_keeps_the_original_in_the_history(item):
    question = factories.make_question(item, text="wot about the kids in the park??")
    services.reword_question(
        question=question,
        by=factories.make_secretariat(),
        text="What is planned for young people in the park?",
        expected_revision=question.revision,
    )
    question.refresh_from_db()
    record = ChangeRecord.objects.for_object(question).get(action="question.reworded")
    assert record.changes["text"] == [
        "wot about the kids in the park??",
        "What is planned for young people in the park?",
    ]
    assert question.history.earliest().text == "wot about the kids in the park??"


def test_answered_question_emails_its_asker_and_merged_askers(
    item, mailoutbox, django_capture_on_commit_callbacks
):
    target = accepted_question(item)
    duplicate = factories.make_question(item)
    services.moderate_question(
        question=duplicate, by=factories.make_secretariat(), decision="merge", merge_into=target
    )
    factories.make_response(target, text="Monthly surgeries from June.")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_question_answered(target)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [target.asked_by.email, duplicate.asked_by.email]
    )
    assert "Monthly surgeries from June." in mailoutbox[0].body


# Invitations and join requests -------------------------------------------------------------


def test_invitation_link_is_signed_and_names_the_invitation(
    organisation, secretariat, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.send_invitation(
            email="new.rep@example.org",
            organisation=organisation,
            by=secretariat,
            base_url="https://panel.example.org/",
        )
    body = mailoutbox[0].body
    token = body.split("https://panel.example.org/invitation/")[1].split("/")[0]
    assert services.invitation_from_token(token) == invitation
    with pytest.raises(signing.BadSignature):
        services.invitation_from_token(token[:-2] + "xx")


def test_invitation_link_expires(organisation, settings):
    invitation = factories.make_invitation(organisation)
    old = time.time() - (settings.INVITATION_MAX_AGE_DAYS + 1) * 86400
    with mock.patch("django.core.signing.time.time", return_value=old):
        token = signing.dumps(invitation.pk, salt=services.INVITATION_SALT)
    with pytest.raises(signing.SignatureExpired):
        services.invitation_from_token(token)


def test_accepting_makes_a_representative_and_works_once(organisation):
    invitation = factories.make_invitation(organisation, email="sam@example.org")
    user = type(invitation.invited_by)(username="sam")
    membership = services.accept_invitation(invitation=invitation, user=user)
    assert membership.status == Membership.Status.ACTIVE
    assert membership.user.email == "sam@example.org"
    invitation.refresh_from_db()
    assert invitation.accepted_by == membership.user
    with pytest.raises(services.Refused):
        services.accept_invitation(invitation=invitation, user=membership.user)


def test_revoked_invitation_cannot_be_accepted(organisation, secretariat):
    invitation = factories.make_invitation(organisation)
    services.revoke_invitation(invitation=invitation, by=secretariat)
    with pytest.raises(services.Refused):
        services.accept_invitation(invitation=invitation, user=factories.make_user())
    assert not Membership.objects.filter(organisation=organisation).exists()


def test_join_request_waits_for_the_secretariat(
    representative, other_organisation, secretariat, mailoutbox, django_capture_on_commit_callbacks
):
    membership = services.request_membership(
        organisation=other_organisation, note="Trustee", by=representative
    )
    assert membership.status == Membership.Status.PENDING
    with pytest.raises(services.Refused, match="already asked"):
        services.request_membership(organisation=other_organisation, note="", by=representative)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_membership(membership=membership, by=secretariat, approve=True)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert "approved" in mailoutbox[0].body
    with pytest.raises(services.Refused, match="already represent"):
        services.request_membership(organisation=other_organisation, note="", by=representative)


def test_declined_request_can_be_made_again(representative, other_organisation, secretariat):
    membership = services.request_membership(
        organisation=other_organisation, note="Volunteer", by=representative
    )
    services.decide_membership(membership=membership, by=secretariat, approve=False)
    again = services.request_membership(
        organisation=other_organisation, note="Now a trustee", by=representative
    )
    assert again.pk == membership.pk
    assert (again.status, again.request_note) == (Membership.Status.PENDING, "Now a trustee")


def test_the_first_response_emails_the_asker(
    item, chief_inspector, mailoutbox, django_capture_on_commit_callbacks
):
    question = accepted_question(item)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_response(question=question, text="From June.", by=chief_inspector)
    assert [m.to for m in mailoutbox] == [[question.asked_by.email]]
    response = question.response
    with django_capture_on_commit_callbacks(execute=True):
        services.record_response(
            question=question,
            text="From June, monthly.",
            by=chief_inspector,
            expected_revision=response.revision,
        )
    assert len(mailoutbox) == 1  # a corrected answer is not news
