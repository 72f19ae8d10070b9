"""Figures for the dashboards and the coverage view, aggregated in the database.

Every function here returns a handful of grouped rows however many questions, feedback
entries or actions there are: the page's query count stays flat as the data grows.
"""

import statistics
from dataclasses import dataclass, field

from django.db.models import (
    Aggregate,
    Avg,
    BigIntegerField,
    Count,
    DurationField,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import (
    Action,
    AgendaItem,
    CommunityOrganisation,
    District,
    Feedback,
    PanelMeeting,
    Question,
    Sector,
)

SECONDS_PER_DAY = 24 * 60 * 60


class _SQLiteMedian:
    """SQLite has no median: this is registered on the connection as an aggregate."""

    def __init__(self):
        self.values = []

    def step(self, value):
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return statistics.median(self.values) if self.values else None


class Median(Aggregate):
    """The middle value of each group: percentile_cont on PostgreSQL."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"

    def as_sqlite(self, compiler, connection, **extra_context):
        connection.ensure_connection()
        connection.connection.create_aggregate("panel_median", 1, _SQLiteMedian)
        return self.as_sql(
            compiler,
            connection,
            function="panel_median",
            template="%(function)s(%(expressions)s)",
            **extra_context,
        )


def days(duration):
    """A timedelta as days, one decimal place; None stays None."""
    if duration is None:
        return None
    return round(duration.total_seconds() / SECONDS_PER_DAY, 1)


def share(part, whole):
    """Whole-number percentage, or None when there is nothing to divide."""
    return round(100 * part / whole) if whole else None


ANSWERED = Q(status=Question.Status.ANSWERED) | Q(response__isnull=False)
WAIT = F("response__created_at") - F("created_at")


def question_figures(questions, *group_by):
    """Per group: received, accepted by the panel, answered, and median days to answer."""
    rows = (
        questions.values(*group_by)
        .annotate(
            received=Count("pk"),
            accepted=Count("pk", filter=Q(status__in=Question.SHOWN_STATUSES)),
            answered=Count("pk", filter=ANSWERED & Q(status__in=Question.SHOWN_STATUSES)),
            median_wait=Median(WAIT, output_field=DurationField()),
        )
        .order_by(*group_by)
    )
    return [_with_shares(row) for row in rows]


def _with_shares(row):
    row["share_answered"] = share(row["answered"], row["accepted"])
    row["median_days"] = days(row.pop("median_wait"))
    return row


def question_totals(questions):
    totals = questions.aggregate(
        received=Count("pk"),
        accepted=Count("pk", filter=Q(status__in=Question.SHOWN_STATUSES)),
        answered=Count("pk", filter=ANSWERED & Q(status__in=Question.SHOWN_STATUSES)),
        median_wait=Median(WAIT, output_field=DurationField()),
    )
    return _with_shares(totals)


def feedback_meeting(prefix=""):
    """The meeting a feedback entry belongs to: its agenda item's, else its version's first.

    `prefix` reaches the feedback from a related row, e.g. "feedback__" from a rating.
    """
    first_item = AgendaItem.objects.filter(plan_version=OuterRef(f"{prefix}plan_version"))
    return Coalesce(
        F(f"{prefix}agenda_item__meeting"),
        Subquery(first_item.order_by("meeting__starts_at").values("meeting")[:1]),
        output_field=BigIntegerField(),
    )


def feedback_scores(ratings, group_by):
    """{group: {criterion title: average}} for the per-district and per-meeting tables."""
    rows = ratings.values(group_by, "criterion__title").annotate(average=Avg("score")).order_by()
    scores = {}
    for row in rows:
        scores.setdefault(row[group_by], {})[row["criterion__title"]] = row["average"]
    return scores


def criterion_averages(ratings):
    return list(
        ratings.values("criterion__title", "criterion__order")
        .annotate(average=Avg("score"), ratings=Count("pk"))
        .order_by("criterion__order", "criterion__title")
    )


def action_figures(actions, *group_by, today=None):
    """Per group: actions, done on time, done late, still open, and overdue."""
    today = today or timezone.localdate()
    still_open = Q(status__in=[Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS])
    done = Q(status=Action.Status.DONE)
    return list(
        actions.values(*group_by)
        .annotate(
            total=Count("pk"),
            done_on_time=Count("pk", filter=done & Q(completed_on__lte=F("due_on"))),
            done_late=Count("pk", filter=done & Q(completed_on__gt=F("due_on"))),
            still_open=Count("pk", filter=still_open),
            overdue=Count("pk", filter=still_open & Q(due_on__lt=today)),
        )
        .order_by(*group_by)
    )


def action_meeting():
    """Where an action came from: the item it was agreed at, or its recommendation's meeting."""
    return Coalesce(
        F("agenda_item__meeting"),
        F("recommendation__outcome__meeting"),
        output_field=BigIntegerField(),
    )


@dataclass
class Dashboard:
    totals: dict
    by_district: list
    by_meeting: list
    criteria: list
    scores_by_district: dict = field(default_factory=dict)
    scores_by_meeting: dict = field(default_factory=dict)
    rag_rows: list = field(default_factory=list)
    rag_meetings: list = field(default_factory=list)
    meeting_titles: dict = field(default_factory=dict)

    @property
    def score_rows_by_district(self):
        """[(district, [average per criterion, in criteria order])]."""
        return self._score_rows(self.scores_by_district, {n: n for n in self.scores_by_district})

    @property
    def score_rows_by_meeting(self):
        return self._score_rows(self.scores_by_meeting, self.meeting_titles)

    def _score_rows(self, scores, names):
        titles = [row["criterion__title"] for row in self.criteria]
        return [
            (names.get(key, "Not linked to a meeting"), [by_title.get(t) for t in titles])
            for key, by_title in scores.items()
        ]


def build_dashboard(*, questions, ratings, outcomes, actions, district=None, meeting=None):
    """Everything the dashboard shows, from querysets already narrowed to what the reader sees."""
    if district is not None:
        questions = questions.filter(agenda_item__plan__district=district)
        ratings = ratings.filter(feedback__plan_version__plan__district=district)
        outcomes = outcomes.filter(plan__district=district)
        actions = actions.filter(district=district)
    ratings = ratings.annotate(meeting_ref=feedback_meeting("feedback__"))
    actions = actions.annotate(meeting_ref=action_meeting())
    if meeting is not None:
        questions = questions.filter(agenda_item__meeting=meeting)
        ratings = ratings.filter(meeting_ref=meeting.pk)
        outcomes = outcomes.filter(meeting=meeting)
        actions = actions.filter(meeting_ref=meeting.pk)
    questions = questions.exclude(status=Question.Status.WITHDRAWN)

    by_district = _merge(
        question_figures(
            questions.filter(agenda_item__plan__isnull=False),
            "agenda_item__plan__district__name",
        ),
        action_figures(actions, "district__name"),
        key_names=("agenda_item__plan__district__name", "district__name"),
    )
    by_meeting = _merge(
        question_figures(questions, "agenda_item__meeting"),
        action_figures(actions, "meeting_ref"),
        key_names=("agenda_item__meeting", "meeting_ref"),
    )
    scores_by_meeting = feedback_scores(ratings, "meeting_ref")
    keys = {row["key"] for row in by_meeting} | set(scores_by_meeting)
    titles = {
        row["pk"]: row
        for row in PanelMeeting.objects.filter(pk__in=keys).values("pk", "title", "starts_at")
    }
    unlinked = {"title": "Not linked to a meeting", "starts_at": None}
    for row in by_meeting:
        row.update(titles.get(row["key"], unlinked))
    by_meeting.sort(key=lambda row: (row["starts_at"] is None, row["starts_at"] or 0))
    for row in [*by_district, *by_meeting]:
        _fill_actions(row)

    totals = question_totals(questions)
    for name in ACTION_COUNTS:
        totals[name] = sum(row[name] for row in by_district)
    _fill_actions(totals)

    rag = outcomes.filter(rating__gt="").values(
        "pk", "plan__district__name", "meeting_id", "meeting__title", "meeting__starts_at", "rating"
    )
    return Dashboard(
        totals=totals,
        by_district=by_district,
        by_meeting=by_meeting,
        criteria=criterion_averages(ratings),
        scores_by_district=feedback_scores(ratings, "feedback__plan_version__plan__district__name"),
        scores_by_meeting=scores_by_meeting,
        meeting_titles={pk: row["title"] for pk, row in titles.items()},
        **_rag_grid(list(rag)),
    )


def _merge(*groups, key_names):
    """Join grouped rows from several queries on their group key."""
    merged = {}
    for rows, key_name in zip(groups, key_names, strict=True):
        for row in rows:
            key = row.pop(key_name)
            merged.setdefault(key, {"key": key}).update(row)
    return [merged[key] for key in sorted(merged, key=lambda k: (k is None, str(k)))]


ACTION_COUNTS = ("total", "done_on_time", "done_late", "still_open", "overdue")
QUESTION_COUNTS = ("received", "accepted", "answered")


def _fill_actions(row):
    """Groups with questions but no actions (or the reverse) still get every figure."""
    for name in (*ACTION_COUNTS, *QUESTION_COUNTS):
        row.setdefault(name, 0)
    row.setdefault("share_answered", None)
    row.setdefault("median_days", None)
    row["share_on_time"] = share(row["done_on_time"], row["total"])


def _rag_grid(outcomes):
    meetings = sorted(
        {(row["meeting__starts_at"], row["meeting_id"], row["meeting__title"]) for row in outcomes}
    )
    districts = sorted({row["plan__district__name"] for row in outcomes})
    cells = {(row["plan__district__name"], row["meeting_id"]): row for row in outcomes}
    rows = [
        {"district": name, "cells": [cells.get((name, pk)) for _, pk, _ in meetings]}
        for name in districts
    ]
    return {
        "rag_rows": rows,
        "rag_meetings": [{"pk": pk, "title": title, "starts_at": at} for at, pk, title in meetings],
    }


# Coverage ---------------------------------------------------------------------------------


@dataclass
class CoverageRow:
    district: District
    cells: list
    gaps: list
    could_ask: list


def build_coverage(*, district=None, meeting=None):
    """Which organisation sectors asked or gave feedback on which district's plan."""
    questions = Question.objects.exclude(status=Question.Status.WITHDRAWN).filter(
        organisation__isnull=False, agenda_item__plan__isnull=False
    )
    feedback = Feedback.objects.annotate(meeting_ref=feedback_meeting())
    districts = District.objects.filter(plans__status__in=["published", "scrutinised"])
    if district is not None:
        districts = districts.filter(pk=district.pk)
    if meeting is not None:
        questions = questions.filter(agenda_item__meeting=meeting)
        feedback = feedback.filter(meeting_ref=meeting.pk)
        districts = districts.filter(plans__agenda_items__meeting=meeting)
    asked = {
        (row["agenda_item__plan__district"], row["organisation__sector"]): row["n"]
        for row in questions.values("agenda_item__plan__district", "organisation__sector")
        .annotate(n=Count("pk"))
        .order_by()
    }
    gave = {
        (row["plan_version__plan__district"], row["organisation__sector"]): row["n"]
        for row in feedback.values("plan_version__plan__district", "organisation__sector")
        .annotate(n=Count("pk"))
        .order_by()
    }
    sectors = list(Sector.objects.all())
    serving = {}
    for row in CommunityOrganisation.objects.active().values("districts", "sector", "name"):
        serving.setdefault((row["districts"], row["sector"]), []).append(row["name"])
    rows = []
    for place in districts.distinct().order_by("name"):
        cells = [
            {
                "sector": sector,
                "questions": asked.get((place.pk, sector.pk), 0),
                "feedback": gave.get((place.pk, sector.pk), 0),
            }
            for sector in sectors
        ]
        gaps = [cell["sector"] for cell in cells if not cell["questions"] and not cell["feedback"]]
        could_ask = [
            name for sector in gaps for name in sorted(serving.get((place.pk, sector.pk), []))
        ]
        rows.append(CoverageRow(district=place, cells=cells, gaps=gaps, could_ask=could_ask))
    return sectors, rows


def sector_phrase(sector):
    """'Faith' -> 'faith'; names like 'LGBTQ+' keep their capitals."""
    name = sector.name
    return name if name[:2].isupper() else name[0].lower() + name[1:]


def gap_sentence(row):
    """'No faith or LGBTQ+ organisation has asked about or commented on the Stevenage plan.'"""
    if not row.gaps:
        return ""
    names = [sector_phrase(sector) for sector in row.gaps]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    return f"No {listed} organisation has asked about or commented on the {row.district} plan."
