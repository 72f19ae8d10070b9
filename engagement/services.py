"""Every change to the accountability chain, and every workflow that touches several rows.

Each function takes keyword-only arguments including the acting user (`by`), runs in a
transaction, writes the ChangeRecord that makes the change attributable, and returns the
main object it changed. Views, admin actions and management commands all call these.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from . import emails
from .models import (
    Action,
    AgendaItem,
    Attendance,
    ChangeRecord,
    Correction,
    EngagementPlan,
    Feedback,
    FeedbackRating,
    Invitation,
    Membership,
    PanelMeeting,
    PlanSection,
    PlanVersion,
    Profile,
    ProgressUpdate,
    Question,
    QuestionResponse,
    Recommendation,
    ScrutinyOutcome,
    SectionTemplate,
    Upvote,
    roles_of,
)
from .permissions import can_change_question, can_give_feedback, can_upvote


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
        notify_question_answered(question)
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


class Refused(Exception):
    """A panel rule stops this change; the message says which, in plain words."""


INVITATION_SALT = "engagement.invitation"
CHANGEABLE = (Question.Status.SUBMITTED, Question.Status.ACCEPTED)


def _check_question_caps(meeting, *, by, organisation):
    counted = Question.objects.filter(agenda_item__meeting=meeting).exclude(
        status__in=[Question.Status.WITHDRAWN, Question.Status.DECLINED]
    )
    per_person = meeting.max_questions_per_person
    if per_person is not None and counted.filter(asked_by=by).count() >= per_person:
        raise Refused(
            f"This meeting takes at most {per_person} question{pluralize(per_person)} from "
            "each person, and you have reached that. Withdraw one to ask another."
        )
    per_organisation = meeting.max_questions_per_organisation
    if (
        per_organisation is not None
        and counted.filter(organisation=organisation).count() >= per_organisation
    ):
        raise Refused(
            f"This meeting takes at most {per_organisation} "
            f"question{pluralize(per_organisation)} from each organisation, and "
            f"{organisation} has reached that."
        )


@transaction.atomic
def ask_question(
    *, agenda_item, by, organisation, text, section=None, is_public=True, submission_key=None
):
    """Send a representative's question to moderation; the same form sent twice stores one."""
    # Locking the meeting makes caps and double submits safe against racing requests.
    meeting = PanelMeeting.objects.select_for_update().get(pk=agenda_item.meeting_id)
    if submission_key is not None:
        existing = Question.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            if existing.asked_by_id != by.pk:
                raise Refused("This form was already used. Open the page again to ask.")
            return existing
    if organisation.pk not in roles_of(by).organisation_ids:
        raise Refused(f"You do not represent {organisation}.")
    if not meeting.is_open_for_questions:
        raise Refused("This meeting is not taking questions.")
    if section is not None and not agenda_item.plan_version.sections.filter(template=section):
        raise Refused(f"This version of the plan has no section called {section}.")
    _check_question_caps(meeting, by=by, organisation=organisation)
    question = Question.objects.create(
        agenda_item=agenda_item,
        plan_version_id=agenda_item.plan_version_id,
        section=section,
        asked_by=by,
        organisation=organisation,
        text=text,
        is_public=is_public,
        is_late=meeting.is_past_deadline,
        submission_key=submission_key or uuid.uuid4(),
    )
    record_change(
        subject=question,
        action="question.asked",
        by=by,
        note="Asked after the question deadline." if question.is_late else "",
    )
    return question


@transaction.atomic
def edit_question(*, question, by, text, section, is_public, expected_revision):
    """Change one's own question before the deadline; an accepted one goes back to moderation."""
    current = lock_for_edit(Question, pk=question.pk, expected_revision=expected_revision)
    if not can_change_question(by, current):
        raise Refused("This question can no longer be changed.")
    values = {"text": text, "section": section, "is_public": is_public}
    changes = changed_fields(current, values)
    if not changes:
        return current
    for name, value in values.items():
        setattr(current, name, value)
    if current.status == Question.Status.ACCEPTED:
        # The secretariat accepted the old wording, so it checks the new one.
        changes["status"] = [current.status, Question.Status.SUBMITTED]
        current.status = Question.Status.SUBMITTED
    current.revision += 1
    current.save()
    record_change(subject=current, action="question.edited", by=by, changes=changes)
    return current


@transaction.atomic
def withdraw_question(*, question, by):
    """Take one's own question back before the deadline."""
    current = Question.objects.select_for_update().get(pk=question.pk)
    if not can_change_question(by, current):
        raise Refused("This question can no longer be withdrawn.")
    changes = {"status": [current.status, Question.Status.WITHDRAWN]}
    current.status = Question.Status.WITHDRAWN
    current.revision += 1
    current.save()
    record_change(subject=current, action="question.withdrawn", by=by, changes=changes)
    return current


