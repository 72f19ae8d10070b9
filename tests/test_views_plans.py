"""Reading plans: a plan, its versions, what changed, and the document downloads."""

import pytest
from django.urls import reverse

from engagement.models import Action, EngagementPlan, PlanVersion, SectionTemplate
from tests import factories

pytestmark = pytest.mark.django_db

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
# Drafts: their own district, the secretariat and administrators; a 404 for everyone else.
SEES_DRAFTS = {"chief_inspector", "secretariat", "site_admin"}


def fetch(client, user, url, params=None):
    if user is not None:
        client.force_login(user)
    return client.get(url, params or {})


@pytest.fixture
def plan(chief_inspector, watford):
    """Published, with two submitted versions and a draft third."""
    plan = factories.make_plan(watford, created_by=chief_inspector)
    first = factories.make_version(plan, status=PlanVersion.Status.SUPERSEDED)
    second = factories.make_version(plan)
    for template in SectionTemplate.objects.all():
        template.plan_sections.filter(version__plan=plan).update(body=f"{template}: as before.")
    for version, text in [
        (first, "Monthly surgeries in Holywell."),
        (second, "Weekly surgeries in Holywell."),
    ]:
        version.sections.filter(template__slug="methods-and-calendar").update(body=text)
    factories.make_version(plan, status=PlanVersion.Status.DRAFT)
    return plan


@pytest.fixture
def draft_plan(chief_inspector, watford):
    plan = factories.make_plan(
        watford, created_by=chief_inspector, status=EngagementPlan.Status.DRAFT
    )
    factories.make_version(plan, status=PlanVersion.Status.DRAFT)
    return plan


def with_document(version, name="plan.pdf", document_type="pdf"):
    version.document = factories.make_upload(name)
    version.document_name = name
    version.document_type = document_type
    version.document_size = len(factories.PDF_BYTES)
    version.save()
    return version


# Who reads what ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_published_plan_is_public(client, user_for_role, plan, role):
    response = fetch(client, user_for_role(role), plan.get_absolute_url())
    assert response.status_code == 200
    assert "Weekly surgeries in Holywell." in response.text  # the current version's sections
    assert ("Version 3" in response.text) == (role in SEES_DRAFTS)


@pytest.mark.parametrize("role", ROLES)
def test_draft_plan_is_a_404_outside_its_district(client, user_for_role, draft_plan, role):
    response = fetch(client, user_for_role(role), draft_plan.get_absolute_url())
    assert response.status_code == (200 if role in SEES_DRAFTS else 404)


@pytest.mark.parametrize("role", ROLES)
def test_draft_version_is_a_404_outside_its_district(client, user_for_role, plan, role):
    url = reverse("engagement:plan_version_detail", args=[plan.pk, 3])
    response = fetch(client, user_for_role(role), url)
    assert response.status_code == (200 if role in SEES_DRAFTS else 404)


@pytest.mark.parametrize("role", ROLES)
def test_submitted_version_is_public(client, user_for_role, plan, role):
    url = reverse("engagement:plan_version_detail", args=[plan.pk, 2])
    response = fetch(client, user_for_role(role), url)
    assert response.status_code == 200
    assert "Weekly surgeries in Holywell." in response.text


@pytest.mark.parametrize("role", ROLES)
def test_comparison_is_for_every_reader_of_a_published_plan(client, user_for_role, plan, role):
    url = reverse("engagement:plan_compare", args=[plan.pk])
    response = fetch(client, user_for_role(role), url, {"old": 1, "new": 2})
    assert response.status_code == 200
    assert "Changes from version 1 to version 2" in response.text


def test_edit_links_only_for_the_district(client, plan, chief_inspector, other_chief_inspector):
    edit = reverse("engagement:plan_edit", args=[plan.pk])
    assert edit in fetch(client, chief_inspector, plan.get_absolute_url()).text
    assert edit not in fetch(client, other_chief_inspector, plan.get_absolute_url()).text


@pytest.mark.parametrize("role", ROLES)
def test_only_the_district_is_offered_its_draft(client, user_for_role, plan, role):
    page = fetch(client, user_for_role(role), plan.get_absolute_url()).text
    assert ("Continue draft version 3" in page) == (role == "chief_inspector")


def test_the_public_plan_page_has_a_fixed_query_count(client, plan, django_assert_num_queries):
    with django_assert_num_queries(6):
        client.get(plan.get_absolute_url())
    for _ in range(25):
        factories.make_version(plan, status=PlanVersion.Status.SUPERSEDED)
    with django_assert_num_queries(6):
        response = client.get(plan.get_absolute_url())
    assert "Page 1 of 2" in response.text


def test_plan_detail_query_count_does_not_grow(
    client, chief_inspector, watford, django_assert_num_queries
):
    plan = factories.make_plan(watford)
    client.force_login(chief_inspector)
    url = plan.get_absolute_url()

    def add_versions(count):
        for _ in range(count):
            with_document(factories.make_version(plan, status=PlanVersion.Status.SUPERSEDED))

    add_versions(3)
    with django_assert_num_queries(10):
        client.get(url)
    add_versions(27)
    with django_assert_num_queries(10):
        response = client.get(url)
    assert "Version 30" in response.text


