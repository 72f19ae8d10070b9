"""Chief inspectors following up their plans: answering questions, reporting on actions."""

from functools import cache

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from .. import services
from ..forms import DistrictQuestionFilterForm, ProgressUpdateForm, ResponseForm
from ..models import Action, PanelMeeting, Question, QuestionResponse, SectionTemplate, roles_of
from ..page_cache import fragment_keys
from ..permissions import (
    can_report_progress,
    can_respond,
    get_action_for,
    get_question_for,
    is_chief_inspector,
    role_required,
)
from .districts import (
    DISTRICT_QUESTION_RELATED,
    PAGE_SIZE,
    accept_stale_edit,
    add_service_errors,
    district_questions_queryset,
    open_actions_first,
)

# Short pages keep a district with thousands of questions as quick as one with a few.
QUESTIONS_PAGE_SIZE = 10
# Waiting questions first, oldest first: the longest wait gets answered next. The list holds
# only accepted and answered questions, and "accepted" sorts before "answered", so ordering by
# status does that, and the (status, created_at, id) index on questions serves it.
WAITING_FIRST = ("status", "created_at", "pk")


@role_required(is_chief_inspector)
def district_questions(request):
    district_ids = roles_of(request.user).district_ids
    meetings = PanelMeeting.objects.filter(
        agenda_items__plan__district_id__in=district_ids
    ).distinct()
    form = DistrictQuestionFilterForm(
        request.GET or None, meetings=meetings, sections=SectionTemplate.objects.all()
    )
    # Counted and paged on the question rows alone, which an index answers; the page's rows
    # are then read in full.
    matching = district_questions_queryset(district_ids)
    if form.is_valid():
        show = form.cleaned_data["show"]
        if show == form.AWAITING:
            matching = matching.awaiting_response()
        elif show == form.ANSWERED:
            matching = matching.filter(status=Question.Status.ANSWERED)
        if form.cleaned_data["meeting"]:
            matching = matching.filter(agenda_item__meeting=form.cleaned_data["meeting"])
        if form.cleaned_data["section"]:
            matching = matching.filter(section=form.cleaned_data["section"])
    ids = matching.order_by(*WAITING_FIRST).values_list("pk", flat=True)

    @cache
    def questions():
        page = Paginator(ids, QUESTIONS_PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = list(
            Question.objects.filter(pk__in=list(page.object_list))
            .select_related(*DISTRICT_QUESTION_RELATED)
            .order_by(*WAITING_FIRST)
        )
        return page

    # The filter lists every meeting of the district, and the page of questions is the same
    # for every chief inspector of these districts: both are drawn once per revision for
    # each district and choice, and read from the database only when they are drawn (the
    # template calls for the questions).
    parts = (",".join(map(str, sorted(district_ids))), request.GET.urlencode())
    return render(
        request,
        "engagement/district_question_list.html",
        {
            "form": form,
            "questions": questions,
            **fragment_keys("district-questions", filter=parts, list=parts),
        },
    )


def question_respond(request, pk):
    question = get_question_for(request.user, pk)
    if not can_respond(request.user, question):
        raise PermissionDenied
    response = QuestionResponse.objects.filter(question=question).first()
    initial = {"revision": response.revision} if response else {}
    form = ResponseForm(
        request.POST if request.method == "POST" else None, instance=response, initial=initial
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.record_response(
                question=question,
                text=form.cleaned_data["text"],
                expected_revision=form.cleaned_data["revision"],
                by=request.user,
            )
        except services.StaleEdit as stale:
            conflict = stale.current
            accept_stale_edit(form, conflict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Response saved.")
            return redirect("engagement:district_questions")
    return render(
        request,
        "engagement/response_form.html",
        {"form": form, "question": question, "response": response, "conflict": conflict},
    )


@role_required(is_chief_inspector)
def district_actions(request):
    actions = open_actions_first(
        Action.objects.filter(district_id__in=roles_of(request.user).district_ids).select_related(
            "district", "recommendation"
        )
    )
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "engagement/district_action_list.html", {"actions": page})


def action_progress(request, pk):
    action = get_action_for(request.user, pk)
    if not can_report_progress(request.user, action):
        raise PermissionDenied
    form = ProgressUpdateForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial={"status": action.status, "revision": action.revision},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.add_progress_update(
                action=action,
                expected_revision=form.cleaned_data["revision"],
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                evidence_url=form.cleaned_data["evidence_url"],
                evidence_document=form.cleaned_data["evidence_document"],
                by=request.user,
            )
        except services.StaleEdit as stale:
            conflict = stale.current.progress_updates.select_related("reported_by").first()
            accept_stale_edit(form, stale.current)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Progress update saved.")
            return redirect("engagement:district_actions")
    updates = action.progress_updates.select_related("reported_by")
    recommendation = action.recommendation if action.recommendation_id else None
    return render(
        request,
        "engagement/progress_update_form.html",
        {
            "form": form,
            "action": action,
            "updates": updates,
            "recommendation": recommendation,
            "conflict": conflict,
        },
    )