def toggle_upvote(*, question, by, support=None):
    """Add or take back one person's support (None flips it); returns the fresh question.

    The Upvote row records who and when. The unique constraint settles racing requests, and
    vote_count moves with an F() update in the same transaction so it never drifts.
    """
    if not can_upvote(by, question):
        raise Refused("You cannot support this question.")
    with transaction.atomic():
        # Votes on one question queue behind each other (and behind a merge recounting them).
        Question.objects.select_for_update().get(pk=question.pk)
        votes = Upvote.objects.filter(question=question, user=by)
        if support is None:
            support = not votes.exists()
        if support:
            try:
                with transaction.atomic():
                    Upvote.objects.create(question=question, user=by)
            except IntegrityError:
                pass  # Another request of theirs got there first: one vote stands.
            else:
                Question.objects.filter(pk=question.pk).update(vote_count=F("vote_count") + 1)
        elif votes.delete()[0]:
            Question.objects.filter(pk=question.pk).update(vote_count=F("vote_count") - 1)
    question.refresh_from_db(fields=["vote_count"])
    return question


@transaction.atomic
def save_feedback(
    *, agenda_item, organisation, by, ratings, what_works, what_is_missing, expected_revision
):
    """Give or update one representative's feedback for one organisation on a plan version."""
    if not can_give_feedback(by, agenda_item):
        raise Refused("Feedback on this plan closed at the meeting's question deadline.")
    if organisation.pk not in roles_of(by).organisation_ids:
        raise Refused(f"You do not represent {organisation}.")
    criteria = list(agenda_item.meeting.criteria.filter(is_active=True))
    if {criterion.pk for criterion in criteria} - {criterion.pk for criterion in ratings}:
        raise Refused("Give a rating for every criterion.")
    values = {"what_works": what_works, "what_is_missing": what_is_missing}
    feedback = (
        Feedback.objects.select_for_update()
        .filter(plan_version_id=agenda_item.plan_version_id, author=by, organisation=organisation)
        .first()
    )
    if feedback is not None and feedback.revision != expected_revision:
        raise StaleEdit(feedback)
    if feedback is None:
        if expected_revision is not None:
            raise Refused("That feedback no longer exists.")
        try:
            with transaction.atomic():
                feedback = Feedback.objects.create(
                    plan_version_id=agenda_item.plan_version_id,
                    agenda_item=agenda_item,
                    author=by,
                    organisation=organisation,
                    **values,
                )
        except IntegrityError:
            # Sent from a second tab at the same moment: show what the first one saved.
            raise StaleEdit(
                Feedback.objects.get(
                    plan_version_id=agenda_item.plan_version_id,
                    author=by,
                    organisation=organisation,
                )
            ) from None
        action, changes = "feedback.given", {}
    else:
        changes = changed_fields(feedback, values)
        for name, value in values.items():
            setattr(feedback, name, value)
        feedback.revision += 1
        feedback.save()
        action = "feedback.edited"
    old_scores = {rating.criterion_id: rating.score for rating in feedback.ratings.all()}
    for criterion in criteria:
        score = ratings[criterion]
        if old_scores.get(criterion.pk) != score:
            FeedbackRating.objects.update_or_create(
                feedback=feedback, criterion=criterion, defaults={"score": score}
            )
            changes[criterion.title] = [str(old_scores.get(criterion.pk, "")), str(score)]
    record_change(subject=feedback, action=action, by=by, changes=changes)
    return feedback


def _lock_changeable(pk):
    question = Question.objects.select_for_update().select_related("agenda_item").get(pk=pk)
    if question.status not in CHANGEABLE:
        raise Refused(f"Question {question.pk} is already {question.get_status_display().lower()}.")
    return question


@transaction.atomic
def moderate_question(*, question, by, decision, reason="", merge_into=None):
    """Accept, decline with a reason, or merge a question into a duplicate; the asker is told."""
    current = _lock_changeable(question.pk)
    if decision == "merge":
        return _merge_question(current, merge_into, by=by)
    if decision == "accept":
        if current.status != Question.Status.SUBMITTED:
            raise Refused(f"Question {current.pk} is already accepted.")
        new_status = Question.Status.ACCEPTED
    elif decision == "decline":
        reason = reason.strip()
        if not reason:
            raise Refused("Give a reason for declining.")
        new_status = Question.Status.DECLINED
        current.decline_reason = reason
    else:
        raise ValueError(f"Unknown moderation decision {decision!r}")
    changes = {"status": [current.status, new_status]}
    current.status = new_status
    current.moderated_by = by
    current.moderated_at = timezone.now()
    current.revision += 1
    current.save()
    record_change(
        subject=current, action=f"question.{new_status}", by=by, changes=changes, note=reason
    )
    if new_status == Question.Status.ACCEPTED:
        emails.question_accepted(current)
    else:
        emails.question_declined(current)
    return current


