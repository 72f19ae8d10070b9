"""seed_demo --scale N: data in proportion to N, built once per N."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Q

from engagement.management import scale_data
from engagement.models import (
    Action,
    Feedback,
    FeedbackRating,
    PanelMeeting,
    PlanVersion,
    Question,
    Recommendation,
    ScrutinyOutcome,
    Upvote,
)

pytestmark = pytest.mark.django_db


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def row_counts():
    models = apps.get_app_config("engagement").get_models(include_auto_created=True)
    counts = {model._meta.label: model.objects.count() for model in models}
    counts["users"] = get_user_model().objects.count()
    return counts


def generated(model, path):
    """Rows of `model` hanging off the generated meetings (reached through `path`)."""
    return model.objects.filter(**{f"{path}__title__startswith": "Scale 2, meeting "}).count()


def test_scale_one_is_the_demo_alone():
    seed("--scale", "1")
    assert not PanelMeeting.objects.filter(title__startswith="Scale ").exists()


def test_scale_two_adds_data_in_proportion_and_a_second_run_adds_nothing():
    seed("--scale", "2")
    first = row_counts()
    scale = 2

    meetings = PanelMeeting.objects.filter(title__startswith="Scale 2, meeting ")
    assert meetings.count() == 1
    assert meetings.get().agenda_items.filter(kind="plan").count() == 10
    assert generated(Question, "agenda_item__meeting") == scale_data.QUESTIONS_PER_UNIT * scale
    assert generated(Feedback, "agenda_item__meeting") == scale_data.FEEDBACK_PER_UNIT * scale
    assert generated(PlanVersion, "agenda_items__meeting") == 10  # the versions presented
    assert PlanVersion.objects.filter(plan__agenda_items__meeting__in=meetings).count() == (
        scale_data.VERSIONS_PER_UNIT * scale
    )
    assert generated(Recommendation, "outcome__meeting") == (
        scale_data.RECOMMENDATIONS_PER_UNIT * scale
    )
    actions = Action.objects.filter(
        Q(recommendation__outcome__meeting__in=meetings) | Q(agenda_item__meeting__in=meetings)
    )
    assert actions.count() == scale_data.ACTIONS_PER_UNIT * scale
    assert generated(ScrutinyOutcome, "meeting") == 10
    upvotes = Upvote.objects.filter(question__agenda_item__meeting__in=meetings).count()
    assert 2.5 * 1000 * scale < upvotes < 3.5 * 1000 * scale
    ratings = FeedbackRating.objects.filter(feedback__agenda_item__meeting__in=meetings).count()
    assert ratings == 4 * scale_data.FEEDBACK_PER_UNIT * scale

    seed("--scale", "2")
    assert row_counts() == first


def test_generated_data_keeps_the_rules_of_the_chain():
    seed("--scale", "2")
    questions = Question.objects.annotate(upvote_rows=Count("upvotes"))

    assert not questions.exclude(vote_count=F("upvote_rows")).exists()
    assert not Upvote.objects.filter(user=F("question__asked_by")).exists()
    answered = Question.objects.filter(status=Question.Status.ANSWERED)
    assert not answered.filter(response__isnull=True).exists()
    assert not Question.objects.filter(status="merged", merged_into__status="merged").exists()
    # Dates are realistic, not the moment the rows were inserted.
    meeting = PanelMeeting.objects.get(title="Scale 2, meeting 1")
    latest = Question.objects.filter(agenda_item__meeting=meeting).latest("created_at")
    assert latest.created_at < meeting.question_deadline


def test_scale_must_be_positive():
    with pytest.raises(CommandError, match="--scale"):
        seed("--scale", "0")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics of PostgreSQL")
def test_generated_data_leaves_the_planner_with_row_counts():
    seed("--scale", "2")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'engagement_question'")
        estimated = cursor.fetchone()[0]
    assert estimated >= Question.objects.count() * 0.9


def test_only_recent_meetings_still_wait_for_written_answers():
    seed("--scale", "3")
    recent, older = PanelMeeting.objects.filter(title__startswith="Scale 3,").order_by("-starts_at")
    deferred = Question.objects.filter(live_state=Question.LiveState.DEFERRED)
    assert deferred.filter(agenda_item__meeting=recent, status=Question.Status.ACCEPTED).exists()
    older_deferred = deferred.filter(agenda_item__meeting=older)
    assert older_deferred.exists()
    assert not older_deferred.exclude(status=Question.Status.ANSWERED).exists()
    # Answered in writing after the meeting, not before it.
    assert not older_deferred.filter(response__created_at__lte=older.starts_at).exists()
    assert not older_deferred.filter(response__isnull=True).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="visibility map of PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_generated_data_is_vacuumed_when_not_inside_a_transaction():
    seed("--scale", "2")
    with connection.cursor() as cursor:
        cursor.execute("SELECT relallvisible FROM pg_class WHERE relname = 'engagement_question'")
        assert cursor.fetchone()[0] > 0
