"""The periods the dashboards and the coverage view cover, and the scope a choice makes.

A force holds a panel every few months for years: a dashboard is about a period (the last
12 months by default, or one calendar year) or about one meeting, never about every meeting
ever held, so the work behind it stays a few meetings' worth however long the history is.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property

from .models import AgendaItem

DEFAULT_PERIOD = "last-12-months"


@dataclass(frozen=True)
class Period:
    """Meetings whose date falls from `start` up to (not including) `end`."""

    slug: str
    label: str
    start: dt.date
    end: dt.date | None = None  # None: no end, so meetings still to come count too

    def includes(self, moment):
        day = timezone.localdate(moment)
        return self.start <= day and (self.end is None or day < self.end)

    @property
    def name(self):
        """How a sentence names the period: "the last 12 months", "2025"."""
        return f"the {self.label.lower()}" if self.end is None else self.label

    @property
    def description(self):
        if self.end is None:
            return f"meetings from {self.start:%-d %B %Y} onwards, including any still to come"
        return f"meetings from 1 January to 31 December {self.start.year}"


def year_before(day):
    """The same date a year earlier (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def periods(meeting_times, today=None):
    """The last 12 months, then each calendar year that has a meeting, newest first."""
    today = today or timezone.localdate()
    years = {timezone.localdate(moment).year for moment in meeting_times} | {today.year}
    return [Period(DEFAULT_PERIOD, "Last 12 months", year_before(today))] + [
        Period(str(year), str(year), dt.date(year, 1, 1), dt.date(year + 1, 1, 1))
        for year in sorted(years, reverse=True)
    ]


@dataclass
class Scope:
    """What a page is about: some meetings, oldest first, and perhaps one district."""

    meetings: list
    districts: dict  # {pk: district}, every district, for names
    period: Period | None = None
    meeting: object = None  # a meeting chosen on its own, instead of a period
    district: object = None

    @property
    def meeting_ids(self):
        return [meeting.pk for meeting in self.meetings]

    @cached_property
    def _items(self):
        """(pk, plan version, meeting, starts_at, district) of these meetings' agenda items,
        and of every other item that presented one of their plan versions."""
        presented = AgendaItem.objects.filter(meeting__in=self.meeting_ids)
        return list(
            AgendaItem.objects.filter(
                Q(meeting__in=self.meeting_ids)
                | Q(plan_version__in=presented.values("plan_version"))
            ).values_list(
                "pk", "plan_version_id", "meeting_id", "meeting__starts_at", "plan__district_id"
            )
        )

    @cached_property
    def item_place(self):
        """{agenda item: (meeting, district)} for these meetings' items."""
        ids = set(self.meeting_ids)
        return {item[0]: (item[2], item[4]) for item in self._items if item[2] in ids}

    @cached_property
    def version_place(self):
        """{plan version: (meeting, district)} for the versions these meetings' items presented,
        at the meeting each was first presented at: where feedback given without an agenda
        item belongs (see reporting.feedback_meeting)."""
        first = {}
        for _, version, meeting, _, district in sorted(self._items, key=lambda item: item[3]):
            first.setdefault(version, (meeting, district))
        ids = set(self.meeting_ids)
        presented = {item[1] for item in self._items if item[2] in ids and item[1]}
        return {version: first[version] for version in presented}

    def place_of_feedback(self, item, version):
        """(meeting, district) a grouped feedback row belongs to, or (None, None)."""
        place = self.item_place.get(item) if item else self.version_place.get(version)
        return place or (None, None)


def scope_for(meetings, districts, *, period, meeting=None, district=None):
    """The meetings of `period`, or only `meeting` when one is chosen."""
    chosen = [meeting] if meeting else [one for one in meetings if period.includes(one.starts_at)]
    chosen.sort(key=lambda one: one.starts_at)
    return Scope(
        meetings=chosen,
        districts=districts,
        period=None if meeting else period,
        meeting=meeting,
        district=district,
    )
