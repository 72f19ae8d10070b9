"""Pages anyone may read: published meetings, plans, answers and outcomes."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from ..forms import MeetingQuestionsForm
from ..models import AgendaItem, PanelMeeting, Question, ScrutinyOutcome
from ..page_cache import public_page
from ..permissions import get_meeting_for
from ..summaries import MOST_SUPPORTED_FIRST, CountedPaginator

PER_PAGE = 20  # questions on a meeting page


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
@public_page
def meeting_list(request):
    meetings = PanelMeeting.objects.visible_to(request.user)
    upcoming = Paginator(meetings.upcoming(), 10).get_page(request.GET.get("upcoming"))
    past = Paginator(meetings.past(), 10).get_page(request.GET.get("page"))
    return render(request, "engagement/meeting_list.html", {"upcoming": upcoming, "past": past})


@login_not_required
@public_page
def meeting_detail(request, pk):
    meeting = get_meeting_for(request.user, pk)
    items = list(meeting.agenda_items.select_related("plan__district").order_by("order", "pk"))
    shown = (
        Question.objects.visible_to(request.user).accepted().filter(agenda_item__meeting=meeting)
    )
    counts = dict(shown.order_by().values_list("agenda_item").annotate(n=Count("pk")))
    for item in items:
        item.question_count = counts.get(item.pk, 0)
    by_pk = {item.pk: item for item in items}
    total = sum(counts.values())
    form = MeetingQuestionsForm(request.GET, items=items)
    selected = by_pk.get(form.cleaned_data["item"]) if form.is_valid() else None
    if selected:
        questions = shown.filter(agenda_item=selected)
        order = MOST_SUPPORTED_FIRST
    else:
        questions = shown
        order = ("agenda_item__order", "agenda_item_id", *MOST_SUPPORTED_FIRST)
    count = selected.question_count if selected else total
    page = CountedPaginator(questions.order_by(*order).values("pk"), PER_PAGE, count=count)
    page = page.get_page(request.GET.get("page"))
    # The page is cut on the ids alone; only its rows are joined to their answers and askers.
    page.object_list = list(
        Question.objects.filter(pk__in=page.object_list)
        .select_related("organisation", "asked_by__profile", "response")
        .order_by(*order)
    )
    for question in page:
        question.agenda_item = by_pk[question.agenda_item_id]  # for the headings, no join
    outcomes = (
        ScrutinyOutcome.objects.published()
        .filter(meeting=meeting)
        .select_related("plan__district")
        .order_by("plan__district__name")
    )
    context = {
        "meeting": meeting,
        "items": items,
        "form": form if total else None,  # nothing to choose between, nothing to correct
        "selected": selected,
        "page": page,
        "question_count": total,
        "outcomes": outcomes,
        "link_outcomes": _has_url("engagement:outcome_detail"),
    }
    return render(request, "engagement/meeting_detail.html", context)
