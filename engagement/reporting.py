"""Figures for the dashboards and the coverage view, aggregated in the database.

Every figure is about a scope (periods.Scope): the meetings of one period, or one meeting
chosen on its own, for every district or one. Each function returns a handful of grouped
rows however many questions, feedback entries or actions there are, so a page's query count
stays flat as the data grows, and the period keeps the rows each query reads to a few
meetings' worth.
"""

import statistics
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Aggregate,
    BigIntegerField,
    Count,
    DurationField,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Action, AgendaItem, Question

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


def grouped_feedback(rows, scope, fields, aggregates, prefix=""):
    """`rows` (feedback, or rows reached from it through `prefix`, e.g. "feedback__") given
    at the scope's meetings, grouped by `fields`. Entries made without an agenda item count
    where their plan version was presented (see the note under "The dashboard")."""
    at_items = rows.filter(**{f"{prefix}agenda_item__meeting__in": scope.meeting_ids})
    by_version = rows.filter(
        **{
            f"{prefix}agenda_item__isnull": True,
            f"{prefix}plan_version__in": list(scope.version_place),
        }
    )
    return (
        at_items.values(*fields)
        .annotate(**aggregates)
        .order_by()
        .union(by_version.values(*fields).annotate(**aggregates).order_by(), all=True)
        .order_by()
    )


# The dashboard ----------------------------------------------------------------------------
#
# Each figure is one statement whatever the scope holds. Rows linked to a meeting in two
# ways (feedback given at an item or on a version; an action agreed at an item or arising
# from a recommendation) are fetched as a UNION of two grouped parts, each of which the
# database answers from an index, rather than one query with an OR across two joins,
# which reads the whole table.

ANSWERED = Q(status=Question.Status.ANSWERED) | Q(response__isnull=False)
WAIT = F("response__created_at") - F("created_at")
QUESTION_FIGURES = {
    "received": Count("pk"),
    "accepted": Count("pk", filter=Q(status__in=Question.SHOWN_STATUSES)),
    "answered": Count("pk", filter=ANSWERED & Q(status__in=Question.SHOWN_STATUSES)),
    "median_wait": Median(WAIT, output_field=DurationField()),
}
ACTION_COUNTS = ("total", "done_on_time", "done_late", "still_open", "overdue")
QUESTION_COUNTS = ("received", "accepted", "answered")


def question_figures(questions):
    """{"district"/"meeting"/"total": {key: figures}}: received, accepted by the panel,
    answered, and median days to answer. A median cannot be added up from smaller groups,
    so each grouping is computed on its own, in one statement."""
    if connection.vendor == "postgresql":
        rows = _grouping_sets(questions)
    else:
        rows = _grouped_union(questions)
    figures = {"district": {}, "meeting": {}, "total": {}}
    for row in rows:
        if row["district"] is not None:
            kind, key = "district", row["district"]
        else:
            kind, key = ("meeting", row["meeting"]) if row["meeting"] else ("total", None)
        if key != NO_DISTRICT:
            figures[kind][key] = _with_shares(
                {name: row[name] for name in ("received", "accepted", "answered", "median_wait")}
            )
    return figures


NO_DISTRICT = 0  # questions on general agenda items, which count by meeting and in total


def _by_district_and_meeting(questions):
    return (
        questions.values(
            district=Coalesce("agenda_item__plan__district", NO_DISTRICT),
            meeting=F("agenda_item__meeting"),
        )
        .annotate(**QUESTION_FIGURES)
        .order_by()
    )


