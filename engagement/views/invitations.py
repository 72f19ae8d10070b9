"""Accepting an emailed invitation to represent an organisation on the panel."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.shortcuts import redirect, render

from .. import services
from ..forms import InvitationAcceptForm
from ..models import Invitation

# Why a link no longer works: (heading, explanation, HTTP status).
PROBLEMS = {
    "expired": (
        "This invitation has expired",
        "Invitation links work for a limited time. Ask the panel secretariat to send you a "
        "new one.",
        410,
    ),
    "used": (
        "This invitation has already been used",
        "Each invitation link works once. If you set up your account with it, sign in "
        "instead; otherwise ask the panel secretariat for a new invitation.",
        410,
    ),
    "revoked": (
        "This invitation has been withdrawn",
        "The panel secretariat withdrew this invitation. Contact them if you think this is "
        "a mistake.",
        410,
    ),
    "invalid": (
        "This invitation link is not valid",
        "The link is incomplete or has been changed. Copy the whole link from the email, or "
        "ask the panel secretariat to send a new one.",
        400,
    ),
}


def problem_page(request, problem):
    heading, explanation, status = PROBLEMS[problem]
    context = {"heading": heading, "explanation": explanation}
    return render(request, "engagement/invitation_invalid.html", context, status=status)


def invitation_problem(invitation):
    if invitation.accepted_at is not None:
        return "used"
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.is_expired:
        return "expired"
    return None


@login_not_required
def invitation_accept(request, token):
    try:
        invitation = services.invitation_from_token(token)
    except signing.SignatureExpired:
        return problem_page(request, "expired")
    except (signing.BadSignature, Invitation.DoesNotExist):
        return problem_page(request, "invalid")
    problem = invitation_problem(invitation)
    if problem:
        return problem_page(request, problem)

    form = None
    if not request.user.is_authenticated:
        first_name, _, last_name = invitation.full_name.partition(" ")
        account = get_user_model()(email=invitation.email)
        initial = {"first_name": first_name, "last_name": last_name}
        form = InvitationAcceptForm(
            request.POST if request.method == "POST" else None, instance=account, initial=initial
        )
    if request.method == "POST" and (form is None or form.is_valid()):
        user = request.user if form is None else form.save(commit=False)
        try:
            services.accept_invitation(invitation=invitation, user=user)
        except services.Refused:
            # Another tab or a double click accepted it a moment ago.
            invitation.refresh_from_db()
            return problem_page(request, invitation_problem(invitation) or "used")
        if form is not None:
            login(request, user, backend="engagement.auth_backends.RememberingModelBackend")
        messages.success(request, f"Welcome. You now represent {invitation.organisation}.")
        return redirect("engagement:representative_home")
    return render(
        request, "engagement/invitation_accept.html", {"invitation": invitation, "form": form}
    )
