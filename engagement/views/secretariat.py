"""The panel secretariat: meetings, agendas, invitations and the attendance register.

Live mode is in views/live.py; minutes and the meeting pack in views/minutes.py.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import services
from ..forms import (
    AgendaItemEditForm,
    AgendaItemForm,
    AttendanceRegisterForm,
    AttendeeForm,
    MeetingForm,
    MeetingInvitationForm,
)
from ..models import Action, AgendaItem, PanelMeeting
from ..permissions import can_manage_meetings, get_meeting_for, role_required

STALE_MESSAGE = (
    "Someone else changed this since you opened it. Their saved version is shown below; "
    "what you typed is still in the form. Check both, then save again."
)
STATUS_BUTTONS = {
    PanelMeeting.Status.OPEN_FOR_QUESTIONS: "Open for questions",
    PanelMeeting.Status.IN_SESSION: "Start the meeting",
    PanelMeeting.Status.CLOSED: "Close the meeting",
    PanelMeeting.Status.MINUTES_PUBLISHED: "Publish the minutes",
}


def with_revision(data, revision):
    """The submitted data with the current revision, so saving again after a clash works."""
    data = data.copy()
    data["revision"] = revision
    return data


def meeting_values(form):
    return {name: form.cleaned_data[name] for name in services.MEETING_FIELDS}


@role_required(can_manage_meetings)
def secretariat_home(request):
    meetings = PanelMeeting.objects.annotate(item_count=Count("agenda_items")).order_by(
        "-starts_at"
    )
    page = Paginator(meetings, 20).get_page(request.GET.get("page"))
    return render(request, "engagement/secretariat_home.html", {"page_obj": page})


@role_required(can_manage_meetings)
def meeting_manage(request, pk):
    meeting = get_meeting_for(request.user, pk)
    following = services.NEXT_STATUS.get(meeting.status)
    context = {
        "meeting": meeting,
        "criteria": meeting.criteria.all(),
        "item_count": meeting.agenda_items.count(),
        "next_status": following,
        "next_label": STATUS_BUTTONS.get(following, ""),
        "statuses": PanelMeeting.Status.choices,
    }
    return render(request, "engagement/meeting_manage.html", context)


@role_required(can_manage_meetings)
def meeting_create(request):
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        meeting = services.create_meeting(
            values=meeting_values(form), criteria=form.cleaned_data["criteria"], by=request.user
        )
        messages.success(request, f"“{meeting.title}” is scheduled. Now build its agenda.")
        return redirect("engagement:meeting_agenda", meeting.pk)
    return render(request, "engagement/meeting_form.html", {"form": form})


@role_required(can_manage_meetings)
def meeting_edit(request, pk):
    meeting = get_meeting_for(request.user, pk)
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        instance=meeting,
        initial={"revision": meeting.revision},
    )
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(
                meeting=meeting,
                expected_revision=form.cleaned_data["revision"],
                values=meeting_values(form),
                criteria=form.cleaned_data["criteria"],
                by=request.user,
            )
        except services.StaleEdit as stale:
            current = stale.current
            form = MeetingForm(with_revision(request.POST, current.revision), instance=meeting)
            form.is_valid()
            form.add_error(None, STALE_MESSAGE)
        except services.MeetingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Meeting details saved.")
            return redirect("engagement:meeting_manage", meeting.pk)
    context = {"form": form, "meeting": meeting, "current": current}
    return render(request, "engagement/meeting_form.html", context)


@require_POST
@role_required(can_manage_meetings)
def meeting_status(request, pk):
    meeting = get_meeting_for(request.user, pk)
    try:
        meeting = services.move_meeting_status(
            meeting=meeting, to=request.POST.get("to", ""), by=request.user
        )
    except services.MeetingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"The meeting is now “{meeting.get_status_display()}”.")
    return redirect("engagement:meeting_manage", meeting.pk)


@role_required(can_manage_meetings)
def meeting_agenda(request, pk):
    meeting = get_meeting_for(request.user, pk)
    form = AgendaItemForm(
        request.POST if request.method == "POST" else None,
        meeting=meeting,
        instance=AgendaItem(meeting=meeting),
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.add_agenda_item(
                meeting=meeting, values=form.cleaned_data, by=request.user
            )
        except services.MeetingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"“{item.heading}” added to the agenda.")
            return redirect("engagement:meeting_agenda", meeting.pk)
    carried = Action.objects.carried_to(meeting).order_by("due_on", "pk")
    items = (
        meeting.agenda_items.select_related("plan__district", "plan_version")
        .annotate(question_count=Count("questions"))
        .prefetch_related(
            Prefetch("plan__district__actions", queryset=carried, to_attr="carried_actions")
        )
        .order_by("order", "pk")
    )
    context = {
        "meeting": meeting,
        "items": items,
        "form": form,
        "can_change": meeting.status
        in (PanelMeeting.Status.SCHEDULED, PanelMeeting.Status.OPEN_FOR_QUESTIONS),
    }
    return render(request, "engagement/meeting_agenda.html", context)


@role_required(can_manage_meetings)
def agenda_item_edit(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting", "plan__district"), pk=pk)
    form = AgendaItemEditForm(request.POST if request.method == "POST" else None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agenda_item(item=item, values=form.cleaned_data, by=request.user)
        except services.MeetingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Agenda item saved.")
            return redirect("engagement:meeting_agenda", item.meeting_id)
    context = {"form": form, "item": item, "meeting": item.meeting}
    return render(request, "engagement/agenda_item_form.html", context)


@require_POST
@role_required(can_manage_meetings)
def agenda_item_move(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    direction = request.POST.get("direction")
    try:
        if direction not in ("up", "down"):
            raise services.MeetingRefused("Move an item up or down.")
        services.move_agenda_item(item=item, direction=direction, by=request.user)
    except services.MeetingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Moved “{item.heading}” {direction}.")
    return redirect(f"{_agenda_url(item)}#item-{item.pk}")


@require_POST
@role_required(can_manage_meetings)
def agenda_item_remove(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting", "plan"), pk=pk)
    try:
        services.remove_agenda_item(item=item, by=request.user)
    except services.MeetingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Removed “{item.heading}” from the agenda.")
    return redirect(_agenda_url(item))


def _agenda_url(item):
    return reverse("engagement:meeting_agenda", args=[item.meeting_id])


@role_required(can_manage_meetings)
def meeting_invitations(request, pk):
    meeting = get_meeting_for(request.user, pk)
    invited = meeting.invited_organisations.all()
    form = MeetingInvitationForm(
        request.POST if "invite" in request.POST else None,
        initial={"organisations": invited},
    )
    attendee_form = AttendeeForm(
        request.POST if "add_person" in request.POST else None, prefix="person"
    )
    if request.method == "POST":
        try:
            if form.is_bound and form.is_valid():
                services.invite_organisations(
                    meeting=meeting,
                    organisations=form.cleaned_data["organisations"],
                    by=request.user,
                )
                messages.success(request, "Invitations saved.")
                return redirect("engagement:meeting_invitations", meeting.pk)
            if attendee_form.is_bound and attendee_form.is_valid():
                person = services.add_attendee(
                    meeting=meeting, values=attendee_form.cleaned_data, by=request.user
                )
                messages.success(request, f"{person.name} added: {person.get_status_display()}.")
                return redirect("engagement:meeting_invitations", meeting.pk)
        except services.MeetingRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("engagement:meeting_invitations", meeting.pk)
    context = {
        "meeting": meeting,
        "form": attendee_form if attendee_form.is_bound else form,
        "invitation_form": form,
        "attendee_form": attendee_form,
        "apologies": meeting.attendance.filter(status="apologies").select_related("organisation"),
    }
    return render(request, "engagement/meeting_invitations.html", context)


@role_required(can_manage_meetings)
def meeting_attendance(request, pk):
    meeting = get_meeting_for(request.user, pk)
    attendees = list(meeting.attendance.select_related("organisation"))
    form = AttendanceRegisterForm(
        request.POST if request.method == "POST" else None, attendees=attendees
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attendance(meeting=meeting, statuses=form.statuses(), by=request.user)
        except services.MeetingRefused as refusal:
            messages.error(request, str(refusal))
        else:
            present = sum(1 for status in form.statuses().values() if status == "present")
            messages.success(request, f"Register saved: {present} present.")
        return redirect("engagement:meeting_attendance", meeting.pk)
    return render(request, "engagement/meeting_attendance.html", {"meeting": meeting, "form": form})