def _merge_question(current, target, *, by):
    if target is None or target.pk == current.pk:
        raise Refused("Choose another question to merge this one into.")
    target = _lock_changeable(target.pk)
    if target.agenda_item_id != current.agenda_item_id:
        raise Refused("Only questions on the same agenda item can be merged.")
    # The duplicate's asker and supporters now support the question that stays; a person
    # who supported both still counts once, and nobody supports their own question.
    supporters = set(current.upvotes.values_list("user_id", flat=True))
    supporters.add(current.asked_by_id)
    supporters -= {None, target.asked_by_id}
    supporters -= set(target.upvotes.values_list("user_id", flat=True))
    Upvote.objects.bulk_create(
        [Upvote(question=target, user_id=user_id) for user_id in supporters],
        ignore_conflicts=True,
    )
    target.vote_count = target.upvotes.count()
    target.save(update_fields=["vote_count", "updated_at"])
    # Earlier duplicates of this one follow it, so their askers hear about the answer too.
    Question.objects.filter(merged_into=current).update(merged_into=target)
    changes = {"status": [current.status, Question.Status.MERGED], "merged_into": ["", target.pk]}
    current.status = Question.Status.MERGED
    current.merged_into = target
    current.moderated_by = by
    current.moderated_at = timezone.now()
    current.revision += 1
    current.save()
    record_change(subject=current, action="question.merged", by=by, changes=changes)
    record_change(
        subject=target,
        action="question.merge_received",
        by=by,
        note=f"Question {current.pk} merged into this one; {len(supporters)} supporter(s) added.",
    )
    emails.question_merged(current, target)
    return current


@transaction.atomic
def bulk_moderate(*, questions, by, decision, reason=""):
    """Accept or decline several questions at once: all of them, or none if one cannot be."""
    if decision not in ("accept", "decline"):
        raise ValueError(f"Cannot {decision} several questions at once")
    return [
        moderate_question(question=question, by=by, decision=decision, reason=reason)
        for question in questions
    ]


@transaction.atomic
def reword_question(*, question, by, text, expected_revision, note=""):
    """Clarify a question's wording; the original stays in the change record and history."""
    current = lock_for_edit(Question, pk=question.pk, expected_revision=expected_revision)
    if current.status not in CHANGEABLE:
        raise Refused(f"Question {current.pk} is {current.get_status_display().lower()}.")
    if text == current.text:
        return current
    changes = {"text": [current.text, text]}
    current.text = text
    current.revision += 1
    current.save()
    record_change(
        subject=current,
        action="question.reworded",
        by=by,
        changes=changes,
        note=note or "Reworded for clarity by the panel secretariat.",
    )
    return current


def notify_question_answered(question):
    """Email the asker, and the askers of duplicates merged into it, that it was answered.

    Call it from inside the transaction that records the response: the email goes once that
    commits, and a mail failure is logged without failing the request.
    """
    askers = [question.asked_by] + [
        duplicate.asked_by
        for duplicate in question.merged_questions.select_related("asked_by__profile")
    ]
    emails.question_answered(question, [asker for asker in askers if asker is not None])


def invitation_token(invitation):
    """A signed, timestamped token naming the invitation; it carries nothing else."""
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


def invitation_link(invitation, *, base_url):
    path = reverse("engagement:invitation_accept", args=[invitation_token(invitation)])
    return base_url.rstrip("/") + path


def invitation_from_token(token):
    """The invitation a link names, or an exception saying why the link is no good.

    Raises signing.SignatureExpired, signing.BadSignature or Invitation.DoesNotExist.
    """
    max_age = timedelta(days=settings.INVITATION_MAX_AGE_DAYS)
    pk = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    return Invitation.objects.select_related("organisation").get(pk=pk)


@transaction.atomic
def send_invitation(*, email, organisation, by, base_url, full_name=""):
    """Invite a person by email to represent an organisation, with a signed single-use link."""
    invitation = Invitation.objects.create(
        email=email,
        full_name=full_name,
        organisation=organisation,
        invited_by=by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_MAX_AGE_DAYS),
    )
    record_change(subject=invitation, action="invitation.sent", by=by)
    emails.invitation(invitation, invitation_link(invitation, base_url=base_url))
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation, by):
    """Stop an unused invitation link from working."""
    current = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if current.accepted_at is not None:
        raise Refused("That invitation has already been accepted.")
    if current.revoked_at is None:
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at"])
        record_change(subject=current, action="invitation.revoked", by=by)
    return current


@transaction.atomic
def accept_invitation(*, invitation, user):
    """Make the invited person (a new, unsaved user or a signed-in one) a representative."""
    current = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not current.is_usable:
        raise Refused("This invitation link has already been used, withdrawn or has expired.")
    if user.pk is None:
        user.email = current.email
        user.save()
    Profile.objects.get_or_create(user=user)
    membership, _ = Membership.objects.update_or_create(
        user=user,
        organisation=current.organisation,
        role=Membership.Role.REPRESENTATIVE,
        defaults={
            "status": Membership.Status.ACTIVE,
            "decided_by": current.invited_by,
            "decided_at": timezone.now(),
        },
    )
    current.accepted_at = timezone.now()
    current.accepted_by = user
    current.save(update_fields=["accepted_at", "accepted_by"])
    record_change(subject=membership, action="invitation.accepted", by=user, note=str(current))
    return membership


