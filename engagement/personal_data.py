"""A person's own data: everything held about them (UK GDPR access), and erasure.

Erasure removes who the person is and how to reach them, and keeps the public record
(question text, feedback, responses) with its author shown as "a former representative".
"""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import (
    Attendance,
    ChangeRecord,
    Feedback,
    FeedbackRating,
    Invitation,
    Membership,
    Profile,
    Question,
    Upvote,
)
from .services import record_change

ERASED_NAME = "A former panel member"


def _membership(membership):
    return {
        "role": membership.get_role_display(),
        "district": str(membership.district) if membership.district_id else None,
        "organisation": str(membership.organisation) if membership.organisation_id else None,
        "status": membership.get_status_display(),
        "request_note": membership.request_note,
        "created_at": membership.created_at,
        "decided_at": membership.decided_at,
    }


def _question(question):
    response = getattr(question, "response", None)
    return {
        "id": question.pk,
        "asked_at": question.created_at,
        "meeting": str(question.agenda_item.meeting),
        "agenda_item": question.agenda_item.heading,
        "organisation": str(question.organisation) if question.organisation_id else None,
        "text": question.text,
        "public": question.is_public,
        "status": question.get_status_display(),
        "decline_reason": question.decline_reason,
        "response": response.text if response else None,
    }


def _feedback(feedback):
    return {
        "plan_version": str(feedback.plan_version),
        "organisation": str(feedback.organisation),
        "what_works": feedback.what_works,
        "what_is_missing": feedback.what_is_missing,
        "ratings": {str(rating.criterion): rating.score for rating in feedback.ratings.all()},
        "created_at": feedback.created_at,
    }


def personal_data(person):
    """Everything the panel holds about one person, as plain data ready for JSON."""
    profile = Profile.objects.filter(user=person).first()
    questions = Question.objects.filter(asked_by=person).select_related(
        "agenda_item__meeting", "agenda_item__plan__district", "organisation", "response"
    )
    feedback = (
        Feedback.objects.filter(author=person)
        .select_related("plan_version__plan__district", "organisation")
        .prefetch_related(
            Prefetch("ratings", queryset=FeedbackRating.objects.select_related("criterion"))
        )
    )
    invitations = Invitation.objects.filter(
        Q(accepted_by=person) | (Q(email__iexact=person.email) if person.email else Q(pk=None))
    ).select_related("organisation")
    recovery = (
        StaticDevice.objects.filter(user=person).annotate(codes_left=Count("token_set")).first()
    )
    return {
        "exported_at": timezone.now(),
        "account": {
            "username": person.get_username(),
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "date_joined": person.date_joined,
            "last_sign_in": person.last_login,
            "active": person.is_active,
        },
        "profile": {
            "name_shown_in_public": profile.get_name_display_display(),
            "job_title": profile.job_title,
            "email_on_question_update": profile.email_on_question_update,
            "email_on_meeting_news": profile.email_on_meeting_news,
        }
        if profile
        else None,
        "memberships": [
            _membership(m)
            for m in Membership.objects.filter(user=person).select_related(
                "district", "organisation"
            )
        ],
        "questions": [_question(q) for q in questions],
        "feedback": [_feedback(f) for f in feedback],
        "votes": [
            {"question": vote.question_id, "at": vote.created_at}
            for vote in Upvote.objects.filter(user=person)
        ],
        "attendance": [
            {
                "meeting": str(row.meeting),
                "name_in_minutes": row.name,
                "organisation": str(row.organisation) if row.organisation_id else None,
                "capacity": row.capacity,
                "status": row.get_status_display(),
            }
            for row in Attendance.objects.filter(user=person).select_related(
                "meeting", "organisation"
            )
        ],
        "invitations": [
            {
                "email": invitation.email,
                "full_name": invitation.full_name,
                "organisation": str(invitation.organisation),
                "sent_at": invitation.created_at,
                "accepted_at": invitation.accepted_at,
            }
            for invitation in invitations
        ],
        "two_factor_sign_in": {
            "authenticator_app": TOTPDevice.objects.filter(user=person, confirmed=True).exists(),
            "recovery_codes_left": recovery.codes_left if recovery else 0,
        },
        "sign_ins": [
            {"at": log.attempt_time, "address": log.ip_address, "browser": log.user_agent}
            for log in AccessLog.objects.filter(username=person.get_username())[:200]
        ],
        "actions_recorded": [
            {"at": record.at, "action": record.action, "on": record.object_repr}
            for record in ChangeRecord.objects.filter(actor=person)
        ],
    }


def is_erased(person):
    """The person's account has already been erased."""
    return Profile.objects.filter(user=person, erased_at__isnull=False).exists()


@transaction.atomic
def erase_person(*, person, by, note=""):
    """Remove a person's identity and contact details; keep what they said, unattributed."""
    now = timezone.now()
    old_username, old_email = person.get_username(), person.email
    memberships = list(Membership.objects.filter(user=person))
    for membership in memberships:
        if membership.status != Membership.Status.ENDED:
            membership.status = Membership.Status.ENDED
            membership.decided_at = now
            membership.save(update_fields=["status", "decided_at"])

    person.username = f"erased-{person.pk}"
    person.first_name = person.last_name = person.email = ""
    person.set_unusable_password()  # also ends every session: the session hash changes
    person.is_active = person.is_staff = person.is_superuser = False
    person.save()
    Profile.objects.update_or_create(
        user=person,
        defaults={
            "erased_at": now,
            "job_title": "",
            "name_display": Profile.NameDisplay.HIDDEN,
            "email_on_question_update": False,
            "email_on_meeting_news": False,
        },
    )
    Attendance.objects.filter(user=person).update(name=ERASED_NAME)
    invitations = Q(accepted_by=person)
    if old_email:
        invitations |= Q(email__iexact=old_email)
    Invitation.objects.filter(invitations).update(
        email=f"erased-{person.pk}@erased.invalid", full_name=""
    )
    TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=old_username).delete()

    # Audit entries about the person's account and memberships named them; rename them.
    membership_type = ContentType.objects.get_for_model(Membership)
    for membership in memberships:
        membership.user = person
        ChangeRecord.objects.filter(content_type=membership_type, object_id=membership.pk).update(
            object_repr=str(membership)[:255]
        )
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(get_user_model()),
        object_id=str(person.pk),
    ).update(object_repr=person.username)
    record_change(subject=person, action="person.erased", by=by, note=note)
    return person


def inactive_people(days):
    """People who have not signed in for `days` days and are not yet erased.

    Site administrators are left out: removing the last one would lock everyone out of
    the admin site. Their accounts are reviewed by hand.
    """
    cutoff = timezone.now() - timedelta(days=days)
    return (
        get_user_model()
        .objects.filter(is_superuser=False)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .exclude(profile__erased_at__isnull=False)
        .order_by("pk")
    )


def prune_sign_in_records(days):
    """Delete records of sign-ins and failed sign-ins older than `days`; return how many."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted = 0
    for model in (AccessLog, AccessFailureLog):
        count, _ = model.objects.filter(attempt_time__lt=cutoff).delete()
        deleted += count
    return deleted
