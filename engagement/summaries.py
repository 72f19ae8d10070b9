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
        )
    )


def add_summaries(outcomes):
    """Give each outcome what its overview shows, in four queries for the whole list: the
    most supported questions, the recommendations and the actions agreed at the meeting
    (their first few shown, all counted), and the actions of the recommendations shown,
    each action with its latest progress.

    Recommendations and agreed actions are written by people, a handful per plan per
    meeting, so they are fetched whole; questions run to hundreds and are ranked in the
    database.
    """
    items = [outcome.agenda_item_id for outcome in outcomes]
    top_questions = first_of_each(
        Question.objects.published().filter(agenda_item__in=items),
        "agenda_item",
        MOST_SUPPORTED_FIRST,
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
            queryset=Recommendation.objects.select_related("owner")
            .only(*RECOMMENDATION_FIELDS)
            .order_by("due_on", "pk"),
            to_attr="all_recommendations",
        ),
        Prefetch(
            "agenda_item__actions",
            queryset=Action.objects.visible_to(PUBLIC)
            .only(*ACTION_FIELDS)
            .annotate(**latest_progress())
            .order_by("due_on", "pk"),
            to_attr="agreed_actions",
        ),
    )
    shown = []
    for outcome in outcomes:
        recommendations = outcome.all_recommendations
        outcome.recommendation_count = len(recommendations)
        outcome.recommendations_done = sum(r.status == r.Status.DONE for r in recommendations)
        outcome.top_recommendations = recommendations[:SUMMARY_SIZE]
        shown += outcome.top_recommendations
        agreed = outcome.agenda_item.agreed_actions if outcome.agenda_item else []
        outcome.agreed_count = len(agreed)
        outcome.agreed_done = sum(action.status == Action.Status.DONE for action in agreed)
        outcome.top_agreed_actions = agreed[:SUMMARY_SIZE]
    # Every action on a published outcome's recommendation is public (Action.visible_to).
    prefetch_related_objects(
        shown,
        Prefetch(
            "actions",
            queryset=Action.objects.only(*ACTION_FIELDS)
            .annotate(**latest_progress())
            .order_by("due_on", "pk"),
            to_attr="all_actions",
        ),
    )
    for recommendation in shown:
        actions = recommendation.all_actions
        recommendation.action_count = len(actions)
        recommendation.actions_done = sum(a.status == Action.Status.DONE for a in actions)
        recommendation.top_actions = actions[:ACTIONS_PER_RECOMMENDATION]
    return outcomes