@transaction.atomic
def request_membership(*, organisation, note, by):
    """Ask the secretariat to let a representative act for another organisation too."""
    membership = (
        Membership.objects.select_for_update()
        .filter(user=by, organisation=organisation, role=Membership.Role.REPRESENTATIVE)
        .first()
    )
    if membership is not None and membership.status == Membership.Status.ACTIVE:
        raise Refused(f"You already represent {organisation}.")
    if membership is not None and membership.status == Membership.Status.PENDING:
        raise Refused(f"You have already asked to represent {organisation}.")
    if membership is None:
        membership = Membership(user=by, organisation=organisation)
        membership.role = Membership.Role.REPRESENTATIVE
    membership.status = Membership.Status.PENDING
    membership.request_note = note
    membership.decided_by = None
    membership.decided_at = None
    membership.save()
    record_change(subject=membership, action="membership.requested", by=by, note=note)
    return membership


@transaction.atomic
def decide_membership(*, membership, by, approve):
    """Approve or decline a request to represent an organisation; the person is told."""
    current = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if current.status != Membership.Status.PENDING:
        raise Refused("That request has already been decided.")
    current.status = Membership.Status.ACTIVE if approve else Membership.Status.DECLINED
    current.decided_by = by
    current.decided_at = timezone.now()
    current.save()
    record_change(
        subject=current,
        action="membership.approved" if approve else "membership.declined",
        by=by,
    )
    emails.membership_decided(current)
    return current


# Meetings, agendas, attendance, live mode and minutes -------------------------------------


class MeetingRefused(Exception):
    """A meeting step the panel's rules do not allow; the message says why, in plain words."""


def screen_cache_key(meeting_id):
    """Where the public screen's current ETag is cached (see views/screen.py)."""
    return f"meeting-screen-etag:{meeting_id}"


