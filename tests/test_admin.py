from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engagement.models import (
    ChangeRecord,
    District,
    EngagementPlan,
    Membership,
    PlanSection,
    PlanVersion,
    SectionTemplate,
    Upvote,
)

pytestmark = pytest.mark.django_db

ENGAGEMENT_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label == "engagement"),
    key=lambda model: model._meta.model_name,
)
# Audit rows and upvotes are written only by their workflows; the admin may only read them.
READ_ONLY_MODELS = {ChangeRecord, Upvote}


def admin_url(model, view, *args):
    return reverse(f"admin:engagement_{model._meta.model_name}_{view}", args=args)


def make_plan(district, created_by, period_start=date(2026, 4, 1), **fields):
    return EngagementPlan.objects.create(
        district=district,
        title=fields.pop("title", f"{district} community engagement plan"),
        period_start=period_start,
        period_end=period_start + timedelta(days=365),
        created_by=created_by,
        **fields,
    )


def make_version(plan, number, **fields):
    if fields.get("status", PlanVersion.Status.DRAFT) != PlanVersion.Status.DRAFT:
        fields.setdefault("submitted_at", timezone.now())
    return PlanVersion.objects.create(
        plan=plan, number=number, created_by=plan.created_by, **fields
    )


def make_plans_with_versions(districts, created_by):
    for district in districts:
        plan = make_plan(district, created_by, status=EngagementPlan.Status.PUBLISHED)
        make_version(plan, 1, status=PlanVersion.Status.SUPERSEDED)
        make_version(plan, 2, status=PlanVersion.Status.SUBMITTED)


def test_every_domain_model_is_registered():
    assert {model._meta.model_name for model in ENGAGEMENT_MODELS} == {
        "action",
        "agendaitem",
        "attendance",
        "changerecord",
        "communityorganisation",
        "correction",
        "district",
        "engagementplan",
        "feedback",
        "feedbackcriterion",
        "feedbackrating",
        "invitation",
        "localpriority",
        "membership",
        "neighbourhoodteam",
        "panelmeeting",
        "plansection",
        "planversion",
        "profile",
        "progressupdate",
        "question",
        "questionresponse",
        "recommendation",
        "scrutinyoutcome",
        "sectiontemplate",
        "sector",
        "upvote",
    }


@pytest.mark.parametrize("model", ENGAGEMENT_MODELS, ids=lambda model: model._meta.model_name)
def test_changelist_renders_for_superuser(admin_client, model):
    response = admin_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize("model", ENGAGEMENT_MODELS, ids=lambda model: model._meta.model_name)
def test_add_page_renders_for_superuser_unless_read_only(admin_client, model):
    response = admin_client.get(admin_url(model, "add"))

    assert response.status_code == (403 if model in READ_ONLY_MODELS else 200)


@pytest.mark.parametrize("model", [EngagementPlan, PlanVersion], ids=["plans", "versions"])
def test_plan_changelists_do_not_query_per_row(admin_client, admin_user, model):
    districts = list(District.objects.order_by("name"))
    make_plans_with_versions(districts[:2], admin_user)
    with CaptureQueriesContext(connection) as few:
        response = admin_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert str(districts[0]) in response.text
    assert str(districts[1]) in response.text

    make_plans_with_versions(districts[2:8], admin_user)
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert str(districts[7]) in response.text

    assert len(many) == len(few)


def test_plan_change_page_shows_its_versions_inline(admin_client, admin_user):
    plan = make_plan(District.objects.get(slug="watford"), admin_user)
    make_version(plan, 1, status=PlanVersion.Status.SUPERSEDED, change_summary="First go.")
    make_version(plan, 2, change_summary="Added street surgeries in Oxhey.")

    response = admin_client.get(admin_url(EngagementPlan, "change", plan.pk))

    assert response.status_code == 200
    assert 'name="versions-TOTAL_FORMS"' in response.text
    assert "First go." in response.text
    assert "Added street surgeries in Oxhey." in response.text


def test_plan_version_change_page_shows_its_sections_inline(admin_client, admin_user):
    plan = make_plan(District.objects.get(slug="watford"), admin_user)
    version = make_version(plan, 1)
    PlanSection.objects.create(
        version=version,
        template=SectionTemplate.objects.get(slug="community-map"),
        body="One Vision, Watford Women's Centre and the Oxhey residents' association.",
    )

    response = admin_client.get(admin_url(PlanVersion, "change", version.pk))

    assert response.status_code == 200
    assert 'name="sections-TOTAL_FORMS"' in response.text
    assert "Watford Women&#x27;s Centre" in response.text


