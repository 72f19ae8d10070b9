"""The database refuses data that breaks the panel's rules."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from engagement.models import (
    Action,
    EngagementPlan,
    Membership,
    PanelMeeting,
    PlanVersion,
    Question,
    ScrutinyOutcome,
    Upvote,
)
from tests import factories

pytestmark = pytest.mark.django_db


def refused(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()
    return True


def test_one_upvote_per_person_per_question():
    question = factories.make_question(status=Question.Status.ACCEPTED)
    voter = factories.make_user()
    Upvote.objects.create(question=question, user=voter)
    assert refused(lambda: Upvote.objects.create(question=question, user=voter))
    assert question.upvotes.count() == 1


def test_one_feedback_per_representative_per_organisation_per_version():
    feedback = factories.make_feedback()
    assert refused(
        lambda: factories.make_feedback(
            version=feedback.plan_version,
            author=feedback.author,
            organisation=feedback.organisation,
        )
    )


def test_chief_inspector_must_have_a_district():
    user = factories.make_user()
    assert refused(lambda: Membership.objects.create(user=user, role="chief_inspector"))


def test_representative_must_have_an_organisation():
    user = factories.make_user()
    assert refused(lambda: Membership.objects.create(user=user, role="representative"))


def test_secretariat_has_neither_district_nor_organisation(watford):
    user = factories.make_user()
    assert refused(
        lambda: Membership.objects.create(user=user, role="secretariat", district=watford)
    )


def test_person_represents_an_organisation_once(organisation):
    user = factories.make_representative(organisation)
    assert refused(
        lambda: Membership.objects.create(
            user=user, role="representative", organisation=organisation
        )
    )


def test_one_plan_per_district_per_period(watford):
    plan = factories.make_plan(watford)
    assert refused(lambda: factories.make_plan(watford, period_start=plan.period_start))


def test_plan_period_must_end_after_it_starts(watford):
    start = timezone.localdate()
    assert refused(lambda: factories.make_plan(watford, period_start=start, period_end=start))


def test_version_numbers_are_unique_within_a_plan():
    version = factories.make_version()
    assert refused(lambda: factories.make_version(plan=version.plan, number=version.number))


def test_submitted_version_needs_a_submission_date():
    plan = factories.make_plan()
    assert refused(
        lambda: PlanVersion.objects.create(
            plan=plan, number=1, status="submitted", created_by=plan.created_by
        )
    )


def test_question_deadline_cannot_fall_after_the_meeting():
    starts_at = timezone.now() + timedelta(days=3)
    assert refused(
        lambda: factories.make_meeting(
            starts_at=starts_at, question_deadline=starts_at + timedelta(hours=1)
        )
    )


def test_minutes_cannot_be_published_without_approval():
    assert refused(lambda: factories.make_meeting(status=PanelMeeting.Status.MINUTES_PUBLISHED))


def test_declined_question_needs_a_reason():
    assert refused(lambda: factories.make_question(status=Question.Status.DECLINED))


def test_merged_question_needs_a_target():
    assert refused(lambda: factories.make_question(status=Question.Status.MERGED))


def test_question_cannot_be_merged_into_itself():
    question = factories.make_question()
    question.merged_into = question
    question.status = Question.Status.MERGED
    assert refused(question.save)


def test_online_question_needs_an_asker():
    item = factories.make_agenda_item()
    assert refused(lambda: Question.objects.create(agenda_item=item, text="Who asked?"))


def test_outcome_cannot_be_published_without_rating_and_rationale():
    item = factories.make_agenda_item()
    assert refused(
        lambda: ScrutinyOutcome.objects.create(
            meeting=item.meeting,
            plan=item.plan,
            reviewed_by=factories.make_commissioner(),
            published_at=timezone.now(),
        )
    )


def test_rejected_recommendation_needs_a_reason():
    assert refused(lambda: factories.make_recommendation(status="rejected"))


def test_done_action_needs_a_completion_date():
    assert refused(lambda: factories.make_action(status=Action.Status.DONE))


def test_rating_must_be_between_one_and_five():
    feedback = factories.make_feedback()
    rating = feedback.ratings.first()
    rating.score = 6
    assert refused(rating.save)


def test_chain_records_cannot_be_deleted_while_referenced():
    response = factories.make_response()
    with pytest.raises(ProtectedError):
        response.question.delete()
    plan = response.question.agenda_item.plan
    with pytest.raises(ProtectedError):
        plan.delete()


def test_drafts_are_visible_only_to_their_district_and_the_secretariat(
    chief_inspector, other_chief_inspector, representative, secretariat, watford
):
    draft = factories.make_plan(watford, status=EngagementPlan.Status.DRAFT)
    assert draft in EngagementPlan.objects.visible_to(chief_inspector)
    assert draft in EngagementPlan.objects.visible_to(secretariat)
    assert draft not in EngagementPlan.objects.visible_to(other_chief_inspector)
    assert draft not in EngagementPlan.objects.visible_to(representative)


def test_private_question_is_hidden_from_other_representatives(
    representative, other_representative, chief_inspector
):
    question = factories.make_question(
        asked_by=representative, is_public=False, status=Question.Status.ACCEPTED
    )
    assert question in Question.objects.visible_to(representative)
    assert question in Question.objects.visible_to(chief_inspector)
    assert question not in Question.objects.visible_to(other_representative)


def test_asker_label_follows_the_persons_choice(organisation):
    named = factories.make_representative(organisation, name_display="full_name")
    hidden = factories.make_representative(organisation, name_display="hidden")
    plain = factories.make_representative(organisation)
    item = factories.make_agenda_item()
    assert factories.make_question(item, named).asker_label.startswith(named.get_full_name())
    assert factories.make_question(item, hidden).asker_label == ""
    assert factories.make_question(item, plain).asker_label == "A representative of One Vision"


def test_overdue_actions_are_open_and_past_their_due_date(watford):
    overdue = factories.make_action(watford, due_on=timezone.localdate() - timedelta(days=1))
    factories.make_action(watford, due_on=timezone.localdate() + timedelta(days=1))
    factories.make_action(
        watford,
        due_on=timezone.localdate() - timedelta(days=5),
        status=Action.Status.DONE,
        completed_on=timezone.localdate() - timedelta(days=6),
    )
    assert list(Action.objects.overdue()) == [overdue]
    assert overdue.is_overdue