def _forget_screen(meeting_id):
    # Dropped now and again once committed, so a poll that raced the change cannot keep
    # serving the old state for long.
    key = screen_cache_key(meeting_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def _bump_live(meeting):
    """Mark the live record as changed, so the public screen fetches it again."""
    meeting.live_changed_at = timezone.now()
    _forget_screen(meeting.pk)


MEETING_FIELDS = [
    "title",
    "starts_at",
    "ends_at",
    "venue",
    "chair",
    "question_deadline",
    "max_questions_per_person",
    "max_questions_per_organisation",
]


@transaction.atomic
def create_meeting(*, values, criteria, by):
    """Schedule a meeting; it stays hidden from the public until it opens for questions."""
    meeting = PanelMeeting.objects.create(**{name: values[name] for name in MEETING_FIELDS})
    meeting.criteria.set(criteria)
    record_change(subject=meeting, action="meeting.scheduled", by=by)
    return meeting


@transaction.atomic
def update_meeting(*, meeting, expected_revision, values, criteria, by):
    """Change a meeting's details, refusing a stale edit and edits to a published record."""
    meeting = lock_for_edit(PanelMeeting, pk=meeting.pk, expected_revision=expected_revision)
    if meeting.has_published_minutes:
        raise MeetingRefused("The minutes are published, so the meeting can no longer change.")
    changes = changed_fields(meeting, {name: values[name] for name in MEETING_FIELDS})
    old_criteria = set(meeting.criteria.values_list("pk", flat=True))
    if old_criteria != {criterion.pk for criterion in criteria}:
        changes["criteria"] = [", ".join(sorted(str(c) for c in criteria))]
    for name in MEETING_FIELDS:
        setattr(meeting, name, values[name])
    meeting.revision += 1
    _bump_live(meeting)
    meeting.save()
    meeting.criteria.set(criteria)
    record_change(subject=meeting, action="meeting.edited", by=by, changes=changes)
    return meeting


NEXT_STATUS = {
    PanelMeeting.Status.SCHEDULED: PanelMeeting.Status.OPEN_FOR_QUESTIONS,
    PanelMeeting.Status.OPEN_FOR_QUESTIONS: PanelMeeting.Status.IN_SESSION,
    PanelMeeting.Status.IN_SESSION: PanelMeeting.Status.CLOSED,
    PanelMeeting.Status.CLOSED: PanelMeeting.Status.MINUTES_PUBLISHED,
}


def _refuse_status_move(meeting, to):
    """Why `meeting` may not move to `to` now, or "" if it may."""
    if NEXT_STATUS.get(meeting.status) != to:
        label = PanelMeeting.Status(to).label if to in PanelMeeting.Status.values else to
        following = NEXT_STATUS.get(meeting.status)
        step = f" The next step is “{following.label}”." if following else ""
        return f"A meeting that is “{meeting.get_status_display()}” cannot move to “{label}”.{step}"
    has_agenda = meeting.agenda_items.exists()
    if to == PanelMeeting.Status.OPEN_FOR_QUESTIONS:
        if not has_agenda:
            return "Add at least one item to the agenda before opening for questions."
        if meeting.is_past_deadline:
            return "The question deadline has passed: set a later deadline first."
    if to == PanelMeeting.Status.IN_SESSION and not has_agenda:
        return "The meeting has no agenda items to take."
    if to == PanelMeeting.Status.CLOSED:
        asked = Question.objects.filter(
            agenda_item__meeting=meeting, live_state=Question.LiveState.ASKED
        ).first()
        if asked:
            return (
                f"Question {asked.pk} is still being asked: record its answer or defer it "
                "before closing the meeting."
            )
    if to == PanelMeeting.Status.MINUTES_PUBLISHED:
        if not meeting.minutes.strip():
            return "There are no minutes to publish yet."
        if meeting.minutes_approved_at is None:
            return "The minutes have not been approved: approve them before publishing."
    return ""


@transaction.atomic
def move_meeting_status(*, meeting, to, by):
    """Take the meeting one step along its life, or raise MeetingRefused saying why not."""
    meeting = PanelMeeting.objects.select_for_update().get(pk=meeting.pk)
    reason = _refuse_status_move(meeting, to)
    if reason:
        raise MeetingRefused(reason)
    old = meeting.status
    meeting.status = to
    if to == PanelMeeting.Status.IN_SESSION:
        meeting.current_item = meeting.agenda_items.order_by("order", "pk").first()
        meeting.current_question = None
    if to == PanelMeeting.Status.CLOSED:
        meeting.current_item = meeting.current_question = None
    if to == PanelMeeting.Status.MINUTES_PUBLISHED:
        meeting.minutes_published_at = timezone.now()
    meeting.revision += 1
    _bump_live(meeting)
    meeting.save()
    record_change(subject=meeting, action=f"meeting.{to}", by=by, changes={"status": [old, to]})
    if to == PanelMeeting.Status.CLOSED and not meeting.minutes.strip():
        meeting = draft_minutes(meeting=meeting, by=by)
    return meeting


def _refuse_agenda_change(meeting):
    if meeting.status not in (
        PanelMeeting.Status.SCHEDULED,
        PanelMeeting.Status.OPEN_FOR_QUESTIONS,
    ):
        raise MeetingRefused("The agenda is fixed once the meeting is in session.")


def _renumber(meeting):
    """Orders 1..n in agenda order, so moving an item is a swap of two neighbours."""
    items = list(meeting.agenda_items.order_by("order", "pk"))
    for number, item in enumerate(items, start=1):
        if item.order != number:
            item.order = number
            item.save(update_fields=["order"])
    return items


def _invite_chief_inspectors(meeting, district):
    """The district's chief inspectors present their plan: put them on the register."""
    leads = Membership.objects.active().filter(
        role=Membership.Role.CHIEF_INSPECTOR, district=district
    )
    for membership in leads.select_related("user"):
        Attendance.objects.get_or_create(
            meeting=meeting,
            user=membership.user,
            defaults={
                "name": membership.user.get_full_name() or membership.user.get_username(),
                "capacity": f"Chief inspector, {district}",
            },
        )


@transaction.atomic
def add_agenda_item(*, meeting, values, by):
    """Put a district plan or a general item at the end of the agenda."""
    meeting = PanelMeeting.objects.select_for_update().get(pk=meeting.pk)
    _refuse_agenda_change(meeting)
    items = _renumber(meeting)
    plan = values.get("plan") if values["kind"] == AgendaItem.Kind.PLAN else None
    version = plan.versions.submitted().order_by("-number").first() if plan else None
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=len(items) + 1,
        kind=values["kind"],
        plan=plan,
        plan_version=version,
        title=values.get("title", ""),
        presenter=values.get("presenter", ""),
        minutes_allowed=values["minutes_allowed"],
    )
    if plan:
        _invite_chief_inspectors(meeting, plan.district)
    record_change(subject=meeting, action="agenda.item_added", by=by, note=item.heading)
    return item


@transaction.atomic
def update_agenda_item(*, item, values, by):
    """Change an agenda item's title, presenter or time allowed."""
    _refuse_agenda_change(item.meeting)
    changes = changed_fields(item, values)
    for name, value in values.items():
        setattr(item, name, value)
    item.save()
    record_change(subject=item.meeting, action="agenda.item_edited", by=by, changes=changes)
    return item


