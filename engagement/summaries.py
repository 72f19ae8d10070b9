"""Bounded overviews for the public pages, in a fixed number of queries whatever the data.

A meeting or a district gathers hundreds of questions and actions over the years, so the
"you said, we did" pages show counts worked out in the database and the first few rows of
each list, with links to the full lists (the meeting page's questions, the outcome page).
"""

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, RowNumber

from .models import (
    Action,
    Correction,
    PanelMeeting,
    ProgressUpdate,
    Question,
    Recommendation,
    ScrutinyOutcome,
)

PUBLIC = None  # roles_of(None) is the anonymous reader: "published only"
# How many questions, recommendations and agreed actions an outcome's overview shows.
SUMMARY_SIZE = 2
ACTIONS_PER_RECOMMENDATION = 1
MOST_SUPPORTED_FIRST = ("-vote_count", "created_at", "pk")
FIRST_DUE = ("due_on", "pk")
# What an overview shows of the lists it fetches whole: every one is counted, few shown.
RECOMMENDATION_FIELDS = ("outcome", "text", "owner__name", "due_on", "status", "reply")
ACTION_FIELDS = ("recommendation", "agenda_item", "title", "due_on", "status")


class CountedPaginator(Paginator):
    """A paginator told how many rows there are, when the page has already counted them."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.count = count  # instead of the cached COUNT(*) query


def count_of(rows, field, outer="pk"):
    """A subquery counting `rows` whose `field` matches the outer row's `outer`.

    Annotated on a list, it counts every row's related rows in the one query, each through
    the foreign key's index.
    """
    counted = (
        rows.filter(**{field: OuterRef(outer)})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def first_of_each(rows, partition, order, size):
    """The first `size` of `rows` for each value of `partition`, as a `pk__in` filter.

    The ranking runs on the narrow rows alone, so the query that uses it joins the related
    rows (responses, askers) only for the few it shows, not for every row ranked.
    """
    ordering = [F(name[1:]).desc() if name.startswith("-") else F(name) for name in order]
    ranked = (
        rows.annotate(rank=Window(RowNumber(), partition_by=F(partition), order_by=ordering))
        .filter(rank__lte=size)
        .values("pk")
    )
    return rows.model.objects.filter(pk__in=ranked)


def latest_progress():
    """The note and date of an action's newest progress update, looked up by its index."""
    newest = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by(
        "-reported_on", "-created_at"
    )
    return {
        "latest_note": Subquery(newest.values("note")[:1]),
        "latest_reported_on": Subquery(newest.values("reported_on")[:1]),
    }


def outcome_summaries():
    """Published outcomes with their question counts and newest correction; pass the list
    to `add_summaries()` for the rest of their overviews."""
    # Question.published() less its meeting check, made once here on the outer row.
    questions = Question.objects.public()
    record_out = Q(meeting__status=PanelMeeting.Status.MINUTES_PUBLISHED)
    # Corrections are rare: the overview shows the newest, the outcome page every one.
    newest_correction = Correction.objects.filter(outcome=OuterRef("pk")).order_by("-made_at")
    recommendations_done = Recommendation.objects.filter(status=Recommendation.Status.DONE)
    agreed = Action.objects.visible_to(PUBLIC)
    return (
        ScrutinyOutcome.objects.published()
        .select_related("meeting", "plan__district", "agenda_item__plan__district")
        .annotate(
            question_count=Case(
                When(record_out, then=count_of(questions, "agenda_item", "agenda_item")),
                default=Value(0),
            ),
            answered_count=Case(
                When(
                    record_out,
                    then=count_of(
                        questions.filter(status=Question.Status.ANSWERED),
                        "agenda_item",
                        "agenda_item",
                    ),
                ),
                default=Value(0),
            ),
            correction_note=Subquery(newest_correction.values("note")[:1]),
            corrected_at=Subquery(newest_correction.values("made_at")[:1]),
            recommendation_count=count_of(Recommendation.objects.all(), "outcome"),
            recommendations_done=count_of(recommendations_done, "outcome"),
            agreed_count=count_of(agreed, "agenda_item", "agenda_item"),
            agreed_done=count_of(
                agreed.filter(status=Action.Status.DONE), "agenda_item", "agenda_item"
            ),
        )
    )


def add_summaries(outcomes):
    """Give each outcome from outcome_summaries() the first few rows its overview shows, in
    four queries for the whole list: the most supported questions, the recommendations and
    the actions agreed at the meeting, and the first action of each recommendation shown
    (each action with its latest progress).

    Every list is ranked in the database and only its first rows are read, so an outcome
    with hundreds of questions or actions costs what one with a few does; the counts come
    with the outcomes.
    """
    items = [outcome.agenda_item_id for outcome in outcomes]
    top_questions = first_of_each(
        Question.objects.published().filter(agenda_item__in=items),
        "agenda_item",
        MOST_SUPPORTED_FIRST,
        SUMMARY_SIZE,
    )
    top_recommendations = first_of_each(
        Recommendation.objects.filter(outcome__in=outcomes), "outcome", FIRST_DUE, SUMMARY_SIZE
    )
    top_agreed = first_of_each(
        Action.objects.visible_to(PUBLIC).filter(agenda_item__in=items),
        "agenda_item",
        FIRST_DUE,
        SUMMARY_SIZE,
    )
    prefetch_related_objects(
        outcomes,
        Prefetch(
            "agenda_item__questions",
            queryset=top_questions.select_related(
                "response", "organisation", "asked_by__profile"
            ).order_by(*MOST_SUPPORTED_FIRST),
            to_attr="top_questions",
        ),
        Prefetch(
            "recommendations",
            queryset=top_recommendations.select_related("owner")
            .only(*RECOMMENDATION_FIELDS)
            .annotate(
                action_count=count_of(Action.objects.all(), "recommendation"),
                actions_done=count_of(
                    Action.objects.filter(status=Action.Status.DONE), "recommendation"
                ),
            )
            .order_by(*FIRST_DUE),
            to_attr="top_recommendations",
        ),
        Prefetch(
            "agenda_item__actions",
            queryset=top_agreed.only(*ACTION_FIELDS)
            .annotate(**latest_progress())
            .order_by(*FIRST_DUE),
            to_attr="top_agreed_actions",
        ),
    )
    shown = []
    for outcome in outcomes:
        shown += outcome.top_recommendations
        outcome.top_agreed_actions = (
            outcome.agenda_item.top_agreed_actions if outcome.agenda_item else []
        )
    # Every action on a published outcome's recommendation is public (Action.visible_to).
    prefetch_related_objects(
        shown,
        Prefetch(
            "actions",
            queryset=first_of_each(
                Action.objects.filter(recommendation__in=shown),
                "recommendation",
                FIRST_DUE,
                ACTIONS_PER_RECOMMENDATION,
            )
            .only(*ACTION_FIELDS)
            .annotate(**latest_progress())
            .order_by(*FIRST_DUE),
            to_attr="top_actions",
        ),
    )
    return outcomes