def test_submitted_version_sections_cannot_be_edited_in_the_admin(admin_client, admin_user):
    plan = make_plan(District.objects.get(slug="watford"), admin_user)
    version = make_version(plan, 1, status=PlanVersion.Status.SUBMITTED)
    section = PlanSection.objects.create(
        version=version, template=SectionTemplate.objects.get(slug="measures"), body="Surveys."
    )

    response = admin_client.get(admin_url(PlanSection, "change", section.pk))

    assert response.status_code == 200
    assert 'name="body"' not in response.text


def test_plan_and_first_version_can_be_added_in_the_admin(admin_client, admin_user):
    watford = District.objects.get(slug="watford")

    response = admin_client.post(
        admin_url(EngagementPlan, "add"),
        {
            "district": watford.pk,
            "title": "Watford engagement plan 2027",
            "period_start": "01/04/2027",
            "period_end": "31/03/2028",
            "status": EngagementPlan.Status.DRAFT,
            "versions-TOTAL_FORMS": "1",
            "versions-INITIAL_FORMS": "0",
            "versions-MIN_NUM_FORMS": "0",
            "versions-MAX_NUM_FORMS": "1000",
            "versions-0-number": "1",
            "versions-0-status": PlanVersion.Status.DRAFT,
            "versions-0-change_summary": "First draft.",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    plan = EngagementPlan.objects.get(title="Watford engagement plan 2027")
    assert plan.created_by == admin_user
    version = plan.versions.get()
    assert version.number == 1
    assert version.created_by == admin_user
    assert plan.history.count() == 1


def test_admin_edit_moves_the_revision_on(admin_client, admin_user):
    plan = make_plan(District.objects.get(slug="watford"), admin_user)
    data = {
        "district": plan.district_id,
        "title": "A clearer title",
        "period_start": "01/04/2026",
        "period_end": "01/04/2027",
        "status": plan.status,
        "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0",
        "versions-MIN_NUM_FORMS": "0",
        "versions-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }

    response = admin_client.post(admin_url(EngagementPlan, "change", plan.pk), data)

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "A clearer title"
    assert plan.revision == 2


def test_plan_history_page_renders(admin_client, admin_user):
    plan = make_plan(District.objects.get(slug="watford"), admin_user)

    response = admin_client.get(admin_url(EngagementPlan, "history", plan.pk))

    assert response.status_code == 200


def test_plan_cannot_be_deleted_in_the_admin(admin_client, admin_user):
    plan = make_plan(District.objects.get(slug="watford"), admin_user)

    response = admin_client.post(admin_url(EngagementPlan, "delete", plan.pk), {"post": "yes"})

    assert response.status_code == 403
    assert EngagementPlan.objects.filter(pk=plan.pk).exists()


def test_district_autocomplete_finds_districts_by_name(admin_client):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "engagement",
            "model_name": "neighbourhoodteam",
            "field_name": "district",
            "term": "wat",
        },
    )

    assert response.status_code == 200
    watford = District.objects.get(slug="watford")
    assert response.json()["results"] == [{"id": str(watford.pk), "text": "Watford"}]


def test_change_record_cannot_be_added_changed_or_deleted(admin_client, admin_user):
    watford = District.objects.get(slug="watford")
    record = ChangeRecord.objects.create(
        actor=admin_user,
        action="district.renamed",
        subject=watford,
        object_repr=str(watford),
    )

    assert admin_client.get(admin_url(ChangeRecord, "add")).status_code == 403
    assert admin_client.post(admin_url(ChangeRecord, "add"), {}).status_code == 403
    change_page = admin_client.get(admin_url(ChangeRecord, "change", record.pk))
    assert change_page.status_code == 200
    assert 'name="_save"' not in change_page.text
    delete = admin_client.post(admin_url(ChangeRecord, "delete", record.pk), {"post": "yes"})
    assert delete.status_code == 403
    assert ChangeRecord.objects.filter(pk=record.pk).exists()


def test_user_change_page_shows_memberships_and_profile(admin_client, django_user_model):
    person = django_user_model.objects.create_user(username="chief.watford", password="x")
    Membership.objects.create(
        user=person,
        role=Membership.Role.CHIEF_INSPECTOR,
        district=District.objects.get(slug="watford"),
    )

    response = admin_client.get(reverse("admin:auth_user_change", args=[person.pk]))

    assert response.status_code == 200
    assert 'name="memberships-TOTAL_FORMS"' in response.text
    assert 'name="profile-TOTAL_FORMS"' in response.text
