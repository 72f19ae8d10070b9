"""The public projector screen for a meeting: the item and question being taken, large.

Many people may keep it open at once, so the update request is cheap: a small static
script polls `meeting_screen_now` for an HTML fragment. Its ETag is built from the
meeting's status and `live_changed_at` (bumped by every live-mode service) and cached for a
couple of seconds, so an unchanged poll is answered 304 without touching the database.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.http import parse_etags
from django.views.decorators.http import require_safe

from ..models import PanelMeeting
from ..page_cache import public_page
from ..services import screen_cache_key

# Short enough that a worker holding an old ETag (each process has its own cache) catches
# up within a poll or two; long enough that most polls do no database work.
ETAG_SECONDS = 2
CACHE_CONTROL = f"public, max-age={ETAG_SECONDS}"


def poll_interval_ms():
    return getattr(settings, "SCREEN_POLL_INTERVAL_MS", 3000)


def screen_etag(meeting_id, status, changed_at):
    stamp = changed_at.isoformat() if changed_at else "never"
    return f'"{meeting_id}-{status}-{stamp}"'


def _screen_meeting(pk):
    # The screen is public by nature: it shows what the public may see, whoever asks.
    meetings = PanelMeeting.objects.visible_to(None).select_related(
        "current_item__plan__district",
        "current_question__organisation",
        "current_question__asked_by__profile",
    )
    return get_object_or_404(meetings, pk=pk)


@login_not_required
@require_safe
@public_page
def meeting_screen(request, pk):
    meeting = _screen_meeting(pk)
    context = {
        "meeting": meeting,
        "etag": screen_etag(meeting.pk, meeting.status, meeting.live_changed_at),
        "poll_interval": poll_interval_ms(),
    }
    return render(request, "engagement/meeting_screen.html", context)


def screen_now(pk, etag):
    """(ETag, fragment) of the screen as it is now. Everyone who fetches it between two
    changes (a hall of viewers after each one) shares one rendering, for the ETag's
    lifetime: the fragment shows nothing that changes without a new ETag."""
    key = f"{screen_cache_key(pk)}:fragment"
    kept = cache.get(key)
    if kept is None or kept[0] != etag:
        meeting = _screen_meeting(pk)
        html = render_to_string("engagement/meeting_screen.html#now", {"meeting": meeting})
        kept = (screen_etag(meeting.pk, meeting.status, meeting.live_changed_at), html)
        cache.set(key, kept, ETAG_SECONDS)
    return kept


@login_not_required
@require_safe
def meeting_screen_now(request, pk):
    key = screen_cache_key(pk)
    etag = cache.get(key)
    if etag is None:
        row = (
            PanelMeeting.objects.visible_to(None)
            .filter(pk=pk)
            .values_list("status", "live_changed_at")
            .first()
        )
        if row is None:
            raise Http404("No such public meeting.")
        etag = screen_etag(pk, *row)
        cache.set(key, etag, ETAG_SECONDS)
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    else:
        etag, html = screen_now(pk, etag)
        response = HttpResponse(html)
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    return response
