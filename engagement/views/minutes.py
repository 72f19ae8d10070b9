"""After and around the meeting: the minutes (draft, edit, approve, publish) and the pack."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import services
from ..forms import MinutesForm
from ..models import PanelMeeting, PlanSection, Question
from ..permissions import (
    can_manage_meetings,
    can_read_meeting_pack,
    get_meeting_for,
    role_required,
)
from .secretariat import STALE_MESSAGE, with_revision


@role_required(can_manage_meetings)
def meeting_minutes(request, pk):
    meeting = get_meeting_for(request.user, pk)
    form = MinutesForm(
        request.POST if request.method == "POST" else None,
        initial={"minutes": meeting.minutes, "revision": meeting.revision},
    )
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_minutes(
                meeting=meeting,
                expected_revision=form.cleaned_data["revision"],
                text=form.cleaned_data["minutes"],
                by=request.user,
            )
        except services.StaleEdit as stale:
            current = stale.current
            form = MinutesForm(with_revision(request.POST, current.revision))
            form.is_valid()
            form.add_error(None, STALE_MESSAGE)
        except services.MeetingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Minutes saved. Approve them before publishing.")
            return redirect("engagement:meeting_minutes", meeting.pk)
    context = {
        "meeting": meeting,
        "form": form,
        "current": current,
        "can_edit": meeting.status == PanelMeeting.Status.CLOSED,
    }
    return render(request, "engagement/meeting_minutes.html", context)


def _minutes_step(request, pk, step, done):
    meeting = get_meeting_for(request.user, pk)
    try:
        step(meeting=meeting, by=request.user)
    except services.MeetingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done)
    return redirect("engagement:meeting_minutes", meeting.pk)


@require_POST
@role_required(can_manage_meetings)
def minutes_draft(request, pk):
    return _minutes_step(
        request, pk, services.draft_minutes, "Minutes drafted again from the live record."
    )


@require_POST
@role_required(can_manage_meetings)
def minutes_approve(request, pk):
    return _minutes_step(request, pk, services.approve_minutes, "Minutes approved.")


@require_POST
@role_required(can_manage_meetings)
def minutes_publish(request, pk):
    return _minutes_step(
        request, pk, services.publish_minutes, "Minutes published on the public meeting page."
    )


@role_required(can_read_meeting_pack)
def meeting_pack(request, pk):
    meeting = get_meeting_for(request.user, pk)
    questions = (
        Question.objects.accepted()
        .select_related("organisation", "asked_by__profile", "section")
        .order_by("-vote_count", "created_at", "pk")
    )
    sections = PlanSection.objects.select_related("template")
    items = (
        meeting.agenda_items.select_related("plan__district", "plan_version")
        .prefetch_related(
            Prefetch("questions", queryset=questions, to_attr="pack_questions"),
            Prefetch("plan_version__sections", queryset=sections, to_attr="pack_sections"),
        )
        .order_by("order", "pk")
    )
    context = {"meeting": meeting, "items": items, "can_manage": can_manage_meetings(request.user)}
    return render(request, "engagement/meeting_pack.html", context)
