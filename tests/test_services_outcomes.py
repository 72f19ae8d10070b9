"""Outcomes, recommendations, replies, publication and corrections: the workflows."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from engagement import services
from engagement.models import (
    Action,
    ChangeRecord,
    Correction,
    EngagementPlan,
    Recommendation,
    ScrutinyOutcome,
)
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def actions_recorded(subject):
    return list(ChangeRecord.objects.for_object(subject).values_list("action", flat=True))


def test_record_outcome_creates_it_for_the_plan_and_meeting(commissioner):
    item = factories.make_plan_item()
    outcome = services.record_outcome(
        agenda_item=item,
        values={"rating": "amber", "rationale": "Few measures.", "findings": "Clear aims."},
        by=commissioner,
    )
    assert (outcome.meeting, outcome.plan, outcome.agenda_item) == (item.meeting, item.plan, item)
    assert outcome.reviewed_by == commissioner
    assert not outcome.is_published
    assert actions_recorded(outcome) == ["outcome.recorded"]


def test_record_outcome_again_updates_the_same_outcome(commissioner):
    item = factories.make_plan_item()
    first = services.record_outcome(
        agenda_item=item, values={"rating": "red", "rationale": "No plan."}, by=commissioner
    )
    second = services.record_outcome(
        agenda_item=item,
        values={"rating": "green", "rationale": "Much better.", "findings": ""},
        by=commissioner,
        expected_revision=first.revision,
    )
    assert second.pk == first.pk
    assert ScrutinyOutcome.objects.get().rating == "green"
    assert ChangeRecord.objects.for_object(second).first().changes["rating"] == ["red", "green"]


def test_record_outcome_refuses_a_stale_edit(commissioner):
    outcome = factories.make_outcome(rating="red", rationale="First.")
    ScrutinyOutcome.objects.filter(pk=outcome.pk).update(revision=5)
    with pytest.raises(services.StaleEdit):
        services.record_outcome(
            agenda_item=outcome.agenda_item,
            values={"rating": "green", "rationale": "Second."},
            by=commissioner,
            expected_revision=1,
        )
    assert ScrutinyOutcome.objects.get().rationale == "First."


def test_published_outcome_is_corrected_not_edited(commissioner):
    outcome = factories.make_outcome(published=True)
    with pytest.raises(ValidationError):
        services.record_outcome(
            agenda_item=outcome.agenda_item,
            values={"rating": "green", "rationale": "Quietly changed."},
            by=commissioner,
            expected_revision=outcome.revision,
        )


def test_publish_outcome_requires_rag_rating(commissioner):
    outcome = factories.make_outcome(rationale="Reasons but no rating.")
    with pytest.raises(ValidationError, match="RAG rating"):
        services.publish_outcome(outcome=outcome, by=commissioner)
    assert not ScrutinyOutcome.objects.get().is_published


def test_publish_outcome_requires_rationale(commissioner):
    outcome = factories.make_outcome(rating="green", rationale="  ")
    with pytest.raises(ValidationError):
        services.publish_outcome(outcome=outcome, by=commissioner)
    assert not ScrutinyOutcome.objects.get().is_published


def test_database_refuses_a_published_outcome_without_rationale():
    outcome = factories.make_outcome(rating="green")
    with pytest.raises(IntegrityError), transaction.atomic():
        ScrutinyOutcome.objects.filter(pk=outcome.pk).update(published_at=timezone.now())


def test_publish_outcome_marks_the_plan_scrutinised_and_is_recorded(commissioner):
    outcome = factories.make_outcome(rating="amber", rationale="Some gaps.")
    services.publish_outcome(outcome=outcome, by=commissioner)
    outcome.refresh_from_db()
    assert outcome.is_published
    assert outcome.published_by == commissioner
    assert outcome.plan.status == EngagementPlan.Status.SCRUTINISED
    assert "outcome.published" in actions_recorded(outcome)
    with pytest.raises(ValidationError, match="already"):
        services.publish_outcome(outcome=outcome, by=commissioner)


def test_correct_outcome_keeps_a_dated_public_correction(commissioner):
    outcome = factories.make_outcome(published=True)
    services.correct_outcome(
        outcome=outcome,
        expected_revision=outcome.revision,
        values={"rating": "green", "rationale": "Measures were in an annex.", "findings": ""},
        note="The rating was amber by mistake.",
        by=commissioner,
    )
    outcome.refresh_from_db()
    assert outcome.rating == "green"
    correction = Correction.objects.get()
    assert correction.note == "The rating was amber by mistake."
    assert correction.made_at.date() == TODAY()
    assert "outcome.corrected" in actions_recorded(outcome)


def test_correction_needs_a_note_and_keeps_rating_and_rationale(commissioner):
    outcome = factories.make_outcome(published=True)
    values = {"rating": "green", "rationale": "New reason.", "findings": ""}
    with pytest.raises(ValidationError, match="corrected"):
        services.correct_outcome(
            outcome=outcome, expected_revision=None, values=values, note=" ", by=commissioner
        )
    with pytest.raises(ValidationError, match="RAG"):
        services.correct_outcome(
            outcome=outcome,
            expected_revision=None,
            values={**values, "rationale": ""},
            note="Why",
            by=commissioner,
        )
    assert not Correction.objects.exists()


def test_add_recommendation_links_questions_and_feedback_and_sets_the_reply_date(
    commissioner, settings
):
    settings.RECOMMENDATION_RESPONSE_DAYS = 21
    outcome = factories.make_outcome()
    question = factories.make_answered_question(outcome.agenda_item)
    feedback = factories.make_feedback(outcome.agenda_item.plan_version)
    recommendation = services.add_recommendation(
        outcome=outcome,
        text="Meet young people where they are.",
        owner=outcome.plan.district,
        due_on=TODAY() + timedelta(days=60),
        questions=[question],
        feedback=[feedback],
        by=commissioner,
    )
    assert recommendation.reply_due_on == TODAY() + timedelta(days=21)
    assert list(recommendation.questions.all()) == [question]
    assert list(recommendation.feedback.all()) == [feedback]
    assert recommendation.status == Recommendation.Status.OPEN
    assert actions_recorded(recommendation) == ["recommendation.added"]


def test_add_recommendation_refuses_a_due_date_in_the_past(commissioner):
    outcome = factories.make_outcome()
    with pytest.raises(ValidationError, match="past"):
        services.add_recommendation(
            outcome=outcome,
            text="Too late.",
            owner=outcome.plan.district,
            due_on=TODAY() - timedelta(days=1),
            by=commissioner,
        )
    assert not Recommendation.objects.exists()


def test_editing_a_published_recommendation_needs_a_correction_note(commissioner):
    recommendation = factories.make_recommendation(factories.make_outcome(published=True))
    values = {"text": "Clearer words.", "owner": recommendation.owner, "due_on": TODAY()}
    with pytest.raises(ValidationError):
        services.update_recommendation(
            recommendation=recommendation,
            expected_revision=recommendation.revision,
            values=values,
            questions=[],
            feedback=[],
            by=commissioner,
        )
    services.update_recommendation(
        recommendation=recommendation,
        expected_revision=recommendation.revision,
        values=values,
        questions=[],
        feedback=[],
        note="Reworded for clarity.",
        by=commissioner,
    )
    assert Recommendation.objects.get().text == "Clearer words."
    assert Correction.objects.get().note == "Reworded for clarity."


def reply(recommendation, user, decision, reason="", action=None):
    return services.reply_to_recommendation(
        recommendation=recommendation,
        decision=decision,
        reason=reason,
        action=action,
        by=user,
        expected_revision=recommendation.revision,
    )


def action_values(**overrides):
    return {
        "title": "Monthly youth surgery",
        "description": "",
        "owner_name": "Sgt Patel",
        "due_on": TODAY() + timedelta(days=30),
        **overrides,
    }


def test_accepting_a_recommendation_creates_the_action(chief_inspector, watford):
    recommendation = factories.make_recommendation(
        factories.make_outcome(factories.make_plan_item(district=watford))
    )
    reply(recommendation, chief_inspector, "accepted", action=action_values())
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.ACCEPTED
    assert recommendation.replied_by == chief_inspector
    action = Action.objects.get()
    assert (action.district, action.recommendation) == (watford, recommendation)
    assert action.title == "Monthly youth surgery"
    assert actions_recorded(recommendation) == ["recommendation.accepted"]
    assert actions_recorded(action) == ["action.created"]


def test_rejecting_needs_a_reason_and_creates_no_action(chief_inspector):
    recommendation = factories.make_recommendation()
    with pytest.raises(ValidationError, match="reason"):
        reply(recommendation, chief_inspector, "rejected", reason="  ")
    assert Recommendation.objects.get().status == Recommendation.Status.OPEN
    reply(recommendation, chief_inspector, "rejected", reason="Already covered by the plan.")
    assert Recommendation.objects.get().reply == "Already covered by the plan."
    assert not Action.objects.exists()


def test_partly_accepting_needs_a_reason_and_an_action(chief_inspector):
    recommendation = factories.make_recommendation()
    with pytest.raises(ValidationError):
        reply(recommendation, chief_inspector, "partly_accepted", action=action_values())
    with pytest.raises(ValidationError):
        reply(recommendation, chief_inspector, "partly_accepted", reason="Half of it.")
    reply(recommendation, chief_inspector, "partly_accepted", "Half of it.", action_values())
    assert Action.objects.count() == 1


def test_an_action_due_in_the_past_is_refused_and_nothing_is_saved(chief_inspector):
    recommendation = factories.make_recommendation()
    past = action_values(due_on=TODAY() - timedelta(days=2))
    with pytest.raises(ValidationError, match="past"):
        reply(recommendation, chief_inspector, "accepted", action=past)
    assert Recommendation.objects.get().status == Recommendation.Status.OPEN
    assert not Action.objects.exists()


def test_a_district_replies_only_once(chief_inspector):
    recommendation = factories.make_recommendation()
    reply(recommendation, chief_inspector, "rejected", reason="No.")
    recommendation.refresh_from_db()
    with pytest.raises(ValidationError, match="already"):
        reply(recommendation, chief_inspector, "accepted", action=action_values())


def test_mark_done_only_after_acceptance(commissioner):
    recommendation = factories.make_recommendation()
    with pytest.raises(ValidationError):
        services.mark_recommendation_done(recommendation=recommendation, by=commissioner)
    Recommendation.objects.filter(pk=recommendation.pk).update(status="accepted")
    services.mark_recommendation_done(recommendation=recommendation, by=commissioner)
    assert Recommendation.objects.get().status == Recommendation.Status.DONE


def test_open_recommendations_are_carried_to_the_district_next_meeting(watford, stevenage):
    earlier = factories.make_past_meeting(days_ago=120)
    later = factories.make_past_meeting(days_ago=10)
    carried = factories.make_recommendation(
        factories.make_outcome(factories.make_plan_item(earlier, watford))
    )
    factories.make_recommendation(
        factories.make_outcome(factories.make_plan_item(earlier, watford)), status="done"
    )
    factories.make_recommendation(
        factories.make_outcome(factories.make_plan_item(earlier, stevenage))
    )
    factories.make_recommendation(factories.make_outcome(factories.make_plan_item(later, watford)))
    found = Recommendation.objects.open().for_district(watford).raised_before(later)
    assert list(found) == [carried]
