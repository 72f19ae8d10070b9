from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, F
from django.utils import timezone

from engagement.management import demo_data
from engagement.models import (
    EngagementPlan,
    PanelMeeting,
    PlanVersion,
    Question,
    ScrutinyOutcome,
    SectionTemplate,
)


def seed_demo():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts():
    """Rows in every engagement table (history and many-to-many tables too) and users."""
    models = apps.get_app_config("engagement").get_models(include_auto_created=True)
    counts = {model._meta.label: model.objects.count() for model in models}
    counts["users"] = get_user_model().objects.count()
    return counts


@pytest.fixture
def demo():
    return seed_demo()


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_rows():
    seed_demo()
    first = row_counts()
    seed_demo()

    assert row_counts() == first
    assert first["engagement.Question"] > 0
    assert first["engagement.ScrutinyOutcome"] > 0


@pytest.mark.django_db
def test_seed_demo_prints_the_logins(demo):
    for username in ["chief.watford", "chief.stevenage", "rep.onevision", "admin"]:
        assert username in demo
    assert demo_data.PASSWORD in demo


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "role", "places"),
    [
        ("chief.watford", "chief_inspector", {"Watford"}),
        ("chief.stevenage", "chief_inspector", {"Stevenage"}),
        ("rep.onevision", "representative", {"One Vision", "Herts Pride"}),
        ("rep.womenscentre", "representative", {"Watford Women's Centre"}),
        ("secretariat", "secretariat", {None}),
        ("commissioner", "commissioners_office", {None}),
    ],
)
def test_each_login_has_its_role(demo, username, role, places):
    user = get_user_model().objects.get(username=username)
    memberships = user.memberships.active()

    assert {m.role for m in memberships} == {role}
    assert {str(m.district or m.organisation or "") or None for m in memberships} == places
    assert user.check_password(demo_data.PASSWORD)
    assert user.email == f"{username}@example.org"
    assert user.profile


@pytest.mark.django_db
def test_admin_login_is_a_superuser(demo):
    admin = get_user_model().objects.get(username="admin")

    assert admin.is_superuser
    assert admin.is_staff
    assert admin.check_password(demo_data.PASSWORD)


@pytest.mark.django_db
def test_past_meeting_has_published_outcomes_and_one_plan_left_to_review(demo):
    meeting = PanelMeeting.objects.get(title=demo_data.PAST_TITLE)
    plan_items = meeting.agenda_items.filter(plan__isnull=False).select_related("plan__district")

    assert meeting.status == PanelMeeting.Status.MINUTES_PUBLISHED
    assert meeting.starts_at < timezone.now()
    assert plan_items.count() == 5
    for item in plan_items:
        outcome = ScrutinyOutcome.objects.filter(meeting=meeting, plan=item.plan).first()
        if item.plan.district.slug == "welwyn-hatfield":
            # Left for the commissioner's office to record and publish in the demo.
            assert outcome is None
            assert item.plan.status == EngagementPlan.Status.PUBLISHED
            assert item.questions.filter(status="answered", is_public=True).count() == 2
        else:
            assert outcome.is_published
            assert outcome.rating
            assert item.plan.status == EngagementPlan.Status.SCRUTINISED


@pytest.mark.django_db
def test_watford_plan_has_two_versions_to_compare(demo):
    meeting = PanelMeeting.objects.get(title=demo_data.PAST_TITLE)
    plan = meeting.agenda_items.get(plan__district__slug="watford").plan
    v1, v2 = plan.versions.order_by("number")
    templates = SectionTemplate.objects.filter(is_active=True).count()

    assert (v1.status, v2.status) == (PlanVersion.Status.SUPERSEDED, PlanVersion.Status.SUBMITTED)
    assert v1.sections.count() == v2.sections.count() == templates
    assert v2.document.read().startswith(b"%PDF-1.4")
    assert v2.addresses_questions.exists()


@pytest.mark.django_db
def test_upcoming_meeting_is_open_for_questions(demo):
    meeting = PanelMeeting.objects.get(title=demo_data.NEXT_TITLE)
    questions = Question.objects.filter(agenda_item__meeting=meeting)

    assert meeting.is_open_for_questions
    assert meeting.question_deadline > timezone.now()
    assert questions.awaiting_moderation().exists()
    assert questions.accepted().exists()
    per_person = questions.values("asked_by").annotate(n=Count("pk"))
    assert max(row["n"] for row in per_person) <= meeting.max_questions_per_person


@pytest.mark.django_db
def test_vote_count_matches_upvotes(demo):
    questions = Question.objects.annotate(upvote_rows=Count("upvotes"))

    assert questions.filter(upvote_rows__gt=0).exists()
    assert not questions.exclude(vote_count=F("upvote_rows")).exists()
