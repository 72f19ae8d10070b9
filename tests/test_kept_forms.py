"""Form fields drawn once per person and change, with the page cache on: the same markup as
crispy draws, a fresh submission key every time, and never a stale or someone else's form.
What the form page looks up to show (the agenda item, the navigation) is kept the same way;
a submission always checks afresh.

Tests that change a record truly commit, as the content revision only moves on commit.
"""

import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagement.models import (
    EngagementPlan,
    Feedback,
    PanelMeeting,
    PlanSection,
    PlanVersion,
    Question,
)
from tests import factories
from tests.test_views_representatives import feedback_data

pytestmark = pytest.mark.usefixtures("page_cache_on")

SUBMISSION_KEY = re.compile(r'name="submission_key" value="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def item(watford, chief_inspector):
    plan = factories.make_plan(watford, created_by=chief_inspector)
    version = factories.make_version(plan)
    return factories.make_agenda_item(factories.make_meeting(title="Spring panel"), version=version)


def form_markup(html):
    """The page's main form, with its per-visit values and the spacing between tags out."""
    form = re.search(r'<form method="post" (?:enctype="[^"]+" )?novalidate>.*?</form>', html, re.S)
    markup = CSRF.sub("", SUBMISSION_KEY.sub("", form[0]))
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", markup))


def drawn_fields(response):
    return [t.name for t in response.templates if t.name == "bootstrap5/field.html"]


@pytest.mark.django_db
def test_a_kept_question_form_is_what_crispy_draws(client, representative, item, settings):
    client.force_login(representative)
    url = reverse("engagement:question_create", args=[item.pk])
    client.get(url)
    kept = client.get(url)
    assert drawn_fields(kept) == [], "the second visit draws no field"
    settings.PAGE_CACHE_SECONDS = 0
    drawn = client.get(url)
    assert drawn_fields(drawn)
    assert form_markup(kept.text) == form_markup(drawn.text)
    assert "One Vision" in form_markup(kept.text)


@pytest.mark.django_db
def test_every_visit_gets_its_own_submission_key(client, representative, item):
    client.force_login(representative)
    url = reverse("engagement:question_create", args=[item.pk])
    keys = {SUBMISSION_KEY.search(client.get(url).text)[1] for _ in range(3)}
    assert len(keys) == 3
    assert all(uuid.UUID(key) for key in keys)


@pytest.mark.django_db
def test_a_form_with_errors_is_drawn_fresh_and_never_kept(client, representative, item):
    client.force_login(representative)
    url = reverse("engagement:question_create", args=[item.pk])
    client.get(url)
    page = client.get(url).text
    key = SUBMISSION_KEY.search(page)[1]
    organisation = representative.memberships.get().organisation_id
    refused = client.post(url, {"organisation": organisation, "text": "", "submission_key": key})
    assert refused.status_code == 200
    assert "This field is required" in refused.text
    again = client.get(url).text
    assert "This field is required" not in again
    assert "is-invalid" not in again


@pytest.mark.django_db
def test_each_person_gets_the_form_with_their_own_organisations(
    client, representative, other_representative, item
):
    url = reverse("engagement:question_create", args=[item.pk])
    pages = {}
    for person in (representative, other_representative):
        client.force_login(person)
        client.get(url)
        pages[person.username] = form_markup(client.get(url).text)
    assert "One Vision" in pages["rep.onevision"]
    assert "Herts Pride" not in pages["rep.onevision"]
    assert "Herts Pride" in pages["rep.hertspride"]
    assert "One Vision" not in pages["rep.hertspride"]


@pytest.mark.django_db(transaction=True)
def test_saved_feedback_shows_in_the_form_at_once(client, representative, item, organisation):
    client.force_login(representative)
    url = reverse("engagement:feedback_edit", args=[item.pk, organisation.pk])
    client.get(url)
    assert "Ward surgeries" not in client.get(url).text
    assert client.post(url, feedback_data()).status_code == 302
    page = client.get(url).text
    assert "Ward surgeries" in page
    revision = Feedback.objects.get().revision
    assert f'name="revision" value="{revision}"' in page


@pytest.mark.django_db(transaction=True)
def test_a_new_version_form_starts_from_the_latest_text(client, chief_inspector, watford):
    plan = factories.make_plan(watford, created_by=chief_inspector)
    version = factories.make_version(plan)
    client.force_login(chief_inspector)
    url = reverse("engagement:plan_version_create", args=[plan.pk])
    client.get(url)
    section = PlanSection.objects.filter(version=version).first()
    assert section.body in client.get(url).text
    PlanSection.objects.filter(pk=section.pk).update(body="Corrected after the first visit.")
    assert "Corrected after the first visit." in client.get(url).text


def queried_tables(queries):
    return {
        table for q in queries.captured_queries for table in re.findall(r'FROM "(\w+)"', q["sql"])
    }


def second_visit(client, person, url):
    """The page seen a second time, which must read nothing but the session (and the
    revision) and show the same form as the first."""
    client.force_login(person)
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert queried_tables(queries) == {"django_session", "engagement_contentrevision"}
    assert form_markup(second.text) == form_markup(first.text)
    return second


@pytest.mark.django_db
def test_a_second_visit_to_the_question_form_reads_only_the_session(client, representative, item):
    url = reverse("engagement:question_create", args=[item.pk])
    second = second_visit(client, representative, url)
    # The kept fields still offer the plan's sections and the panel's rules.
    assert "Which part of the plan is it about?" in second.text
    assert "Questions close" in second.text


@pytest.mark.django_db
def test_a_question_sent_after_the_meeting_closed_is_refused_though_the_form_was_kept(
    client, representative, item, organisation
):
    client.force_login(representative)
    url = reverse("engagement:question_create", args=[item.pk])
    client.get(url)
    key = SUBMISSION_KEY.search(client.get(url).text)[1]
    # Closed in this test's transaction, which never commits: the revision stays put, as
    # it does for up to PAGE_CACHE_REVISION_SECONDS after a real change.
    PanelMeeting.objects.filter(pk=item.meeting_id).update(status=PanelMeeting.Status.IN_SESSION)
    posted = {"organisation": organisation.pk, "text": "Why?", "submission_key": key}
    assert client.post(url, {**posted, "is_public": "True"}).status_code == 403
    assert not Question.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_item_whose_plan_goes_back_to_draft_is_gone_on_the_next_visit(client, item):
    url = reverse("engagement:agenda_item_detail", args=[item.pk])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    EngagementPlan.objects.filter(pk=item.plan_id).update(status=EngagementPlan.Status.DRAFT)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_navigation_is_kept_for_each_kind_of_role(client, representative, chief_inspector):
    url = reverse("engagement:meeting_list")
    links = {}
    for person in (representative, chief_inspector, representative):
        client.force_login(person)
        page = client.get(url)
        links.setdefault(person.username, []).append(page.text)
        drawn = "engagement/includes/navigation.html" in [t.name for t in page.templates]
        assert drawn == (len(links[person.username]) == 1)
    for rep_page in links["rep.onevision"]:
        assert "My questions and feedback" in rep_page
        assert "My district" not in rep_page
    assert "My district" in links[chief_inspector.username][0]
    assert "My questions and feedback" not in links[chief_inspector.username][0]


@pytest.mark.django_db
def test_a_second_visit_to_the_feedback_form_reads_only_the_session(
    client, representative, item, organisation
):
    url = reverse("engagement:feedback_edit", args=[item.pk, organisation.pk])
    second = second_visit(client, representative, url)
    for criterion in item.meeting.criteria.filter(is_active=True):
        assert criterion.title in second.text


@pytest.mark.django_db
def test_feedback_for_an_organisation_the_person_does_not_act_for_stays_a_404(
    client, representative, item, other_organisation
):
    client.force_login(representative)
    url = reverse("engagement:feedback_edit", args=[item.pk, other_organisation.pk])
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_second_visit_to_the_new_version_form_reads_only_the_session(
    client, chief_inspector, watford
):
    plan = factories.make_plan(watford, created_by=chief_inspector)
    previous = factories.make_version(plan)
    url = reverse("engagement:plan_version_create", args=[plan.pk])
    second = second_visit(client, chief_inspector, url)
    assert previous.sections.first().body in second.text


def new_version_form_seen_twice(client, chief_inspector, watford):
    """A plan with one version, and its new version form seen twice: the second is kept."""
    plan = factories.make_plan(watford, created_by=chief_inspector)
    factories.make_version(plan)
    client.force_login(chief_inspector)
    url = reverse("engagement:plan_version_create", args=[plan.pk])
    client.get(url)
    assert client.get(url).status_code == 200
    return plan, url


def sent_to_the_draft(response, draft):
    edit = reverse("engagement:plan_version_edit", args=[draft.plan_id, draft.number])
    return response.status_code == 302 and response.url == edit


@pytest.mark.django_db
def test_a_new_version_saved_from_a_kept_form_finds_a_draft_made_since(
    client, chief_inspector, watford
):
    plan, url = new_version_form_seen_twice(client, chief_inspector, watford)
    # Made in another tab, in this transaction that never commits: the revision stays put.
    draft = factories.make_version(plan, status=PlanVersion.Status.DRAFT)
    assert sent_to_the_draft(client.post(url, {"change_summary": "Second thoughts"}), draft)
    assert plan.versions.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_draft_made_elsewhere_sends_the_next_visit_to_it(client, chief_inspector, watford):
    plan, url = new_version_form_seen_twice(client, chief_inspector, watford)
    draft = factories.make_version(plan, status=PlanVersion.Status.DRAFT)
    assert sent_to_the_draft(client.get(url), draft)
