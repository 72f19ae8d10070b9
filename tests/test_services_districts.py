"""Chief inspectors' workflows: plans, versions, submission, responses and progress."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from engagement import services
from engagement.models import (
    Action,
    AgendaItem,
    ChangeRecord,
    EngagementPlan,
    PlanVersion,
    Question,
    QuestionResponse,
    SectionTemplate,
)
from engagement.plan_diff import compare_sections, diff_text
from tests import factories

pytestmark = pytest.mark.django_db


def full_sections(text="{title}: first draft."):
    return {
        template: text.format(title=template.title)
        for template in SectionTemplate.objects.filter(is_active=True)
    }


@pytest.fixture
def draft_plan(chief_inspector, watford):
    return factories.make_plan(
        watford, created_by=chief_inspector, status=EngagementPlan.Status.DRAFT
    )


@pytest.fixture
def ready_draft(draft_plan, chief_inspector):
    """A complete draft version 1, ready to submit."""
    return services.save_plan_version(
        plan=draft_plan,
        sections=full_sections(),
        document=factories.make_upload(),
        by=chief_inspector,
    )


@pytest.fixture
def open_item(draft_plan):
    return factories.make_agenda_item(factories.make_meeting(), plan=draft_plan)


def test_create_plan_starts_a_draft_and_records_who(chief_inspector, watford):
    start = timezone.localdate()
    plan = services.create_plan(
        district=watford,
        title="Watford plan",
        period_start=start,
        period_end=start + timedelta(days=365),
        by=chief_inspector,
    )
    assert plan.status == EngagementPlan.Status.DRAFT
    record = ChangeRecord.objects.for_object(plan).get()
    assert (record.action, record.actor) == ("plan.created", chief_inspector)


def test_edit_plan_refuses_a_stale_revision(draft_plan, chief_inspector):
    services.edit_plan(
        plan=draft_plan, expected_revision=1, values={"title": "First"}, by=chief_inspector
    )
    with pytest.raises(services.StaleEdit):
        services.edit_plan(
            plan=draft_plan, expected_revision=1, values={"title": "Second"}, by=chief_inspector
        )
    draft_plan.refresh_from_db()
    assert draft_plan.title == "First"


def test_save_plan_version_stores_sections_and_the_document_details(ready_draft):
    assert ready_draft.number == 1
    assert ready_draft.status == PlanVersion.Status.DRAFT
    assert ready_draft.sections.count() == SectionTemplate.objects.filter(is_active=True).count()
    assert (ready_draft.document_name, ready_draft.document_type) == ("plan.pdf", "pdf")
    assert ready_draft.document_size == len(factories.PDF_BYTES)
    # The stored name is random: it says nothing about the original.
    assert "plan" not in ready_draft.document.name
    record = ChangeRecord.objects.for_object(ready_draft).get()
    assert record.action == "plan_version.created"
    assert len(record.changes["sections"]) == ready_draft.sections.count()


def test_a_plan_has_one_draft_version_at_a_time(ready_draft, chief_inspector):
    with pytest.raises(ValidationError, match="already has a draft"):
        services.save_plan_version(
            plan=ready_draft.plan, sections=full_sections(), by=chief_inspector
        )
    assert ready_draft.plan.versions.count() == 1


def test_editing_a_draft_changes_only_what_changed(ready_draft, chief_inspector):
    sections = full_sections()
    measures = SectionTemplate.objects.get(slug="measures")
    sections[measures] = "Count surgeries held every month."
    version = services.save_plan_version(
        plan=ready_draft.plan,
        version=ready_draft,
        expected_revision=ready_draft.revision,
        sections=sections,
        by=chief_inspector,
    )
    assert version.revision == ready_draft.revision + 1
    assert version.sections.get(template=measures).body == "Count surgeries held every month."
    assert version.document_name == "plan.pdf", "no new upload keeps the document"
    record = ChangeRecord.objects.for_object(version).filter(action="plan_version.edited").get()
    assert record.changes["sections"] == ["Measures"]


def test_second_editor_of_the_same_draft_is_refused(ready_draft, chief_inspector):
    opened_at = ready_draft.revision
    first = full_sections("{title}: first editor.")
    services.save_plan_version(
        plan=ready_draft.plan,
        version=ready_draft,
        expected_revision=opened_at,
        sections=first,
        by=chief_inspector,
    )
    with pytest.raises(services.StaleEdit) as refused:
        services.save_plan_version(
            plan=ready_draft.plan,
            version=ready_draft,
            expected_revision=opened_at,
            sections=full_sections("{title}: second editor."),
            by=factories.make_chief_inspector(ready_draft.plan.district),
        )
    assert refused.value.current.pk == ready_draft.pk
    bodies = set(ready_draft.sections.values_list("body", flat=True))
    assert all(body.endswith("first editor.") for body in bodies)


def test_submitted_version_is_frozen(ready_draft, open_item, chief_inspector):
    services.submit_plan_version(version=ready_draft, agenda_item=open_item, by=chief_inspector)
    with pytest.raises(ValidationError, match="can no longer change"):
        services.save_plan_version(
            plan=ready_draft.plan,
            version=ready_draft,
            expected_revision=None,
            sections=full_sections("{title}: sneaky change."),
            by=chief_inspector,
        )
    assert not ready_draft.sections.filter(body__contains="sneaky").exists()


def test_new_version_is_numbered_after_the_last(ready_draft, open_item, chief_inspector):
    services.submit_plan_version(version=ready_draft, agenda_item=open_item, by=chief_inspector)
    second = services.save_plan_version(
        plan=ready_draft.plan, sections=full_sections(), by=chief_inspector
    )
    assert second.number == 2
    assert second.document.name == ready_draft.document.name, "the document carries forward"


def test_submit_freezes_publishes_and_links_the_agenda_item(
    ready_draft, open_item, chief_inspector
):
    version = services.submit_plan_version(
        version=ready_draft, agenda_item=open_item, by=chief_inspector
    )
    assert version.status == PlanVersion.Status.SUBMITTED
    assert version.submitted_by == chief_inspector
    assert version.submitted_at is not None
    open_item.refresh_from_db()
    assert open_item.plan_version == version
    version.plan.refresh_from_db()
    assert version.plan.status == EngagementPlan.Status.PUBLISHED
    actions = set(ChangeRecord.objects.values_list("action", flat=True))
    assert {"plan_version.submitted", "plan.published"} <= actions


def test_submitting_a_later_version_supersedes_the_earlier(ready_draft, open_item, chief_inspector):
    services.submit_plan_version(version=ready_draft, agenda_item=open_item, by=chief_inspector)
    second = services.save_plan_version(
        plan=ready_draft.plan, sections=full_sections(), by=chief_inspector
    )
    services.submit_plan_version(version=second, agenda_item=open_item, by=chief_inspector)
    ready_draft.refresh_from_db()
    open_item.refresh_from_db()
    assert ready_draft.status == PlanVersion.Status.SUPERSEDED
    assert open_item.plan_version == second
    assert (
        ChangeRecord.objects.for_object(ready_draft)
        .filter(action="plan_version.superseded")
        .exists()
    )


def test_submit_is_refused_after_the_question_deadline(ready_draft, chief_inspector):
    meeting = factories.make_meeting(
        starts_at=timezone.now() + timedelta(days=2),
        question_deadline=timezone.now() - timedelta(hours=1),
    )
    item = factories.make_agenda_item(meeting, plan=ready_draft.plan)
    with pytest.raises(ValidationError, match=r"question deadline .* passed"):
        services.submit_plan_version(version=ready_draft, agenda_item=item, by=chief_inspector)
    ready_draft.refresh_from_db()
    item.refresh_from_db()
    assert ready_draft.status == PlanVersion.Status.DRAFT
    assert item.plan_version is None


def test_submit_is_refused_for_another_plans_agenda_item(ready_draft, chief_inspector):
    other_item = factories.make_agenda_item(factories.make_meeting())
    with pytest.raises(ValidationError, match="different plan"):
        services.submit_plan_version(
            version=ready_draft, agenda_item=other_item, by=chief_inspector
        )


def test_submit_is_refused_with_empty_sections_or_no_document(
    draft_plan, open_item, chief_inspector
):
    sections = full_sections()
    risks = SectionTemplate.objects.get(slug="risks")
    sections[risks] = "   "
    version = services.save_plan_version(plan=draft_plan, sections=sections, by=chief_inspector)
    with pytest.raises(ValidationError) as refused:
        services.submit_plan_version(version=version, agenda_item=open_item, by=chief_inspector)
    assert refused.value.messages == [
        "Fill in every section before submitting. Empty: Risks.",
        "Upload the plan document before submitting.",
    ]
    version.refresh_from_db()
    assert version.status == PlanVersion.Status.DRAFT


def test_record_response_answers_the_question(chief_inspector):
    question = factories.make_question(status=Question.Status.ACCEPTED)
    response = services.record_response(question=question, text="We will.", by=chief_inspector)
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert (response.text, response.responded_by) == ("We will.", chief_inspector)
    record = ChangeRecord.objects.for_object(question).get()
    assert (record.action, record.actor) == ("question.answered", chief_inspector)


def test_editing_a_response_is_recorded(chief_inspector):
    response = factories.make_response(responded_by=chief_inspector)
    services.record_response(
        question=response.question,
        text="Better answer.",
        expected_revision=response.revision,
        by=chief_inspector,
    )
    response.refresh_from_db()
    assert response.text == "Better answer."
    record = ChangeRecord.objects.for_object(response.question).get()
    assert record.action == "question.response_edited"
    assert record.changes["text"][1] == "Better answer."


@pytest.mark.parametrize("opened_with", [None, 1], ids=["no-response-then", "older-revision"])
def test_response_written_meanwhile_is_never_overwritten(chief_inspector, opened_with):
    response = factories.make_response(text="Their answer.")
    if opened_with == 1:
        response.revision = 2
        response.save()
    with pytest.raises(services.StaleEdit):
        services.record_response(
            question=response.question,
            text="My answer.",
            expected_revision=opened_with,
            by=chief_inspector,
        )
    response.refresh_from_db()
    assert response.text == "Their answer."


def test_only_accepted_questions_can_be_answered(chief_inspector):
    question = factories.make_question(status=Question.Status.SUBMITTED)
    with pytest.raises(ValidationError, match="accepted"):
        services.record_response(question=question, text="Hello", by=chief_inspector)
    assert not QuestionResponse.objects.exists()


def test_progress_update_moves_the_action_on(chief_inspector, watford):
    action = factories.make_action(watford)
    update = services.add_progress_update(
        action=action,
        status=Action.Status.DONE,
        note="All wards visited.",
        evidence_url="https://example.org/report",
        evidence_document=factories.make_upload("evidence.pdf"),
        expected_revision=action.revision,
        by=chief_inspector,
    )
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert action.completed_on == update.reported_on
    assert (update.evidence_name, update.evidence_type) == ("evidence.pdf", "pdf")
    record = ChangeRecord.objects.for_object(action).get()
    assert record.changes["status"] == ["not_started", "done"]


def test_reopening_a_done_action_clears_its_completion_date(chief_inspector, watford):
    action = factories.make_action(
        watford, status=Action.Status.DONE, completed_on=timezone.localdate()
    )
    services.add_progress_update(
        action=action, status=Action.Status.IN_PROGRESS, note="One ward left.", by=chief_inspector
    )
    action.refresh_from_db()
    assert (action.status, action.completed_on) == (Action.Status.IN_PROGRESS, None)


def test_not_accepted_needs_a_reason(chief_inspector, watford):
    action = factories.make_action(watford)
    with pytest.raises(ValidationError, match="reason"):
        services.add_progress_update(
            action=action, status=Action.Status.NOT_ACCEPTED, note=" ", by=chief_inspector
        )
    assert not action.progress_updates.exists()


def test_progress_on_an_action_changed_meanwhile_is_refused(chief_inspector, watford):
    action = factories.make_action(watford)
    services.add_progress_update(
        action=action,
        status=Action.Status.IN_PROGRESS,
        note="Started.",
        expected_revision=1,
        by=chief_inspector,
    )
    with pytest.raises(services.StaleEdit):
        services.add_progress_update(
            action=action,
            status=Action.Status.NOT_STARTED,
            note="Not yet.",
            expected_revision=1,
            by=chief_inspector,
        )
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS
    assert action.progress_updates.count() == 1


def test_agenda_item_kinds_do_not_confuse_submission(ready_draft, chief_inspector):
    """A general item on the same meeting is not a place to submit a plan."""
    meeting = factories.make_meeting()
    general = AgendaItem.objects.create(meeting=meeting, kind="general", title="Welcome")
    with pytest.raises(ValidationError, match="different plan"):
        services.submit_plan_version(version=ready_draft, agenda_item=general, by=chief_inspector)


# The comparison of two versions -------------------------------------------------------------


def test_diff_text_marks_added_and_removed_words():
    pieces = diff_text(
        "Monthly surgeries in Holywell.", "Weekly surgeries in Holywell and Meriden."
    )
    assert [(p.kind, p.text) for p in pieces] == [
        ("removed", "Monthly "),
        ("added", "Weekly "),
        ("same", "surgeries in "),
        ("removed", "Holywell."),
        ("added", "Holywell and Meriden."),
    ]


def test_diff_text_ignores_a_changed_line_break():
    pieces = diff_text("One two\nthree", "One two three")
    assert [p.kind for p in pieces] == ["same"]


def test_compare_sections_names_each_kind_of_change():
    old = factories.make_version(sections=False)
    new = factories.make_version(old.plan, sections=False)
    risks, measures, purpose, profile = (
        SectionTemplate.objects.get(slug=slug)
        for slug in ["risks", "measures", "purpose-and-objectives", "district-profile"]
    )
    old.sections.create(template=risks, body="Staff shortages.")
    old.sections.create(template=measures, body="Count surgeries.")
    old.sections.create(template=profile, body="103,000 people.")
    new.sections.create(template=measures, body="Count surgeries and attendance.")
    new.sections.create(template=purpose, body="Reach young people.")
    new.sections.create(template=profile, body="103,000 people.")
    changes = {
        change.title: change for change in compare_sections(old.sections.all(), new.sections.all())
    }
    assert changes["Risks"].label == "Section removed"
    assert changes["Purpose and objectives"].label == "New section"
    assert changes["District profile"].label == "No change"
    assert changes["Measures"].label == "Changed: 3 words added, 1 word removed"


def test_document_name_loses_control_characters(draft_plan, chief_inspector):
    version = services.save_plan_version(
        plan=draft_plan,
        sections=full_sections(),
        document=factories.make_upload("plan\r\nSet-Cookie: x.pdf"),
        by=chief_inspector,
    )
    assert version.document_name == "planSet-Cookie: x.pdf"
