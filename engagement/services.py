"""Every change to the accountability chain, and every workflow that touches several rows.

Each function takes keyword-only arguments including the acting user (`by`), runs in a
transaction, writes the ChangeRecord that makes the change attributable, and returns the
main object it changed. Views, admin actions and management commands all call these.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import (
    Action,
    AgendaItem,
    ChangeRecord,
    EngagementPlan,
    PlanSection,
    PlanVersion,
    ProgressUpdate,
    Question,
    QuestionResponse,
    SectionTemplate,
)


class StaleEdit(Exception):
    """Someone else saved the record after this person opened it."""

    def __init__(self, current):
        super().__init__(f"{current} changed since it was opened")
        self.current = current


def record_change(*, subject, action, by, changes=None, note=""):
    """Write one attributable step: who did what to which record."""
    return ChangeRecord.objects.create(
        actor=by if by is not None and by.is_authenticated else None,
        action=action,
        subject=subject,
        object_repr=str(subject)[:255],
        changes=changes or {},
        note=note,
    )


def lock_for_edit(model, *, pk, expected_revision):
    """Fetch a row for update and refuse if it moved on since the editor loaded it.

    Callers hold the returned row inside their transaction, change it, bump `revision` and
    save, so two people editing the same record never silently overwrite each other.
    """
    current = model.objects.select_for_update().get(pk=pk)
    if expected_revision is not None and current.revision != expected_revision:
        raise StaleEdit(current)
    return current


def changed_fields(instance, values):
    """{field: [old, new]} for the values that differ, for the change record."""
    return {
        name: [str(getattr(instance, name)), str(value)]
        for name, value in values.items()
        if getattr(instance, name) != value
    }


@transaction.atomic
def update_revised(model, *, pk, expected_revision, values, action, by):
    """Apply a form's cleaned values to a revised row, refusing a stale edit."""
    instance = lock_for_edit(model, pk=pk, expected_revision=expected_revision)
    changes = changed_fields(instance, values)
    for name, value in values.items():
        setattr(instance, name, value)
    instance.revision += 1
    instance.save()
    record_change(subject=instance, action=action, by=by, changes=changes)
    return instance


# Plans, versions, responses and progress (chief inspectors) -------------------------------


def original_name(upload):
    """The uploaded file's own name, without control characters, to offer on download."""
    return "".join(ch for ch in upload.name if ch.isprintable())[:255] or "document"


@transaction.atomic
def create_plan(*, district, title, period_start, period_end, by):
    """Start a district's plan for a period; it stays a draft until a version is submitted."""
    plan = EngagementPlan.objects.create(
        district=district,
        title=title,
        period_start=period_start,
        period_end=period_end,
        created_by=by,
    )
    record_change(
        subject=plan,
        action="plan.created",
        by=by,
        changes={"title": ["", title], "period": ["", f"{period_start} to {period_end}"]},
    )
    return plan


def edit_plan(*, plan, expected_revision, values, by):
    """Change a plan's title or period, refusing a stale edit."""
    return update_revised(
        EngagementPlan,
        pk=plan.pk,
        expected_revision=expected_revision,
        values=values,
        action="plan.edited",
        by=by,
    )


@transaction.atomic
def save_plan_version(
    *, plan, sections, by, change_summary="", document=None, version=None, expected_revision=None
):
    """Create a draft version (`version=None`) or edit a draft, with its sections.

    `sections` maps each SectionTemplate to its text. `document` is an upload checked by
    forms.DocumentField (which set its `document_type`), or None to keep the current one.
    A new version keeps the previous version's document unless another is uploaded. A
    submitted version is frozen: changes go into a new version.
    """
    if version is None:
        # Locking the plan serialises numbering when two people start a version at once.
        plan = EngagementPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.versions.filter(status=PlanVersion.Status.DRAFT).exists():
            raise ValidationError(
                "This plan already has a draft version. Carry on with that draft instead.",
                code="draft_exists",
            )
        previous = plan.versions.order_by("-number").first()
        version = PlanVersion(
            plan=plan, number=previous.number + 1 if previous else 1, created_by=by
        )
        if previous and previous.document:
            # Like its text, a new version starts with the previous version's document.
            version.document = previous.document.name
            version.document_name = previous.document_name
            version.document_type = previous.document_type
            version.document_size = previous.document_size
        saved = {}
        action = "plan_version.created"
    else:
        version = lock_for_edit(PlanVersion, pk=version.pk, expected_revision=None)
        # Frozen comes first: a submission also moves the revision on, and "start a new
        # version" is the useful thing to hear then, not "someone else changed it".
        if version.is_frozen:
            raise ValidationError(
                f"Version {version.number} has been submitted, so it can no longer change. "
                "Start a new version instead.",
                code="frozen",
            )
        if expected_revision is not None and version.revision != expected_revision:
            raise StaleEdit(version)
        version.revision += 1
        saved = {section.template_id: section for section in version.sections.all()}
        action = "plan_version.edited"
    changes = changed_fields(version, {"change_summary": change_summary})
    version.change_summary = change_summary
    if document is not None:
        changes["document"] = [version.document_name, original_name(document)]
        version.document = document
        version.document_name = original_name(document)
        version.document_type = document.document_type
        version.document_size = document.size
    version.save()
    changed_sections = []
    for template, body in sections.items():
        section = saved.get(template.pk) or PlanSection(version=version, template=template)
        if section.pk is None or section.body != body:
            section.body = body
            section.save()
            changed_sections.append(template.title)
    if changed_sections:
        changes["sections"] = changed_sections
    record_change(subject=version, action=action, by=by, changes=changes)
    return version