@transaction.atomic
def move_agenda_item(*, item, direction, by):
    """Swap an item with the one above ("up") or below ("down"); the ends stay put."""
    meeting = PanelMeeting.objects.select_for_update().get(pk=item.meeting_id)
    _refuse_agenda_change(meeting)
    items = _renumber(meeting)
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    swap_with = index - 1 if direction == "up" else index + 1
    if not 0 <= swap_with < len(items):
        return items[index]
    first, second = items[index], items[swap_with]
    first.order, second.order = second.order, first.order
    first.save(update_fields=["order"])
    second.save(update_fields=["order"])
    record_change(
        subject=meeting, action="agenda.item_moved", by=by, note=f"{first.heading} {direction}"
    )
    return first


@transaction.atomic
def remove_agenda_item(*, item, by):
    """Take an item off the agenda while nothing hangs on it yet."""
    _refuse_agenda_change(item.meeting)
    if item.questions.exists() or item.actions.exists() or item.feedback.exists():
        raise MeetingRefused(
            f"“{item.heading}” already has questions or feedback, so it stays on the agenda."
        )
    record_change(subject=item.meeting, action="agenda.item_removed", by=by, note=item.heading)
    item.delete()
    _renumber(item.meeting)


@transaction.atomic
def invite_organisations(*, meeting, organisations, by):
    """Set which organisations are invited, and put their representatives on the register."""
    if meeting.has_published_minutes:
        raise MeetingRefused("The minutes are published, so the invitations are final.")
    organisations = set(organisations)
    before = set(meeting.invited_organisations.all())
    meeting.invited_organisations.set(organisations)
    # People not yet marked on the register leave it with their organisation's invitation.
    Attendance.objects.filter(
        meeting=meeting,
        organisation__in=before - organisations,
        status=Attendance.Status.INVITED,
    ).delete()
    representatives = Membership.objects.active().filter(
        role=Membership.Role.REPRESENTATIVE, organisation__in=organisations - before
    )
    for membership in representatives.select_related("user", "organisation"):
        Attendance.objects.get_or_create(
            meeting=meeting,
            user=membership.user,
            defaults={
                "name": membership.user.get_full_name() or membership.user.get_username(),
                "organisation": membership.organisation,
                "capacity": "Representative",
            },
        )
    record_change(
        subject=meeting,
        action="meeting.invitations",
        by=by,
        changes={
            "invited": sorted(str(o) for o in organisations - before),
            "uninvited": sorted(str(o) for o in before - organisations),
        },
    )
    return meeting


@transaction.atomic
def add_attendee(*, meeting, values, by):
    """Add a person to the register: a guest, a walk-in, or someone sending apologies."""
    if meeting.has_published_minutes:
        raise MeetingRefused("The minutes are published, so the register is final.")
    attendee = Attendance.objects.create(meeting=meeting, **values)
    record_change(
        subject=meeting,
        action="attendance.added",
        by=by,
        note=f"{attendee.name}: {attendee.get_status_display()}",
    )
    return attendee


@transaction.atomic
def record_attendance(*, meeting, statuses, by):
    """Save the register: {attendance id: status} for the people on it."""
    if meeting.has_published_minutes:
        raise MeetingRefused("The minutes are published, so the register is final.")
    changes = {}
    # Ordered by pk: the default ordering joins organisations, which FOR UPDATE refuses.
    register = meeting.attendance.filter(pk__in=statuses).order_by("pk")
    for attendee in register.select_for_update():
        status = statuses[attendee.pk]
        if attendee.status != status:
            changes[attendee.name] = [attendee.status, status]
            attendee.status = status
            attendee.save(update_fields=["status", "updated_at"])
    record_change(subject=meeting, action="attendance.recorded", by=by, changes=changes)
    return meeting


def _live_meeting(meeting_id):
    """Lock the meeting for a live change; live controls only work while it is in session."""
    meeting = PanelMeeting.objects.select_for_update().get(pk=meeting_id)
    if not meeting.is_in_session:
        raise MeetingRefused("Live controls only work while the meeting is in session.")
    return meeting


def _live_question(question):
    meeting = _live_meeting(question.agenda_item.meeting_id)
    question = Question.objects.select_for_update().get(pk=question.pk)
    if not question.is_shown:
        raise MeetingRefused("Only accepted questions are taken in the meeting.")
    return meeting, question


def _save_live(meeting, **fields):
    for name, value in fields.items():
        setattr(meeting, name, value)
    _bump_live(meeting)
    meeting.save(update_fields=[*fields, "live_changed_at"])


@transaction.atomic
def show_on_screen(*, meeting, item, by):
    """Put an agenda item on the public screen, with no question showing yet."""
    meeting = _live_meeting(meeting.pk)
    if item.meeting_id != meeting.pk:
        raise MeetingRefused("That item is on another meeting's agenda.")
    _save_live(meeting, current_item=item, current_question=None)
    record_change(subject=meeting, action="live.item_shown", by=by, note=item.heading)
    return meeting


