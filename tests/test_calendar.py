"""Calendar files, read back with icalendar: UK local time on both sides of the clock change."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from engagement.models import PanelMeeting
from tests import factories

pytestmark = pytest.mark.django_db

Status = PanelMeeting.Status
ROLES = [
    "anonymous",
    "representative",
    "other_representative",
    "chief_inspector",
    "other_chief_inspector",
    "secretariat",
    "commissioner",
    "site_admin",
]


def parse(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


@pytest.mark.parametrize(
    ("starts_utc", "local_hour"),
    [
        (datetime(2036, 7, 15, 17, 30, tzinfo=UTC), 18),  # BST
        (datetime(2036, 1, 15, 18, 30, tzinfo=UTC), 18),  # GMT
    ],
)
def test_meeting_ics_is_in_uk_local_time(client, starts_utc, local_hour):
    meeting = factories.make_meeting(
        title="Summer panel",
        venue="Police Headquarters, Welwyn Garden City",
        starts_at=starts_utc,
        ends_at=starts_utc + timedelta(hours=2),
        question_deadline=starts_utc - timedelta(days=7),
    )
    response = client.get(reverse("engagement:meeting_ics", args=[meeting.pk]))
    assert response.status_code == 200
    assert f'filename="panel-meeting-{meeting.pk}.ics"' in response["Content-Disposition"]
    calendar = parse(response)
    event = calendar.events[0]
    start, end = event.start, event.end
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert start == starts_utc
    assert (start.hour, start.minute) == (local_hour, 30)
    assert start.tzinfo.key == "Europe/London"
    assert end == starts_utc + timedelta(hours=2)
    assert str(event["SUMMARY"]) == "Summer panel"
    assert str(event["LOCATION"]) == "Police Headquarters, Welwyn Garden City"
    assert str(event["UID"]) == f"panel-meeting-{meeting.pk}@testserver"
    assert str(event["URL"]) == f"http://testserver{meeting.get_absolute_url()}"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert b"TZID=Europe/London:" in response.content


@pytest.mark.parametrize("role", ROLES)
def test_scheduled_meeting_ics_is_hidden_from_the_public(client, user_for_role, role):
    user = user_for_role(role)
    if user:
        client.force_login(user)
    meeting = factories.make_meeting(status=Status.SCHEDULED)
    response = client.get(reverse("engagement:meeting_ics", args=[meeting.pk]))
    assert response.status_code == (404 if role == "anonymous" else 200)


def test_feed_lists_upcoming_public_meetings(client):
    soon = factories.make_meeting(title="Next panel", days_ahead=10)
    factories.make_meeting(title="Later panel", days_ahead=120)
    factories.make_meeting(title="Hidden panel", status=Status.SCHEDULED)
    factories.make_meeting(
        title="Past panel",
        status=Status.CLOSED,
        starts_at=timezone.now() - timedelta(days=10),
        question_deadline=timezone.now() - timedelta(days=17),
    )
    response = client.get(reverse("engagement:meeting_feed"))
    calendar = parse(response)
    assert [str(e["SUMMARY"]) for e in calendar.events] == ["Next panel", "Later panel"]
    assert str(calendar["X-WR-CALNAME"]) == "Community Engagement Panel meetings"
    assert calendar.events[0].start == soon.starts_at.replace(microsecond=0)
    assert calendar.events[0]["DTSTART"].params["TZID"] == "Europe/London"


def test_feed_for_a_panel_member_includes_scheduled_meetings(client, representative):
    factories.make_meeting(title="Hidden panel", status=Status.SCHEDULED)
    client.force_login(representative)
    calendar = parse(client.get(reverse("engagement:meeting_feed")))
    assert [str(e["SUMMARY"]) for e in calendar.events] == ["Hidden panel"]


def test_empty_feed_is_still_a_valid_calendar(client):
    calendar = parse(client.get(reverse("engagement:meeting_feed")))
    assert calendar.events == []


def test_feed_query_count_does_not_grow(client, django_assert_num_queries):
    for count in (3, 30):
        for _ in range(count - PanelMeeting.objects.count()):
            factories.make_meeting()
        with django_assert_num_queries(1):
            response = client.get(reverse("engagement:meeting_feed"))
        assert len(parse(response).events) == count


@pytest.mark.parametrize("role", ROLES)
def test_feed_is_open_to_every_role(client, user_for_role, role):
    user = user_for_role(role)
    if user:
        client.force_login(user)
    factories.make_meeting(title="Next panel")
    response = client.get(reverse("engagement:meeting_feed"))
    assert response.status_code == 200
    assert "Next panel" in [str(e["SUMMARY"]) for e in parse(response).events]
