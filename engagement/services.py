"""Every change to the accountability chain, and every workflow that touches several rows.

Each function takes keyword-only arguments including the acting user (`by`), runs in a
transaction, writes the ChangeRecord that makes the change attributable, and returns the
main object it changed. Views, admin actions and management commands all call these.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import (
    Action,
    ChangeRecord,
    Correction,
    EngagementPlan,
    Recommendation,
    ScrutinyOutcome,
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


# Questions, feedback, upvotes, invitations and moderation ---------------------------------


# Meetings, agendas, attendance, live mode and minutes -------------------------------------


# Outcomes, recommendations, actions and publication ---------------------------------------
# The commissioner's office records a verdict per plan per meeting, recommends, publishes and
# corrects; chief inspectors reply to their district's recommendations. The rules the
# database also enforces (a published outcome has a rating and rationale, a rejection has a
# reason) are checked here first, so people get a message instead of an IntegrityError.


class Refused(Exception):
    """A workflow step that the panel's rules do not allow; the message says why."""


OUTCOME_FIELDS = ("rating", "rationale", "findings")
RECOMMENDATION_FIELDS = ("text", "owner", "due_on")


def _check_due_date(due_on):
    if due_on < timezone.localdate():
        raise Refused("The due date cannot be in the past.")


@transaction.atomic
def record_outcome(*, agenda_item, values, by, expected_revision=None):
    """Create or update the scrutiny outcome for one plan at one meeting, before publication."""
    outcome = ScrutinyOutcome.objects.filter(agenda_item=agenda_item).first()
    if outcome is None:
        outcome = ScrutinyOutcome.objects.create(
            meeting=agenda_item.meeting,
            plan=agenda_item.plan,
            agenda_item=agenda_item,
            reviewed_by=by,
            **{name: values.get(name, "") for name in OUTCOME_FIELDS},
        )
        record_change(subject=outcome, action="outcome.recorded", by=by, changes=dict(values))
        return outcome
    outcome = lock_for_edit(ScrutinyOutcome, pk=outcome.pk, expected_revision=expected_revision)
    if outcome.is_published:
        raise Refused("This outcome is published: record a correction instead.")
    changes = changed_fields(outcome, values)
    for name in OUTCOME_FIELDS:
        setattr(outcome, name, values.get(name, ""))
    outcome.reviewed_by = by
    outcome.revision += 1
    outcome.save()
    record_change(subject=outcome, action="outcome.updated", by=by, changes=changes)
    return outcome


@transaction.atomic
def publish_outcome(*, outcome, by):
    """Make an outcome and its recommendations public; the plan counts as scrutinised."""
    outcome = ScrutinyOutcome.objects.select_for_update().get(pk=outcome.pk)
    if outcome.is_published:
        raise Refused("This outcome is already published.")
    if not outcome.rating or not outcome.rationale.strip():
        raise Refused("Give a RAG rating and the reason for it before publishing.")
    outcome.published_at = timezone.now()
    outcome.published_by = by
    outcome.revision += 1
    outcome.save()
    EngagementPlan.objects.filter(
        pk=outcome.plan_id, status=EngagementPlan.Status.PUBLISHED
    ).update(status=EngagementPlan.Status.SCRUTINISED)
    record_change(subject=outcome, action="outcome.published", by=by)
    return outcome


@transaction.atomic
def correct_outcome(*, outcome, expected_revision, values, note, by):
    """Change published wording; the public sees the correction, its date and its reason."""
    outcome = lock_for_edit(ScrutinyOutcome, pk=outcome.pk, expected_revision=expected_revision)
    if not outcome.is_published:
        raise Refused("Only published outcomes are corrected; edit this one instead.")
    if not note.strip():
        raise Refused("Say what was corrected and why.")
    if not values.get("rating") or not values.get("rationale", "").strip():
        raise Refused("A published outcome needs a RAG rating and the reason for it.")
    changes = changed_fields(outcome, values)
    for name in OUTCOME_FIELDS:
        setattr(outcome, name, values.get(name, ""))
    outcome.revision += 1
    outcome.save()
    correction = Correction.objects.create(outcome=outcome, note=note.strip(), made_by=by)
    record_change(
        subject=outcome, action="outcome.corrected", by=by, changes=changes, note=correction.note
    )
    return outcome