@transaction.atomic
def take_question(*, question, by):
    """The chair takes a question: it is being asked, and the public screen shows it."""
    meeting, question = _live_question(question)
    if question.live_state != Question.LiveState.WAITING:
        raise MeetingRefused(f"Question {question.pk} has already been taken.")
    asked = Question.objects.filter(
        agenda_item__meeting=meeting, live_state=Question.LiveState.ASKED
    ).first()
    if asked:
        raise MeetingRefused(
            f"Question {asked.pk} is still being asked: record its answer or defer it first."
        )
    question.live_state = Question.LiveState.ASKED
    question.taken_at = timezone.now()
    question.revision += 1
    question.save(update_fields=["live_state", "taken_at", "revision", "updated_at"])
    _save_live(meeting, current_item=question.agenda_item, current_question=question)
    record_change(subject=question, action="question.taken", by=by)
    return question


def _finish_question(meeting, question, *, live_state, status, spoken_answer, action, by):
    changes = changed_fields(question, {"live_state": live_state, "spoken_answer": spoken_answer})
    question.live_state = live_state
    question.status = status or question.status
    question.spoken_answer = spoken_answer
    question.taken_at = question.taken_at or timezone.now()
    question.revision += 1
    question.save()
    if meeting.current_question_id == question.pk:
        _save_live(meeting, current_question=None)
    else:
        _save_live(meeting)
    record_change(subject=question, action=action, by=by, changes=changes)
    return question


@transaction.atomic
def record_spoken_answer(*, question, summary, by):
    """Note a short summary of the answer given aloud; the question counts as answered."""
    meeting, question = _live_question(question)
    if question.live_state == Question.LiveState.ANSWERED:
        raise MeetingRefused(f"Question {question.pk} already has an answer recorded.")
    return _finish_question(
        meeting,
        question,
        live_state=Question.LiveState.ANSWERED,
        status=Question.Status.ANSWERED,
        spoken_answer=summary,
        action="question.answered_in_meeting",
        by=by,
    )


@transaction.atomic
def defer_question(*, question, by):
    """Leave the question for a written response from the chief inspector."""
    meeting, question = _live_question(question)
    if question.live_state not in (Question.LiveState.WAITING, Question.LiveState.ASKED):
        raise MeetingRefused(f"Question {question.pk} has already been dealt with.")
    return _finish_question(
        meeting,
        question,
        live_state=Question.LiveState.DEFERRED,
        status=None,
        spoken_answer="",
        action="question.deferred",
        by=by,
    )


@transaction.atomic
def add_floor_question(*, item, text, organisation, by):
    """A question asked from the floor: accepted at once, named only by its organisation."""
    meeting = _live_meeting(item.meeting_id)
    now = timezone.now()
    question = Question.objects.create(
        agenda_item=item,
        plan_version=item.plan_version,
        organisation=organisation,
        text=text,
        source=Question.Source.FLOOR,
        status=Question.Status.ACCEPTED,
        moderated_by=by,
        moderated_at=now,
    )
    _save_live(meeting)
    record_change(subject=question, action="question.asked_from_floor", by=by)
    return question


@transaction.atomic
def agree_action(*, item, district, values, by):
    """Note an action the meeting agreed, against the item and the district that owns it."""
    meeting = _live_meeting(item.meeting_id)
    action = Action.objects.create(agenda_item=item, district=district, created_by=by, **values)
    _save_live(meeting)
    record_change(subject=action, action="action.agreed_in_meeting", by=by, note=item.heading)
    return action


def _minutes_lines(meeting):
    """The live record as plain text: who came, each item, questions, answers and actions."""
    start = timezone.localtime(meeting.starts_at)
    lines = [
        meeting.title,
        f"{start:%A %-d %B %Y, %H:%M} at {meeting.venue}",
        f"Chair: {meeting.chair}",
        "",
    ]
    attendance = list(meeting.attendance.select_related("organisation"))
    for status, heading in (
        (Attendance.Status.PRESENT, "Present"),
        (Attendance.Status.APOLOGIES, "Apologies"),
    ):
        people = [a for a in attendance if a.status == status]
        lines.append(f"{heading}:")
        lines.extend(
            f"- {a.name}" + (f", {a.organisation}" if a.organisation_id else "") for a in people
        )
        lines.extend(["- None"] if not people else [])
        lines.append("")
    items = meeting.agenda_items.select_related("plan__district").prefetch_related(
        Prefetch(
            "questions",
            queryset=Question.objects.exclude(live_state=Question.LiveState.WAITING)
            .select_related("organisation", "asked_by__profile")
            .order_by("taken_at", "pk"),
        ),
        "actions",
    )
    for number, item in enumerate(items.order_by("order", "pk"), start=1):
        lines.append(f"{number}. {item.heading}")
        if item.presenter:
            lines.append(f"Presented by {item.presenter}.")
        for question in item.questions.all():
            asker = question.asker_label or "A panel member"
            lines.append(f"Question ({asker}): {question.text}")
            if question.live_state == Question.LiveState.DEFERRED:
                lines.append("Answer: deferred to a written response.")
            else:
                lines.append(f"Answer: {question.spoken_answer or 'not recorded.'}")
        for action in item.actions.all():
            owner = f", owner {action.owner_name}" if action.owner_name else ""
            due = f"due {action.due_on:%-d %B %Y}"
            lines.append(f"Action agreed: {action.title} ({action.district}{owner}, {due}).")
        if not item.questions.all() and not item.actions.all():
            lines.append("No questions were taken and no actions agreed.")
        lines.append("")
    return lines


