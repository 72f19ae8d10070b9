"""Form fields drawn once per person and change, with the page cache on: the same markup as
crispy draws, a fresh submission key every time, and never a stale or someone else's form.

Tests that change a record truly commit, as the content revision only moves on commit.
"""

import re
import uuid

import pytest
from django.urls import reverse

from engagement.models import Feedback, PlanSection
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
