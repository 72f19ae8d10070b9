"""The panel secretariat: moderating questions, invitations and requests to join."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .. import services
from ..forms import BulkModerationForm, DeclineForm, InvitationForm, MergeForm, RewordForm
from ..models import ChangeRecord, Invitation, Membership, PanelMeeting, Question
from ..permissions import is_secretariat, role_required

QUEUE_PAGE_SIZE = 50
PAGE_SIZE = 25
DONE_STATUSES = [PanelMeeting.Status.CLOSED, PanelMeeting.Status.MINUTES_PUBLISHED]


@role_required(is_secretariat)
def moderation_index(request):
    waiting = Q(agenda_items__questions__status=Question.Status.SUBMITTED)
    meetings = (
        PanelMeeting.objects.exclude(status__in=DONE_STATUSES)
        .annotate(waiting=Count("agenda_items__questions", filter=waiting))
        .order_by("starts_at")
    )
    return render(request, "engagement/moderation_index.html", {"meetings": meetings})


@role_required(is_secretariat)
def moderation_queue(request, pk):
    meeting = get_object_or_404(PanelMeeting, pk=pk)
    queue = (
        Question.objects.awaiting_moderation()
        .filter(agenda_item__meeting=meeting)
        .select_related("agenda_item__plan__district", "asked_by", "organisation", "section")
        .order_by("created_at", "pk")
    )
    form = BulkModerationForm(request.POST if request.method == "POST" else None, questions=queue)
    if request.method == "POST" and form.is_valid():
        selected = list(form.cleaned_data["questions"])
        decision = form.cleaned_data["decision"]
        try:
            services.bulk_moderate(
                questions=selected,
                by=request.user,
                decision=decision,
                reason=form.cleaned_data["decline_reason"],
            )
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            done = "accepted" if decision == form.ACCEPT else "declined"
            messages.success(request, f"{len(selected)} question(s) {done}.")
            return redirect("engagement:moderation_queue", pk=meeting.pk)
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    selected_ids = {str(value) for value in form["questions"].value() or []}
    context = {"meeting": meeting, "page": page, "form": form, "selected_ids": selected_ids}
    return render(request, "engagement/moderation_queue.html", context)


@role_required(is_secretariat)
def question_moderate(request, pk):
    question = get_object_or_404(
        Question.objects.select_related(
            "agenda_item__meeting",
            "agenda_item__plan__district",
            "asked_by",
            "organisation",
            "section",
            "merged_into",
        ),
        pk=pk,
    )
    targets = (
        Question.objects.filter(agenda_item=question.agenda_item_id, status__in=services.CHANGEABLE)
        .exclude(pk=question.pk)
        .order_by("created_at")
    )
    action = request.POST.get("action") if request.method == "POST" else None
    data = request.POST if action else None
    decline_form = DeclineForm(data if action == "decline" else None, prefix="decline")
    merge_form = MergeForm(data if action == "merge" else None, targets=targets, prefix="merge")
    reword_form = RewordForm(
        data if action == "reword" else None,
        initial={"text": question.text, "revision": question.revision},
        prefix="reword",
    )
    form = {"decline": decline_form, "merge": merge_form, "reword": reword_form}.get(action)
    saved = None
    if action == "accept" or (form is not None and form.is_valid()):
        try:
            if action == "accept":
                services.moderate_question(question=question, by=request.user, decision="accept")
                messages.success(request, f"Question {question.pk} accepted.")
            elif action == "decline":
                services.moderate_question(
                    question=question,
                    by=request.user,
                    decision="decline",
                    reason=form.cleaned_data["decline_reason"],
                )
                messages.success(request, f"Question {question.pk} declined.")
            elif action == "merge":
                target = form.cleaned_data["target"]
                services.moderate_question(
                    question=question, by=request.user, decision="merge", merge_into=target
                )
                messages.success(request, f"Question {question.pk} merged into {target.pk}.")
            else:
                services.reword_question(
                    question=question,
                    by=request.user,
                    text=form.cleaned_data["text"],
                    note=form.cleaned_data["note"],
                    expected_revision=form.cleaned_data["revision"],
                )
                messages.success(request, "The new wording has been saved.")
                return redirect("engagement:question_moderate", pk=question.pk)
            return redirect("engagement:moderation_queue", pk=question.agenda_item.meeting_id)
        except services.StaleEdit as stale:
            saved = stale.current
            reword_form = form = RewordForm(
                {**request.POST.dict(), "reword-revision": saved.revision}, prefix="reword"
            )
            form.is_valid()
            form.add_error(
                None,
                "Someone else changed this question since you opened it. "
                "Their wording is shown next to yours: check it, then save again.",
            )
        except services.Refused as refusal:
            if form is None:
                messages.error(request, str(refusal))
                return redirect("engagement:question_moderate", pk=question.pk)
            form.add_error(None, str(refusal))
    history = ChangeRecord.objects.for_object(question).select_related("actor")
    context = {
        "question": question,
        "form": form,
        "decline_form": decline_form,
        "merge_form": merge_form,
        "reword_form": reword_form,
        "has_targets": targets.exists(),
        "saved": saved,
        "history": history,
        "is_open": question.status in services.CHANGEABLE,
    }
    return render(request, "engagement/question_moderate.html", context)


@role_required(is_secretariat)
def invitation_list(request):
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        invitation = services.send_invitation(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            organisation=form.cleaned_data["organisation"],
            by=request.user,
            base_url=request.build_absolute_uri("/"),
        )
        messages.success(request, f"Invitation sent to {invitation.email}.")
        return redirect("engagement:invitation_list")
    invitations = Invitation.objects.select_related("organisation", "invited_by", "accepted_by")
    page = Paginator(invitations.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "engagement/invitation_list.html", {"form": form, "page": page})


@require_POST
@role_required(is_secretariat)
def invitation_revoke(request, pk):
    invitation = get_object_or_404(Invitation, pk=pk)
    try:
        services.revoke_invitation(invitation=invitation, by=request.user)
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"The invitation to {invitation.email} no longer works.")
    return redirect("engagement:invitation_list")


@role_required(is_secretariat)
def membership_request_list(request):
    requests = (
        Membership.objects.pending()
        .representatives()
        .select_related("user", "organisation")
        .order_by("created_at", "pk")
    )
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "engagement/membership_request_list.html", {"page": page})


@require_POST
@role_required(is_secretariat)
def membership_request_decide(request, pk):
    membership = get_object_or_404(Membership.objects.representatives(), pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        membership = services.decide_membership(
            membership=membership, by=request.user, approve=approve
        )
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        name = membership.user.get_full_name() or membership.user.get_username()
        outcome = "now represents" if approve else "will not represent"
        messages.success(request, f"{name} {outcome} {membership.organisation}.")
    return redirect("engagement:membership_request_list")
