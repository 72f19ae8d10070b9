"""The commissioner's office: review meetings, record outcomes, recommend, publish, correct.

Dashboards, the coverage view, exports and the printable report are in reports.py.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.views.decorators.http import require_POST

from .. import services
from ..forms import CorrectionForm, OutcomeForm, RecommendationForm
from ..models import (
    Action,
    AgendaItem,
    Feedback,
    PanelMeeting,
    Question,
    Recommendation,
    ScrutinyOutcome,
)
from ..permissions import is_commissioners_office, role_required
from ..reporting import feedback_meeting
from ..review import FIRST_FEW, LISTS, review_list, review_meeting
from .districts import accept_stale_edit, add_service_errors


def stale_fields(current, names):
    """(label, saved value) pairs of the version someone else saved, to show beside the form."""
    pairs = []
    for name in names:
        model_field = current._meta.get_field(name)
        value = getattr(current, name)
        if model_field.choices:
            value = getattr(current, f"get_{name}_display")()
        pairs.append((capfirst(model_field.verbose_name), value))
    return pairs


@role_required(is_commissioners_office)
def commissioner_home(request):
    """Meetings to review, replies the districts owe, and actions running late."""
    today = timezone.localdate()
    meetings = (
        PanelMeeting.objects.filter(starts_at__lt=timezone.now())
        .annotate(
            plans=Count("agenda_items", filter=Q(agenda_items__kind=AgendaItem.Kind.PLAN)),
            recorded=Count("outcomes", distinct=True),
            published=Count(
                "outcomes", filter=Q(outcomes__published_at__isnull=False), distinct=True
            ),
        )
        .order_by("-starts_at")[:6]
    )
    awaiting = (
        Recommendation.objects.awaiting_reply()
        .select_related("owner", "outcome__meeting")
        .order_by("reply_due_on", "pk")[:20]
    )
    overdue = Action.objects.overdue(today).select_related("district").order_by("due_on")[:20]
    return render(
        request,
        "engagement/commissioner_home.html",
        {"meetings": meetings, "awaiting": awaiting, "overdue": overdue, "today": today},
    )


@role_required(is_commissioners_office)
def meeting_review(request, pk):
    """The review workspace: every plan on the meeting's agenda and what was said about it.

    With `?item=<agenda item>&list=<questions, feedback, actions or carried>` it pages
    through one plan's list in full instead.
    """
    meeting = get_object_or_404(PanelMeeting, pk=pk)
    if "item" in request.GET:
        return _review_list(request, meeting)
    return render(
        request,
        "engagement/meeting_review.html",
        {
            "meeting": meeting,
            "reviews": review_meeting(meeting),
            "scores": range(1, 6),
            "first_few": FIRST_FEW,
        },
    )


def _review_list(request, meeting):
    item_pk = request.GET["item"]
    # A number too long for the database is no agenda item either.
    if not (item_pk.isascii() and item_pk.isdigit() and len(item_pk) < 19):
        raise Http404
    items = meeting.agenda_items.filter(kind=AgendaItem.Kind.PLAN).select_related("plan__district")
    item = get_object_or_404(items, pk=item_pk)
    kind = request.GET.get("list") if request.GET.get("list") in LISTS else "questions"
    page = review_list(meeting, item, kind, request.GET.get("page"))
    return render(
        request,
        "engagement/meeting_review_list.html",
        {
            "meeting": meeting,
            "item": item,
            "kind": kind,
            "title": LISTS[kind],
            "lists": LISTS,
            "page": page,
        },
    )


def _plan_item(pk):
    return get_object_or_404(
        AgendaItem.objects.select_related("meeting", "plan__district", "outcome"),
        pk=pk,
        kind=AgendaItem.Kind.PLAN,
    )


@role_required(is_commissioners_office)
def outcome_record(request, pk):
    """Record or edit the RAG rating, its reason and the findings for one plan item."""
    item = _plan_item(pk)
    outcome = getattr(item, "outcome", None)
    if outcome is not None and outcome.is_published:
        return redirect("engagement:outcome_correct", outcome.pk)
    form = OutcomeForm(
        request.POST if request.method == "POST" else None,
        instance=outcome,
        initial={"revision": outcome.revision if outcome else None},
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.OUTCOME_FIELDS}
        try:
            outcome = services.record_outcome(
                agenda_item=item,
                values=values,
                by=request.user,
                expected_revision=form.cleaned_data["revision"],
            )
        except services.StaleEdit as error:
            stale = error.current
            accept_stale_edit(form, stale)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Outcome saved for {item.heading}.")
            return redirect(_review_url(item))
    return render(
        request,
        "engagement/outcome_form.html",
        {
            "form": form,
            "item": item,
            "outcome": outcome,
            "stale": stale,
            "stale_fields": stale and stale_fields(stale, services.OUTCOME_FIELDS),
        },
    )


def _review_url(item):
    return f"{reverse('engagement:meeting_review', args=[item.meeting_id])}#item-{item.pk}"


@role_required(is_commissioners_office)
def outcome_publish(request, pk):
    """Confirm, then publish: refused without a rating and its reason."""
    outcome = get_object_or_404(
        ScrutinyOutcome.objects.select_related("plan__district", "meeting", "agenda_item"),
        pk=pk,
    )
    if request.method == "POST":
        try:
            services.publish_outcome(outcome=outcome, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Published the outcome for {outcome.plan.district}.")
            return redirect(outcome)
    recommendations = outcome.recommendations.select_related("owner")
    return render(
        request,
        "engagement/outcome_confirm_publish.html",
        {
            "outcome": outcome,
            "recommendations": recommendations,
            "is_ready": bool(outcome.rating and outcome.rationale.strip()),
        },
    )


@role_required(is_commissioners_office)
def outcome_correct(request, pk):
    """Correct a published outcome; the public sees what changed, why, and when."""
    outcome = get_object_or_404(
        ScrutinyOutcome.objects.select_related("plan__district", "meeting", "agenda_item"),
        pk=pk,
        published_at__isnull=False,
    )
    form = CorrectionForm(
        request.POST if request.method == "POST" else None,
        instance=outcome,
        initial={"revision": outcome.revision},
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.OUTCOME_FIELDS}
        try:
            services.correct_outcome(
                outcome=outcome,
                expected_revision=form.cleaned_data["revision"],
                values=values,
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except services.StaleEdit as error:
            stale = error.current
            accept_stale_edit(form, stale)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Correction published.")
            return redirect(outcome)
    return render(
        request,
        "engagement/outcome_correct.html",
        {
            "form": form,
            "outcome": outcome,
            "stale": stale,
            "stale_fields": stale and stale_fields(stale, services.OUTCOME_FIELDS),
        },
    )


def _recommendation_choices(outcome):
    """The questions and feedback of the outcome's agenda item, to tick as sources."""
    questions = (
        Question.objects.filter(
            agenda_item=outcome.agenda_item_id, status__in=Question.SHOWN_STATUSES
        )
        .select_related("organisation", "asked_by__profile")
        .order_by("-vote_count", "created_at")
    )
    feedback = (
        Feedback.objects.annotate(meeting_ref=feedback_meeting())
        .filter(meeting_ref=outcome.meeting_id, plan_version__plan=outcome.plan_id)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return {"questions": questions, "feedback": feedback}


@role_required(is_commissioners_office)
def recommendation_create(request, pk):
    """A recommendation from an outcome, ticking the questions and feedback behind it."""
    outcome = get_object_or_404(
        ScrutinyOutcome.objects.select_related("plan__district", "meeting", "agenda_item"),
        pk=pk,
    )
    form = RecommendationForm(
        request.POST if request.method == "POST" else None,
        initial={"owner": outcome.plan.district_id},
        **_recommendation_choices(outcome),
    )
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = services.add_recommendation(
                outcome=outcome,
                text=form.cleaned_data["text"],
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
                questions=list(form.cleaned_data["questions"]),
                feedback=list(form.cleaned_data["feedback"]),
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Recommendation added. {recommendation.owner} must reply by "
                f"{recommendation.reply_due_on:%-d %B %Y}.",
            )
            return redirect(_review_url(outcome.agenda_item))
    return render(
        request,
        "engagement/recommendation_form.html",
        {
            "form": form,
            "outcome": outcome,
            "recommendation": None,
            "response_days": settings.RECOMMENDATION_RESPONSE_DAYS,
        },
    )


@role_required(is_commissioners_office)
def recommendation_edit(request, pk):
    """Edit a recommendation; once published, the change is shown as a correction."""
    recommendation = get_object_or_404(
        Recommendation.objects.select_related(
            "outcome__plan__district", "outcome__meeting", "outcome__agenda_item", "owner"
        ),
        pk=pk,
    )
    outcome = recommendation.outcome
    form = RecommendationForm(
        request.POST if request.method == "POST" else None,
        instance=recommendation,
        initial={"revision": recommendation.revision},
        needs_note=outcome.is_published,
        **_recommendation_choices(outcome),
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.RECOMMENDATION_FIELDS}
        try:
            services.update_recommendation(
                recommendation=recommendation,
                expected_revision=form.cleaned_data["revision"],
                values=values,
                questions=list(form.cleaned_data["questions"]),
                feedback=list(form.cleaned_data["feedback"]),
                note=form.cleaned_data.get("note", ""),
                by=request.user,
            )
        except services.StaleEdit as error:
            stale = error.current
            accept_stale_edit(form, stale)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Recommendation saved.")
            return redirect(recommendation)
    return render(
        request,
        "engagement/recommendation_form.html",
        {
            "form": form,
            "outcome": outcome,
            "recommendation": recommendation,
            "stale": stale,
            "stale_fields": stale and stale_fields(stale, services.RECOMMENDATION_FIELDS),
            "response_days": settings.RECOMMENDATION_RESPONSE_DAYS,
        },
    )


@require_POST
@role_required(is_commissioners_office)
def recommendation_done(request, pk):
    """Close a recommendation the district has delivered."""
    recommendation = get_object_or_404(Recommendation, pk=pk)
    try:
        services.mark_recommendation_done(recommendation=recommendation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Recommendation marked as done.")
    return redirect(recommendation)
