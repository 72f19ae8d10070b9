"""Calendar files: one `.ics` per meeting and a feed of upcoming meetings.

Times carry TZID=Europe/London with a VTIMEZONE, so calendars show UK local time on both
sides of the clock change.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event

from ..models import PanelMeeting
from ..page_cache import public_page
from ..permissions import get_meeting_for

FEED_SIZE = 50


def _calendar(name):
    calendar = Calendar()
    calendar.add("prodid", "-//Hertfordshire Community Engagement Panel//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _event(request, meeting):
    london = ZoneInfo(settings.TIME_ZONE)
    event = Event()
    event.add("uid", f"panel-meeting-{meeting.pk}@{request.get_host()}")
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(london))
    if meeting.ends_at:
        event.add("dtend", meeting.ends_at.astimezone(london))
    event.add("summary", meeting.title)
    event.add("location", meeting.venue)
    url = request.build_absolute_uri(meeting.get_absolute_url())
    event.add("url", url)
    deadline = timezone.localtime(meeting.question_deadline)
    event.add(
        "description",
        f"Chair: {meeting.chair}.\nQuestions close {deadline:%-d %B %Y at %H:%M}.\n{url}",
    )
    event.add("last-modified", meeting.updated_at)
    return event


def _ics_response(calendar, filename, meetings):
    if meetings:
        # Only the clock changes around these meetings, not fifty years of them.
        year = timedelta(days=366)
        calendar.add_missing_timezones(
            first_date=min(m.starts_at for m in meetings).date() - year,
            last_date=max(m.ends_at or m.starts_at for m in meetings).date() + year,
        )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_not_required
@require_safe
@public_page
def meeting_ics(request, pk):
    meeting = get_meeting_for(request.user, pk)
    calendar = _calendar(meeting.title)
    calendar.add_component(_event(request, meeting))
    return _ics_response(calendar, f"panel-meeting-{meeting.pk}.ics", [meeting])


@login_not_required
@require_safe
@public_page
def meeting_feed(request):
    calendar = _calendar("Community Engagement Panel meetings")
    meetings = list(PanelMeeting.objects.visible_to(request.user).upcoming()[:FEED_SIZE])
    for meeting in meetings:
        calendar.add_component(_event(request, meeting))
    return _ics_response(calendar, "panel-meetings.ics", meetings)