@transaction.atomic
def draft_minutes(*, meeting, by):
    """Write the minutes afresh from the live record; they then need approving again."""
    meeting = PanelMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != PanelMeeting.Status.CLOSED:
        raise MeetingRefused("Minutes are drafted once the meeting has closed.")
    meeting.minutes = "\n".join(_minutes_lines(meeting)).strip() + "\n"
    meeting.minutes_approved_at = meeting.minutes_approved_by = None
    meeting.revision += 1
    meeting.save()
    record_change(subject=meeting, action="minutes.drafted", by=by)
    return meeting


@transaction.atomic
def edit_minutes(*, meeting, expected_revision, text, by):
    """Save the secretariat's edit of the minutes; an edit needs a fresh approval."""
    meeting = lock_for_edit(PanelMeeting, pk=meeting.pk, expected_revision=expected_revision)
    if meeting.status != PanelMeeting.Status.CLOSED:
        raise MeetingRefused(
            "Minutes can only be edited after the meeting closes and before they are published."
        )
    if text != meeting.minutes:
        meeting.minutes = text
        meeting.minutes_approved_at = meeting.minutes_approved_by = None
        meeting.revision += 1
        meeting.save()
        record_change(subject=meeting, action="minutes.edited", by=by)
    return meeting


@transaction.atomic
def approve_minutes(*, meeting, by):
    """Approve the minutes as they stand, ready to publish."""
    meeting = PanelMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != PanelMeeting.Status.CLOSED:
        raise MeetingRefused("Minutes are approved after the meeting closes.")
    if not meeting.minutes.strip():
        raise MeetingRefused("There are no minutes to approve yet.")
    meeting.minutes_approved_at = timezone.now()
    meeting.minutes_approved_by = by
    meeting.revision += 1
    meeting.save()
    record_change(subject=meeting, action="minutes.approved", by=by)
    return meeting


def publish_minutes(*, meeting, by):
    """Publish approved minutes: the meeting's record becomes public."""
    return move_meeting_status(meeting=meeting, to=PanelMeeting.Status.MINUTES_PUBLISHED, by=by)


# Outcomes, recommendations, actions and publication ---------------------------------------
# The commissioner's office records a verdict per plan per meeting, recommends, publishes and
# corrects; chief inspectors reply to their district's recommendations. The rules the
# database also enforces (a published outcome has a rating and rationale, a rejection has a
# reason) are checked here first, so people get a message instead of an IntegrityError.


OUTCOME_FIELDS = ("rating", "rationale", "findings")
RECOMMENDATION_FIELDS = ("text", "owner", "due_on")


def _check_due_date(due_on):
    if due_on < timezone.localdate():
        raise ValidationError("The due date cannot be in the past.", code="due_in_past")


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
        raise ValidationError(
            "This outcome is published: record a correction instead.", code="published"
        )
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
        raise ValidationError("This outcome is already published.", code="already_published")
    if not outcome.rating or not outcome.rationale.strip():
        raise ValidationError(
            "Give a RAG rating and the reason for it before publishing.", code="no_rating"
        )
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
        raise ValidationError(
            "Only published outcomes are corrected; edit this one instead.", code="not_published"
        )
    if not note.strip():
        raise ValidationError("Say what was corrected and why.", code="no_note")
    if not values.get("rating") or not values.get("rationale", "").strip():
        raise ValidationError(
            "A published outcome needs a RAG rating and the reason for it.", code="no_rating"
        )
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
        raise ValidationError(
            "This recommendation is published: say what was corrected and why.", code="no_note"
        )
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
        raise ValidationError(
            "The district has already replied to this recommendation.", code="already_replied"
        )
    if decision not in REPLY_STATUSES:
        raise ValidationError("Choose accept, partly accept or reject.", code="no_decision")
    if decision != Recommendation.Status.ACCEPTED and not reason.strip():
        raise ValidationError(
            "Give the reason for rejecting or only partly accepting.", code="no_reason"
        )
    if decision != Recommendation.Status.REJECTED:
        if not action:
            raise ValidationError("Say what action the district will take.", code="no_action")
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
        raise ValidationError(
            "Only an accepted recommendation can be marked done.", code="not_accepted"
        )
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