def missing_for_submission(version):
    """What still stops a version being submitted: empty sections and a missing document."""
    filled = {section.template_id for section in version.sections.all() if section.body.strip()}
    empty = [
        template.title
        for template in SectionTemplate.objects.filter(is_active=True)
        if template.pk not in filled
    ]
    problems = []
    if empty:
        problems.append("Fill in every section before submitting. Empty: " + ", ".join(empty) + ".")
    if not version.document:
        problems.append("Upload the plan document before submitting.")
    return problems


@transaction.atomic
def submit_plan_version(*, version, agenda_item, by):
    """Put a draft version on a meeting's agenda item before its question deadline.

    The version is frozen, supersedes the plan's earlier submitted version, and the plan is
    published, so representatives can read it and ask questions.
    """
    version = PlanVersion.objects.select_for_update().get(pk=version.pk)
    agenda_item = (
        AgendaItem.objects.select_for_update().select_related("meeting").get(pk=agenda_item.pk)
    )
    meeting = agenda_item.meeting
    if version.is_frozen:
        raise ValidationError(
            f"Version {version.number} has already been submitted.", code="already_submitted"
        )
    if agenda_item.plan_id != version.plan_id:
        raise ValidationError("That agenda item is for a different plan.", code="wrong_plan")
    if meeting.is_past_deadline:
        deadline = timezone.localtime(meeting.question_deadline)
        raise ValidationError(
            f"The question deadline for {meeting.title} passed on {deadline:%-d %B %Y at %H:%M}. "
            "A version can only be submitted before the deadline.",
            code="deadline_passed",
        )
    problems = missing_for_submission(version)
    if problems:
        raise ValidationError(problems, code="incomplete")
    earlier = version.plan.versions.select_for_update().filter(status=PlanVersion.Status.SUBMITTED)
    for old in earlier:
        old.status = PlanVersion.Status.SUPERSEDED
        old.revision += 1
        old.save(update_fields=["status", "revision", "updated_at"])
        record_change(
            subject=old,
            action="plan_version.superseded",
            by=by,
            changes={"status": ["submitted", "superseded"]},
            note=f"Superseded by version {version.number}.",
        )
    version.status = PlanVersion.Status.SUBMITTED
    version.submitted_at = timezone.now()
    version.submitted_by = by
    version.revision += 1
    version.save()
    replaced = agenda_item.plan_version
    agenda_item.plan_version = version
    agenda_item.save(update_fields=["plan_version"])
    record_change(
        subject=version,
        action="plan_version.submitted",
        by=by,
        changes={
            "status": ["draft", "submitted"],
            "agenda item version": [str(replaced or ""), str(version)],
        },
        note=f"Submitted to {meeting}.",
    )
    plan = EngagementPlan.objects.select_for_update().get(pk=version.plan_id)
    if plan.status != EngagementPlan.Status.PUBLISHED:
        record_change(
            subject=plan,
            action="plan.published",
            by=by,
            changes={"status": [plan.status, EngagementPlan.Status.PUBLISHED]},
        )
        plan.status = EngagementPlan.Status.PUBLISHED
        plan.revision += 1
        plan.save(update_fields=["status", "revision", "updated_at"])
    return version


@transaction.atomic
def record_response(*, question, text, by, expected_revision=None):
    """Write or edit the answer to an accepted question; the question becomes answered.

    `expected_revision` is the response's revision when the form was opened, or None if there
    was no response then: a response written by someone else meanwhile is never overwritten.
    """
    question = Question.objects.select_for_update().get(pk=question.pk)
    if not question.is_shown:
        raise ValidationError(
            "Only questions the panel has accepted can be answered.", code="not_accepted"
        )
    response = QuestionResponse.objects.select_for_update().filter(question=question).first()
    if response is None:
        response = QuestionResponse.objects.create(question=question, text=text, responded_by=by)
        record_change(
            subject=question, action="question.answered", by=by, changes={"response": ["", text]}
        )
    else:
        if response.revision != expected_revision:
            raise StaleEdit(response)
        changes = changed_fields(response, {"text": text})
        response.text = text
        response.revision += 1
        response.save()
        record_change(subject=question, action="question.response_edited", by=by, changes=changes)
    if question.status == Question.Status.ACCEPTED:
        question.status = Question.Status.ANSWERED
        question.revision += 1
        question.save(update_fields=["status", "revision", "updated_at"])
    return response


@transaction.atomic
def add_progress_update(
    *, action, status, note, by, evidence_url="", evidence_document=None, expected_revision=None
):
    """Report dated progress on an action; the action takes the reported status."""
    action = lock_for_edit(Action, pk=action.pk, expected_revision=expected_revision)
    if status == Action.Status.NOT_ACCEPTED and not note.strip():
        raise ValidationError("Give the reason the action was not accepted.", code="no_reason")
    update = ProgressUpdate(
        action=action, status=status, note=note, evidence_url=evidence_url, reported_by=by
    )
    if evidence_document is not None:
        update.evidence_document = evidence_document
        update.evidence_name = original_name(evidence_document)
        update.evidence_type = evidence_document.document_type
    update.save()
    changes = changed_fields(action, {"status": status})
    action.status = status
    if status != Action.Status.DONE:
        action.completed_on = None
    elif action.completed_on is None:
        action.completed_on = update.reported_on
    action.revision += 1
    action.save()
    record_change(
        subject=action, action="action.progress_reported", by=by, changes=changes, note=note
    )
    return update


# Questions, feedback, upvotes, invitations and moderation ---------------------------------


# Meetings, agendas, attendance, live mode and minutes -------------------------------------


# Outcomes, recommendations, actions and publication ---------------------------------------
