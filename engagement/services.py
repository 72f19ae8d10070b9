"""Every change to the accountability chain, and every workflow that touches several rows.

Each function takes keyword-only arguments including the acting user (`by`), runs in a
transaction, writes the ChangeRecord that makes the change attributable, and returns the
main object it changed. Views, admin actions and management commands all call these.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from . import emails
from .models import (
    Action,
    AgendaItem,
    ChangeRecord,
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


# Outcomes, recommendations, actions and publication ---------------------------------------
