"""Live mode: the chair or secretariat runs the meeting item by item.

Every control is a plain form POST that redirects back (works without JavaScript); the
services refuse any change unless the meeting is in session.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import services
from ..forms import AgreedActionForm, FloorQuestionForm, SpokenAnswerForm
from ..models import AgendaItem, Question
from ..permissions import can_manage_meetings, can_run_live_meeting, get_meeting_for, role_required


def live_url(item, question=None):
    url = reverse("engagement:meeting_live", args=[item.meeting_id]) + f"?item={item.pk}"
    return url + (f"#question-{question.pk}" if question else "")


def render_live(request, meeting, item=None, failed=None, failed_question=None):
    """The live page for one agenda item; `failed` is a form that failed, shown in place."""
    items = list(meeting.agenda_items.select_related("plan__district").order_by("order", "pk"))
    if item is None:
        chosen = request.GET.get("item", "")
        item = next((i for i in items if str(i.pk) == chosen), None)
        item = item or next((i for i in items if i.pk == meeting.current_item_id), None)
        item = item or (items[0] if items else None)
    questions, answer_forms, actions = [], {}, []
    if item is not None:
        questions = list(
            item.questions.accepted()
            .select_related("organisation", "asked_by__profile")
            .order_by("-vote_count", "created_at", "pk")
        )
        actions = item.actions.select_related("district")
        for question in questions:
            answer_forms[question.pk] = SpokenAnswerForm(prefix=f"q{question.pk}")
    if failed_question is not None:
        answer_forms[failed_question.pk] = failed
    floor_form = failed if isinstance(failed, FloorQuestionForm) else None
    action_form = failed if isinstance(failed, AgreedActionForm) else None
    context = {
        "meeting": meeting,
        "items": items,
        "item": item,
        "rows": [(question, answer_forms[question.pk]) for question in questions],
        "actions": actions,
        "floor_form": floor_form or FloorQuestionForm(prefix="floor"),
        "action_form": action_form
        or (AgreedActionForm(prefix="action", item=item) if item else None),
        "form": failed,
        "can_run": can_run_live_meeting(request.user, meeting),
        "on_screen_item": next((i for i in items if i.pk == meeting.current_item_id), None),
        "on_screen_question": next(
            (q for q in questions if q.pk == meeting.current_question_id), None
        ),
    }
    return render(request, "engagement/meeting_live.html", context)


@role_required(can_manage_meetings)
def meeting_live(request, pk):
    meeting = get_meeting_for(request.user, pk)
    return render_live(request, meeting)


def _item_for(pk):
    return get_object_or_404(AgendaItem.objects.select_related("meeting", "plan__district"), pk=pk)


def _question_for(pk):
    return get_object_or_404(
        Question.objects.select_related("agenda_item__meeting"),
        pk=pk,
        status__in=Question.SHOWN_STATUSES,
    )


@require_POST
@role_required(can_manage_meetings)
def live_show_item(request, pk):
    item = _item_for(pk)
    try:
        services.show_on_screen(meeting=item.meeting, item=item, by=request.user)
    except services.MeetingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"The public screen shows “{item.heading}”.")
    return redirect(live_url(item))


@require_POST
@role_required(can_manage_meetings)
def live_take_question(request, pk):
    question = _question_for(pk)
    try:
        services.take_question(question=question, by=request.user)
    except services.MeetingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Question {question.pk} is being asked and is on the screen.")
    return redirect(live_url(question.agenda_item, question))


@require_POST
@role_required(can_manage_meetings)
def live_answer_question(request, pk):
    question = _question_for(pk)
    form = SpokenAnswerForm(request.POST, prefix=f"q{question.pk}")
    if not form.is_valid():
        meeting = question.agenda_item.meeting
        return render_live(
            request, meeting, question.agenda_item, failed=form, failed_question=question
        )
    try:
        services.record_spoken_answer(
            question=question, summary=form.cleaned_data["spoken_answer"], by=request.user
        )
    except services.MeetingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Answer to question {question.pk} recorded.")
    return redirect(live_url(question.agenda_item, question))


@require_POST
@role_required(can_manage_meetings)
def live_defer_question(request, pk):
    question = _question_for(pk)
    try:
        services.defer_question(question=question, by=request.user)
    except services.MeetingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Question {question.pk} deferred to a written response.")
    return redirect(live_url(question.agenda_item, question))


@require_POST
@role_required(can_manage_meetings)
def live_floor_question(request, pk):
    item = _item_for(pk)
    form = FloorQuestionForm(request.POST, prefix="floor")
    if not form.is_valid():
        return render_live(request, item.meeting, item, failed=form)
    try:
        question = services.add_floor_question(
            item=item,
            text=form.cleaned_data["text"],
            organisation=form.cleaned_data["organisation"],
            by=request.user,
        )
    except services.MeetingRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(live_url(item))
    messages.success(request, f"Question {question.pk} from the floor added.")
    return redirect(live_url(item, question))


@require_POST
@role_required(can_manage_meetings)
def live_agree_action(request, pk):
    item = _item_for(pk)
    form = AgreedActionForm(request.POST, prefix="action", item=item)
    if not form.is_valid():
        return render_live(request, item.meeting, item, failed=form)
    values = {k: v for k, v in form.cleaned_data.items() if k != "district"}
    try:
        services.agree_action(
            item=item, district=form.cleaned_data["district"], values=values, by=request.user
        )
    except services.MeetingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Action noted against the item.")
    return redirect(live_url(item) + "#actions")