def _grouping_sets(questions):
    """PostgreSQL reads the questions once for all three groupings with GROUPING SETS, which
    the ORM cannot write: its own statement, grouped by both columns, is regrouped."""
    query = _by_district_and_meeting(questions)
    try:
        sql, params = query.query.get_compiler(using=query.db).as_sql()
    except EmptyResultSet:  # no meetings in the scope
        return []
    head, _, group_by = sql.rpartition(" GROUP BY ")
    if group_by != "1, 2":
        raise ValueError(f"Unexpected grouping in the question figures: {group_by}")
    with connection.cursor() as cursor:
        cursor.execute(f"{head} GROUP BY GROUPING SETS ((1), (2), ())", params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _grouped_union(questions):
    """The same three groupings as one UNION of three grouped statements."""
    nothing = Value(None, output_field=BigIntegerField())

    def grouped(district, meeting):
        return (
            questions.values(district=district, meeting=meeting)
            .annotate(**QUESTION_FIGURES)
            .order_by()
        )

    by_district = grouped(Coalesce("agenda_item__plan__district", NO_DISTRICT), nothing)
    by_meeting = grouped(nothing, F("agenda_item__meeting"))
    return list(by_district.union(by_meeting, grouped(nothing, nothing), all=True).order_by())


def _with_shares(row):
    row["share_answered"] = share(row["answered"], row["accepted"])
    row["median_days"] = days(row.pop("median_wait"))
    return row


def action_counts(actions, scope, *, today=None):
    """[{district, meeting, total, done on time, done late, still open, overdue}] for the
    actions agreed at the scope's meetings or arising from their recommendations."""
    today = today or timezone.localdate()
    still_open = Q(status__in=[Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS])
    done = Q(status=Action.Status.DONE)
    counts = {
        "total": Count("pk"),
        "done_on_time": Count("pk", filter=done & Q(completed_on__lte=F("due_on"))),
        "done_late": Count("pk", filter=done & Q(completed_on__gt=F("due_on"))),
        "still_open": Count("pk", filter=still_open),
        "overdue": Count("pk", filter=still_open & Q(due_on__lt=today)),
    }

    def grouped(meeting, **filters):
        rows = actions.filter(**{f"{meeting}__in": scope.meeting_ids}, **filters)
        return rows.values("district", meeting=F(meeting)).annotate(**counts).order_by()

    agreed = grouped("agenda_item__meeting")
    recommended = grouped("recommendation__outcome__meeting", agenda_item__isnull=True)
    return list(agreed.union(recommended, all=True).order_by())


def rating_sums(ratings, scope):
    """[{criterion, meeting, district, points, ratings}]: averages add up from these sums.

    Grouped by agenda item and plan version, which the scope places at a meeting and in a
    district; rows placed outside the scope's meetings (a version presented twice can bring
    in feedback that belongs to its other meeting) are left out.
    """
    fields = (
        "criterion__title",
        "criterion__order",
        "feedback__agenda_item",
        "feedback__plan_version",
    )
    if ratings.query.is_empty():  # the public dashboard shows no ratings
        return []
    sums = {"points": Sum("score"), "ratings": Count("pk")}
    rows = grouped_feedback(ratings, scope, fields, sums, prefix="feedback__")
    ids = set(scope.meeting_ids)
    kept = []
    for row in rows:
        row["meeting"], row["district"] = scope.place_of_feedback(
            row.pop("feedback__agenda_item"), row.pop("feedback__plan_version")
        )
        if row["meeting"] in ids:
            kept.append(row)
    return kept


def _add_up(rows, key, names):
    """{key value: {name: total}} from grouped rows."""
    totals = {}
    for row in rows:
        group = totals.setdefault(row[key], dict.fromkeys(names, 0))
        for name in names:
            group[name] += row[name]
    return totals


def _averages(rows, key):
    """{key value: {criterion title: average score}}."""
    sums = {}
    for row in rows:
        group = sums.setdefault(row[key], {}).setdefault(row["criterion__title"], [0, 0])
        group[0] += row["points"]
        group[1] += row["ratings"]
    return {
        group: {title: points / count for title, (points, count) in by_title.items()}
        for group, by_title in sums.items()
    }


def _criteria(rating_rows):
    """Average per criterion over the whole scope, in the criteria's order."""
    overall = {}
    for row in rating_rows:
        entry = overall.setdefault((row["criterion__order"], row["criterion__title"]), [0, 0])
        entry[0] += row["points"]
        entry[1] += row["ratings"]
    return [
        {"criterion__title": title, "average": points / count, "ratings": count}
        for (_, title), (points, count) in sorted(overall.items())
    ]


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
        return [(names[key], [by_title.get(t) for t in titles]) for key, by_title in scores.items()]


def build_dashboard(*, scope, questions, ratings, outcomes, actions, today=None):
    """Everything a dashboard shows about `scope`, from querysets already narrowed to what
    the reader may see."""
    questions = questions.filter(agenda_item__meeting__in=scope.meeting_ids).exclude(
        status=Question.Status.WITHDRAWN
    )
    outcomes = outcomes.filter(meeting__in=scope.meeting_ids)
    if scope.district is not None:
        questions = questions.filter(agenda_item__plan__district=scope.district)
        ratings = ratings.filter(feedback__plan_version__plan__district=scope.district)
        outcomes = outcomes.filter(plan__district=scope.district)
        actions = actions.filter(district=scope.district)

    names = {pk: district.name for pk, district in scope.districts.items()}
    meetings = {meeting.pk: meeting for meeting in scope.meetings}
    figures = question_figures(questions)
    action_rows = action_counts(actions, scope, today=today)
    by_district = _merge(
        _renamed(figures["district"], names),
        _renamed(_add_up(action_rows, "district", ACTION_COUNTS), names),
    )
    by_meeting = _merge(figures["meeting"], _add_up(action_rows, "meeting", ACTION_COUNTS))
    for row in by_meeting:
        row.update(title=meetings[row["key"]].title, starts_at=meetings[row["key"]].starts_at)
    by_meeting.sort(key=lambda row: row["starts_at"])

    totals = figures["total"].get(None) or _with_shares(
        {"received": 0, "accepted": 0, "answered": 0, "median_wait": None}
    )
    for name in ACTION_COUNTS:
        totals[name] = sum(row[name] for row in by_district)
    _fill(totals)

    rating_rows = rating_sums(ratings, scope)
    for row in rating_rows:
        row["district"] = names.get(row["district"], "No district")
    by_meeting_scores = _averages(rating_rows, "meeting")
    rag = outcomes.filter(rating__gt="").values("plan__district__name", "meeting_id", "rating")
    return Dashboard(
        totals=totals,
        by_district=by_district,
        by_meeting=by_meeting,
        criteria=_criteria(rating_rows),
        scores_by_district=dict(sorted(_averages(rating_rows, "district").items())),
        scores_by_meeting={pk: by_meeting_scores[pk] for pk in meetings if pk in by_meeting_scores},
        meeting_titles={pk: meeting.title for pk, meeting in meetings.items()},
        **_rag_grid(list(rag), scope.meetings),
    )


def _renamed(groups, names):
    return {names[key]: row for key, row in groups.items()}


def _merge(*groups):
    """Join {key: figures} dicts from several queries into rows, sorted by key."""
    merged = {}
    for rows in groups:
        for key, row in rows.items():
            merged.setdefault(key, {"key": key}).update(row)
    rows = [merged[key] for key in sorted(merged)]
    for row in rows:
        _fill(row)
    return rows


def _fill(row):
    """Groups with questions but no actions (or the reverse) still get every figure."""
    for name in (*ACTION_COUNTS, *QUESTION_COUNTS):
        row.setdefault(name, 0)
    row.setdefault("share_answered", None)
    row.setdefault("median_days", None)
    row["share_on_time"] = share(row["done_on_time"], row["total"])


def _rag_grid(outcomes, meetings):
    rated = {row["meeting_id"] for row in outcomes}
    columns = [meeting for meeting in meetings if meeting.pk in rated]
    cells = {(row["plan__district__name"], row["meeting_id"]): row for row in outcomes}
    rows = [
        {"district": name, "cells": [cells.get((name, meeting.pk)) for meeting in columns]}
        for name in sorted({row["plan__district__name"] for row in outcomes})
    ]
    return {
        "rag_rows": rows,
        "rag_meetings": [
            {"pk": meeting.pk, "title": meeting.title, "starts_at": meeting.starts_at}
            for meeting in columns
        ],
    }