@transaction.atomic
def add_recommendation(*, outcome, text, owner, due_on, questions=(), feedback=(), by):
    """Recommend something to a district, linked to the questions and feedback behind it."""
    _check_due_date(due_on)
    recommendation = Recommendation.objects.create(
        outcome=outcome,
        text=text,
        owner=owner,
        due_on=due_on,
        reply_due_on=timezone.localdate() + timedelta(days=settings.RECOMMENDATION_RESPONSE_DAYS),
        created_by=by,
    )
    recommendation.questions.set(questions)
    recommendation.feedback.set(feedback)
    if outcome.is_published:
        Correction.objects.create(
            outcome=outcome, note=f"Recommendation added: {text[:200]}", made_by=by
        )
    record_change(
        subject=recommendation,
        action="recommendation.added",
        by=by,
        changes={
            "owner": str(owner),
            "due_on": str(due_on),
            "questions": [question.pk for question in questions],
            "feedback": [item.pk for item in feedback],
        },
    )
    return recommendation


@transaction.atomic
def update_recommendation(
    *, recommendation, expected_revision, values, questions, feedback, by, note=""
):
    """Edit a recommendation; once its outcome is public the change is shown as a correction."""
    recommendation = lock_for_edit(
        Recommendation, pk=recommendation.pk, expected_revision=expected_revision
    )
    if values["due_on"] != recommendation.due_on:
        _check_due_date(values["due_on"])
    is_public = recommendation.outcome.is_published
    if is_public and not note.strip():
        raise Refused("This recommendation is published: say what was corrected and why.")
    changes = changed_fields(recommendation, values)
    for name in RECOMMENDATION_FIELDS:
        setattr(recommendation, name, values[name])
    recommendation.revision += 1
    recommendation.save()
    recommendation.questions.set(questions)
    recommendation.feedback.set(feedback)
    if is_public:
        Correction.objects.create(outcome=recommendation.outcome, note=note.strip(), made_by=by)
    record_change(
        subject=recommendation, action="recommendation.edited", by=by, changes=changes, note=note
    )
    return recommendation


REPLY_STATUSES = {
    Recommendation.Status.ACCEPTED,
    Recommendation.Status.PARTLY_ACCEPTED,
    Recommendation.Status.REJECTED,
}


@transaction.atomic
def reply_to_recommendation(
    *, recommendation, decision, reason, by, action=None, expected_revision=None
):
    """The district accepts, partly accepts or rejects; accepting creates the action.

    `action` holds the new action's title, description, owner_name and due_on.
    """
    recommendation = lock_for_edit(
        Recommendation, pk=recommendation.pk, expected_revision=expected_revision
    )
    if recommendation.status != Recommendation.Status.OPEN:
        raise Refused("The district has already replied to this recommendation.")
    if decision not in REPLY_STATUSES:
        raise Refused("Choose accept, partly accept or reject.")
    if decision != Recommendation.Status.ACCEPTED and not reason.strip():
        raise Refused("Give the reason for rejecting or only partly accepting.")
    if decision != Recommendation.Status.REJECTED:
        if not action:
            raise Refused("Say what action the district will take.")
        _check_due_date(action["due_on"])
    recommendation.status = decision
    recommendation.reply = reason.strip()
    recommendation.replied_by = by
    recommendation.replied_at = timezone.now()
    recommendation.revision += 1
    recommendation.save()
    record_change(
        subject=recommendation,
        action=f"recommendation.{decision}",
        by=by,
        changes={"status": [Recommendation.Status.OPEN, decision]},
        note=recommendation.reply,
    )
    if decision != Recommendation.Status.REJECTED:
        created = Action.objects.create(
            district=recommendation.owner,
            recommendation=recommendation,
            created_by=by,
            **action,
        )
        record_change(
            subject=created,
            action="action.created",
            by=by,
            changes={"recommendation": recommendation.pk, "due_on": str(created.due_on)},
        )
    return recommendation


@transaction.atomic
def mark_recommendation_done(*, recommendation, by):
    """The commissioner's office closes a recommendation the district has delivered."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    done_from = (Recommendation.Status.ACCEPTED, Recommendation.Status.PARTLY_ACCEPTED)
    if recommendation.status not in done_from:
        raise Refused("Only an accepted recommendation can be marked done.")
    old = recommendation.status
    recommendation.status = Recommendation.Status.DONE
    recommendation.revision += 1
    recommendation.save()
    record_change(
        subject=recommendation,
        action="recommendation.done",
        by=by,
        changes={"status": [old, Recommendation.Status.DONE]},
    )
    return recommendation
