"""The chain made visible: question timelines, outcomes, recommendations, actions, and the
published "you said, we did" for each district and meeting.

Anyone may open these pages; what each reader sees goes through the models' `visible_to`
rules, so the public sees only what is published and anything else is a 404.
"""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from ..models import (
    Action,
    District,
    Feedback,
    PanelMeeting,
    ProgressUpdate,
    Question,
    Recommendation,
    ScrutinyOutcome,
)
from ..page_cache import public_page
from ..permissions import (
    can_reply_to_recommendation,
    can_report_progress,
    get_outcome_for,
    get_recommendation_for,
    is_commissioners_office,
)
from ..summaries import CountedPaginator, add_summaries, count_of, outcome_summaries
from ..timeline import build_timeline, change_records, milestones, question_chain

OUTCOMES_PER_PAGE = 10
MEETINGS_PER_PAGE = 20
PUBLIC = None  # roles_of(None) is the anonymous reader: "published only"


@login_not_required
@public_page
def question_detail(request, pk):
    """Everything that came of one question, as a timeline."""
    question = get_object_or_404(
        Question.objects.visible_to(request.user)
        .select_related(
            "agenda_item__meeting",
            "agenda_item__plan__district",
            "organisation",
            "asked_by__profile",
            "section",
            "response",
            "merged_into",
        )
        .annotate(merged_count=Count("merged_questions")),
        pk=pk,
    )
    recommendations, outcome = question_chain(question, request.user)
    records = change_records(question, recommendations, request.user)
    return render(
        request,
        "engagement/question_detail.html",
        {
            "question": question,
            "steps": build_timeline(question, recommendations, outcome),
            "milestones": milestones(question, recommendations, outcome),
            "records": records,
            "show_actors": any(record["who"] for record in records),
            "outcome": outcome,
        },
    )


@login_not_required
@public_page
def outcome_detail(request, pk):
    outcome = get_outcome_for(request.user, pk)
    recommendations = (
        Recommendation.objects.visible_to(request.user)
        .filter(outcome=outcome)
        .select_related("owner")
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.visible_to(request.user)),
            Prefetch("actions", queryset=Action.objects.visible_to(request.user)),
        )
    )
    questions = (
        Question.objects.visible_to(request.user)
        .filter(agenda_item=outcome.agenda_item_id, is_public=True)
        .select_related("response", "organisation", "asked_by__profile")
        .order_by("-vote_count", "created_at")
    )
    return render(
        request,
        "engagement/outcome_detail.html",
        {
            "outcome": outcome,
            "recommendations": recommendations,
            "questions": questions,
            "corrections": outcome.corrections.all(),
            "is_office": is_commissioners_office(request.user),
        },
    )


@login_not_required
@public_page
def recommendation_detail(request, pk):
    recommendation = get_recommendation_for(request.user, pk)
    questions = recommendation.questions.visible_to(request.user).select_related(
        "organisation", "asked_by__profile", "response"
    )
    feedback = Feedback.objects.visible_to(request.user).filter(recommendations=recommendation)
    actions = (
        Action.objects.visible_to(request.user)
        .filter(recommendation=recommendation)
        .prefetch_related(
            Prefetch("progress_updates", queryset=ProgressUpdate.objects.order_by("-reported_on"))
        )
    )
    return render(
        request,
        "engagement/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "questions": questions,
            "feedback": feedback.select_related("organisation"),
            "feedback_total": recommendation.feedback.count(),
            "actions": actions,
            "can_reply": recommendation.is_awaiting_reply
            and can_reply_to_recommendation(request.user, recommendation),
            "is_office": is_commissioners_office(request.user),
        },
    )


@login_not_required
@public_page
def action_detail(request, pk):
    action = get_object_or_404(
        Action.objects.visible_to(request.user).select_related(
            "district", "recommendation__outcome", "agenda_item__meeting"
        ),
        pk=pk,
    )
    recommendation = None
    if action.recommendation_id:
        recommendation = (
            Recommendation.objects.visible_to(request.user)
            .filter(pk=action.recommendation_id)
            .first()
        )
    return render(
        request,
        "engagement/action_detail.html",
        {
            "action": action,
            "recommendation": recommendation,
            "updates": action.progress_updates.order_by("-reported_on", "-created_at"),
            "can_report": can_report_progress(request.user, action),
        },
    )


@login_not_required
@public_page
def you_said_we_did(request):
    """Where to start: every district and meeting with something published."""
    outcomes = ScrutinyOutcome.objects.published()
    districts = (
        District.objects.filter(plans__outcomes__in=outcomes)
        .annotate(
            outcome_count=Count("plans__outcomes"), latest=Max("plans__outcomes__published_at")
        )
        .order_by("name")
    )
    meetings = PanelMeeting.objects.filter(pk__in=outcomes.values("meeting")).order_by(
        "-starts_at", "pk"
    )
    page = Paginator(meetings, MEETINGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "engagement/you_said_we_did.html",
        {"districts": districts, "meetings": page},
    )


@login_not_required
@public_page
def district_detail(request, slug):
    """One district's "you said, we did": the latest outcome in brief, then every meeting."""
    district = get_object_or_404(
        District.objects.annotate(
            outcome_count=count_of(ScrutinyOutcome.objects.published(), "plan__district")
        ),
        slug=slug,
    )
    newest_first = ("-meeting__starts_at", "pk")
    outcomes = ScrutinyOutcome.objects.published().filter(plan__district=district)
    page = CountedPaginator(
        outcomes.order_by(*newest_first).values("pk"),
        OUTCOMES_PER_PAGE,
        count=district.outcome_count,
    ).get_page(request.GET.get("page"))
    # Cut on ids first, so only the page's own rows are counted up, however deep the page.
    page.object_list = list(
        outcome_summaries().filter(pk__in=page.object_list).order_by(*newest_first)
    )
    latest = add_summaries([page[0]])[0] if page.number == 1 and page else None
    return render(
        request,
        "engagement/district_detail.html",
        {"district": district, "page": page, "latest": latest},
    )


@login_not_required
@public_page
def meeting_you_said_we_did(request, pk):
    """One meeting's "you said, we did", district by district, each in brief."""
    meeting = get_object_or_404(PanelMeeting.objects.public(), pk=pk)
    # One outcome per plan on the agenda, so this list is as long as the agenda.
    outcomes = list(
        outcome_summaries().filter(meeting=meeting).order_by("agenda_item__order", "pk")
    )
    if not outcomes:
        raise Http404("Nothing has been published for this meeting yet.")
    add_summaries(outcomes)
    return render(
        request,
        "engagement/meeting_you_said_we_did.html",
        {"meeting": meeting, "outcomes": outcomes},
    )
