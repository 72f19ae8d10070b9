"""Pages anyone may read: published meetings, plans, answers and outcomes."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.shortcuts import render

from ..models import AgendaItem, PanelMeeting, ScrutinyOutcome


@login_not_required
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
