"""Pages anyone may read: published meetings, plans, answers and outcomes."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from ..models import AgendaItem, PanelMeeting, Question, ScrutinyOutcome
from ..page_cache import public_page
from ..permissions import get_meeting_for


@login_not_required
@public_page
def home(request):
    upcoming = (
        PanelMeeting.objects.visible_to(request.user)
        .upcoming()
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("plan__district"))
        )
        .first()
    )
    outcomes = (
        ScrutinyOutcome.objects.published()
        .select_related("plan__district", "meeting")
        .order_by("-published_at")[:5]
    )
    return render(
        request, "engagement/home.html", {"upcoming": upcoming, "recent_outcomes": outcomes}
    )


def _has_url(name):
    """Whether a URL name exists yet (outcome pages are built separately)."""
    try:
        reverse(name, args=[1])
    except NoReverseMatch:
        return False
    return True


@login_not_required
def meeting_list(request):
    meetings = PanelMeeting.objects.visible_to(request.user)
    upcoming = Paginator(meetings.upcoming(), 10).get_page(request.GET.get("upcoming"))
    past = Paginator(meetings.past(), 10).get_page(request.GET.get("page"))
    return render(request, "engagement/meeting_list.html", {"upcoming": upcoming, "past": past})


@login_not_required
def meeting_detail(request, pk):
    meeting = get_meeting_for(request.user, pk)
    questions = (
        Question.objects.visible_to(request.user)
        .accepted()
        .select_related("organisation", "asked_by__profile", "response")
        .order_by("-vote_count", "created_at", "pk")
    )
    items = list(
        meeting.agenda_items.select_related("plan__district")
        .prefetch_related(Prefetch("questions", queryset=questions, to_attr="shown_questions"))
        .order_by("order", "pk")
    )
    outcomes = (
        ScrutinyOutcome.objects.published()
        .filter(meeting=meeting)
        .select_related("plan__district")
        .order_by("plan__district__name")
    )
    context = {
        "meeting": meeting,
        "items": items,
        "question_count": sum(len(item.shown_questions) for item in items),
        "outcomes": outcomes,
        "link_outcomes": _has_url("engagement:outcome_detail"),
    }
    return render(request, "engagement/meeting_detail.html", context)
