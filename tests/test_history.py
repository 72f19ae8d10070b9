"""The change history pages: who changed what on the chain, for the commissioner's office."""

import re

import pytest
from django.urls import reverse

from engagement.models import EngagementPlan, Membership, Question
from engagement.services import record_change, update_revised
from tests import factories

pytestmark = pytest.mark.django_db


def edit_plan(plan, by, title):
    return update_revised(
        EngagementPlan,
        pk=plan.pk,
        expected_revision=plan.revision,
        values={"title": title},
        action="plan.edited",
        by=by,
    )


def test_list_shows_who_did_what_and_links_to_the_record(client, commissioner, chief_inspector):
    plan = factories.make_plan(created_by=chief_inspector)
    edit_plan(plan, chief_inspector, "Watford plan, revised")
    client.force_login(commissioner)
    response = client.get(reverse("engagement:history_list"))
    assert response.status_code == 200
    assert "plan.edited" in response.text
    assert "chief.watford" in response.text
    assert reverse("engagement:object_history", args=["plan", plan.pk]) in response.text


def test_list_filters_by_kind_record_action_and_person(client, commissioner, chief_inspector):
    plan = factories.make_plan(created_by=chief_inspector)
    other_plan = factories.make_plan(created_by=chief_inspector)
    edit_plan(plan, chief_inspector, "First")
    edit_plan(other_plan, commissioner, "Second")
    question = factories.make_question()
    record_change(subject=question, action="question.accepted", by=commissioner)
    client.force_login(commissioner)
    url = reverse("engagement:history_list")

    def actions(**query):
        response = client.get(url, query)
        return [record.action for record, _kind in response.context["rows"]]

    assert sorted(actions()) == ["plan.edited", "plan.edited", "question.accepted"]
    assert actions(kind="question") == ["question.accepted"]
    assert actions(kind="plan", record=plan.pk) == ["plan.edited"]
    assert actions(action="accept") == ["question.accepted"]
    assert actions(person="chief") == ["plan.edited"]


def test_bad_filter_says_so_and_shows_nothing(client, commissioner):
    client.force_login(commissioner)
    response = client.get(reverse("engagement:history_list"), {"since": "yesterday-ish"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter a valid date" in response.text
    assert 'value="yesterday-ish"' in response.text


def test_list_query_count_does_not_grow(client, commissioner, django_assert_num_queries):
    plan = factories.make_plan()
    client.force_login(commissioner)
    for number in range(3):
        record_change(subject=plan, action=f"plan.step{number}", by=commissioner)
    client.get(reverse("engagement:history_list"))  # content types are cached after this
    with django_assert_num_queries(13) as three:
        client.get(reverse("engagement:history_list"))
    for number in range(27):
        record_change(subject=plan, action=f"plan.more{number}", by=commissioner)
        factories.make_plan()  # more saved versions for "Latest saves" too
    with django_assert_num_queries(len(three.captured_queries)):
        response = client.get(reverse("engagement:history_list"))
    assert len(response.context["rows"]) == 30


def test_object_history_shows_steps_and_each_saved_change(client, commissioner, chief_inspector):
    plan = factories.make_plan(created_by=chief_inspector, title="Watford plan")
    edit_plan(plan, chief_inspector, "Watford plan, revised")
    client.force_login(commissioner)
    response = client.get(reverse("engagement:object_history", args=["plan", plan.pk]))
    assert response.status_code == 200
    text = response.text
    assert "plan.edited" in text
    assert "“Watford plan” to “Watford plan, revised”" in text
    assert "Created" in text and "Changed" in text


def test_object_history_query_count_does_not_grow(client, commissioner, django_assert_num_queries):
    plan = factories.make_plan()
    client.force_login(commissioner)
    url = reverse("engagement:object_history", args=["plan", plan.pk])
    for number in range(3):
        plan = edit_plan(plan, commissioner, f"Title {number}")
    client.get(url)
    with django_assert_num_queries(7) as three:
        client.get(url)
    for number in range(27):
        plan = edit_plan(plan, commissioner, f"Longer title {number}")
    with django_assert_num_queries(len(three.captured_queries)):
        client.get(url)


@pytest.mark.parametrize(
    ("kind", "make"),
    [
        ("plan", lambda: factories.make_plan()),
        ("version", lambda: factories.make_version()),
        ("question", lambda: factories.make_question()),
        ("response", lambda: factories.make_response()),
        ("outcome", lambda: factories.make_outcome()),
        ("recommendation", lambda: factories.make_recommendation()),
        ("action", lambda: factories.make_action()),
        ("membership", lambda: Membership.objects.first()),
    ],
)
def test_every_kind_on_the_chain_has_a_history_page(client, commissioner, kind, make):
    subject = make()
    client.force_login(commissioner)
    response = client.get(reverse("engagement:object_history", args=[kind, subject.pk]))
    assert response.status_code == 200
    assert "Created" in response.text


def test_admin_edits_appear_in_the_history(client, site_admin, commissioner):
    question = factories.make_question(text="Original text")
    question.text = "Edited in the admin"
    question._history_user = site_admin
    question.save()
    client.force_login(commissioner)
    response = client.get(reverse("engagement:object_history", args=["question", question.pk]))
    assert "“Original text” to “Edited in the admin”" in response.text
    assert "by admin" in response.text
    assert Question.history.filter(id=question.pk).count() == 2


def test_list_shows_the_latest_saves_made_outside_the_services(client, commissioner):
    plan = factories.make_plan(title="Made in the admin")
    client.force_login(commissioner)
    response = client.get(reverse("engagement:history_list"))
    link = reverse("engagement:object_history", args=["plan", plan.pk])
    assert f'<a href="{link}">Created plan {plan.pk}</a>' in response.text
    only_questions = client.get(reverse("engagement:history_list"), {"kind": "question"})
    assert link not in only_questions.text


def test_next_page_link_keeps_the_filters(client, commissioner):
    plan = factories.make_plan()
    for number in range(60):
        record_change(subject=plan, action=f"plan.step{number}", by=commissioner)
    client.force_login(commissioner)
    url = reverse("engagement:history_list")
    first = client.get(url, {"kind": "plan"})
    assert first.context["page"].has_next()
    href = re.search(r'href="([^"]*)">Next', first.text).group(1).replace("&amp;", "&")
    assert href.startswith("?") and not href.startswith("??")
    second = client.get(url + href)
    assert second.context["page"].number == 2
    assert second.context["filter_form"].data["kind"] == "plan"
