"""Emails about questions, invitations and requests to join an organisation.

Every email is queued as a task (engagement/tasks.py) after the transaction commits, so a
change that rolls back never emails anyone, and a failing mail server is logged instead of
failing the request that caused it.
"""

from functools import partial

from django.db import transaction

from .tasks import send_email

SIGN_OFF = "\n\nHertfordshire Community Engagement Panel"
SEE_MY_QUESTIONS = "You can see all your questions under “My questions” when you sign in."


def send_after_commit(*, subject, body, to):
    """Queue one email per address (askers never see each other's addresses)."""
    for address in {address for address in to if address}:
        transaction.on_commit(partial(send_email.enqueue, subject, body + SIGN_OFF, address))


def wants_question_updates(user):
    profile = getattr(user, "profile", None)
    return profile is None or (profile.email_on_question_update and not profile.erased_at)


def _tell(users, *, subject, body):
    send_after_commit(
        subject=subject,
        body=body,
        to=[user.email for user in users if user is not None and wants_question_updates(user)],
    )


def _quoted(question):
    return f"Your question on {question.agenda_item.heading}:\n\n“{question.text}”"


def question_accepted(question):
    _tell(
        [question.asked_by],
        subject="Your question has been accepted",
        body=f"{_quoted(question)}\n\nhas been accepted for the panel meeting "
        f"{question.agenda_item.meeting}. Other representatives can now see it and support "
        f"it.\n\n{SEE_MY_QUESTIONS}",
    )


def question_declined(question):
    _tell(
        [question.asked_by],
        subject="Your question was not accepted",
        body=f"{_quoted(question)}\n\nwas not accepted for the panel. The reason given:\n\n"
        f"{question.decline_reason}\n\n{SEE_MY_QUESTIONS}",
    )


def question_merged(question, target):
    _tell(
        [question.asked_by],
        subject="Your question was combined with a similar one",
        body=f"{_quoted(question)}\n\nasked much the same as another question, so the panel "
        "secretariat has combined them. The support for your question carries over, and you "
        f"will be told when it is answered.\n\n{SEE_MY_QUESTIONS}",
    )
    _tell(
        [target.asked_by],
        subject="Another representative asked the same question as you",
        body=f"{_quoted(target)}\n\nwas also asked by another representative. The panel "
        "secretariat has combined the two, and their support now counts towards yours."
        f"\n\n{SEE_MY_QUESTIONS}",
    )


def question_answered(question, askers):
    _tell(
        askers,
        subject="Your question has been answered",
        body=f"{_quoted(question)}\n\nhas been answered:\n\n{question.response.text}"
        f"\n\n{SEE_MY_QUESTIONS}",
    )


def invitation(invitation, link):
    greeting = f"Hello {invitation.full_name}," if invitation.full_name else "Hello,"
    send_after_commit(
        subject=f"Invitation to represent {invitation.organisation} on the panel",
        body=f"{greeting}\n\nThe panel secretariat invites you to represent "
        f"{invitation.organisation} on the Hertfordshire Community Engagement Panel, where "
        "community representatives question the police's district engagement plans.\n\n"
        f"Follow this link to set up your account. It works once and expires on "
        f"{invitation.expires_at:%-d %B %Y}:\n\n{link}\n\n"
        "If you were not expecting this, you can ignore it.",
        to=[invitation.email],
    )


def membership_decided(membership):
    outcome = "approved" if membership.status == membership.Status.ACTIVE else "declined"
    send_after_commit(
        subject=f"Your request to represent {membership.organisation}",
        body=f"The panel secretariat has {outcome} your request to represent "
        f"{membership.organisation}.",
        to=[membership.user.email],
    )