def test_version_detail_and_comparison_have_a_fixed_query_count(
    client, plan, django_assert_num_queries
):
    with django_assert_num_queries(4):
        client.get(reverse("engagement:plan_version_detail", args=[plan.pk, 2]))
    with django_assert_num_queries(4):
        client.get(reverse("engagement:plan_compare", args=[plan.pk]))


# Comparing versions --------------------------------------------------------------------------


def test_comparison_marks_changes_without_relying_on_colour(client, plan):
    url = reverse("engagement:plan_compare", args=[plan.pk])
    page = client.get(url, {"old": 1, "new": 2}).text
    assert '<del><span class="visually-hidden">[removed: </span>Monthly ' in page
    assert '<ins><span class="visually-hidden">[added: </span>Weekly ' in page
    assert "Changed: 1 word added, 1 word removed" in page
    assert page.count("No change") == SectionTemplate.objects.count() - 1


def test_comparison_defaults_to_the_two_latest_versions_the_reader_may_see(
    client, plan, chief_inspector
):
    url = reverse("engagement:plan_compare", args=[plan.pk])
    assert "Changes from version 1 to version 2" in client.get(url).text
    client.force_login(chief_inspector)
    assert "Changes from version 2 to version 3" in client.get(url).text


def test_comparison_never_shows_a_draft_to_others(client, plan, representative):
    client.force_login(representative)
    url = reverse("engagement:plan_compare", args=[plan.pk])
    response = client.get(url, {"old": 2, "new": 3})
    assert "Select a valid choice" in response.text
    assert "Changes from" not in response.text
    assert "Version 3" not in response.text


def test_comparison_of_a_version_with_itself_is_refused(client, plan):
    url = reverse("engagement:plan_compare", args=[plan.pk])
    response = client.get(url, {"old": 2, "new": 2})
    assert "Choose two different versions to compare." in response.text


def test_comparison_picked_backwards_still_reads_forwards(client, plan):
    url = reverse("engagement:plan_compare", args=[plan.pk])
    assert "Changes from version 1 to version 2" in client.get(url, {"old": 2, "new": 1}).text


def test_comparison_escapes_plan_text(client, plan):
    plan.versions.get(number=2).sections.filter(template__slug="risks").update(
        body="<script>alert(1)</script>"
    )
    page = client.get(reverse("engagement:plan_compare", args=[plan.pk])).text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_plan_with_one_version_has_nothing_to_compare(client, watford):
    plan = factories.make_plan(watford)
    factories.make_version(plan)
    page = client.get(reverse("engagement:plan_compare", args=[plan.pk])).text
    assert "only one version so far" in page


# Downloads -----------------------------------------------------------------------------------


def test_document_downloads_as_an_attachment_of_the_detected_type(client, plan):
    with_document(plan.versions.get(number=2), name="Watford plan.txt")
    response = client.get(reverse("engagement:plan_document", args=[plan.pk, 2]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Watford plan.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == factories.PDF_BYTES


@pytest.mark.parametrize("role", ROLES)
def test_draft_document_is_a_404_outside_its_district(client, user_for_role, plan, role):
    with_document(plan.versions.get(number=3))
    url = reverse("engagement:plan_document", args=[plan.pk, 3])
    response = fetch(client, user_for_role(role), url)
    assert response.status_code == (200 if role in SEES_DRAFTS else 404)


def test_version_without_a_document_has_nothing_to_download(client, plan):
    response = client.get(reverse("engagement:plan_document", args=[plan.pk, 2]))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_evidence_follows_the_actions_visibility(client, user_for_role, watford, role):
    action = factories.make_action(watford)
    update = factories.make_progress_update(action, status=Action.Status.DONE, note="Done.")
    update.evidence_document = factories.make_upload("evidence.pdf")
    update.evidence_name, update.evidence_type = "evidence.pdf", "pdf"
    update.save()
    url = reverse("engagement:evidence_document", args=[update.pk])
    response = fetch(client, user_for_role(role), url)
    # Unpublished: the district, and those who see every action.
    expected = (
        200 if role in {"chief_inspector", "secretariat", "commissioner", "site_admin"} else 404
    )
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Disposition"] == 'attachment; filename="evidence.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"


def test_published_evidence_is_public(client, watford):
    outcome = factories.make_outcome(published=True)
    action = factories.make_action(watford, recommendation=factories.make_recommendation(outcome))
    update = factories.make_progress_update(action)
    update.evidence_document = factories.make_upload("evidence.pdf")
    update.evidence_name, update.evidence_type = "evidence.pdf", "pdf"
    update.save()
    response = client.get(reverse("engagement:evidence_document", args=[update.pk]))
    assert response.status_code == 200
