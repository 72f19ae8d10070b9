"""What the commissioner's office reads when reviewing one meeting, a fixed number of queries.

For each plan on the agenda: the outcome and its recommendations, the feedback ratings per
criterion (distribution and average, counted in the database), and the first few of each
list that grows with the meeting (questions with their responses, feedback comments, actions
agreed at the item, recommendations still open from earlier meetings), with how many there
are. `review_list` pages through one of those lists in full, for one plan.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from .models import (
    Action,
    AgendaItem,
    Feedback,
    FeedbackCriterion,
    FeedbackRating,
    Question,
    Recommendation,
)
from .reporting import feedback_meeting

SCORES = [score for score, _ in FeedbackRating.SCORES]
# Each plan's lists show this many rows on the review page, then link to the full list.
FIRST_FEW = 5
PER_PAGE = 25
# The lists `review_list` pages through, in the order the page offers them.
LISTS = {
    "questions": "Questions",
    "feedback": "Feedback comments",
    "actions": "Actions agreed at this item",
    "carried": "Still open from earlier meetings",
}
MOST_SUPPORTED = [F("vote_count").desc(), F("created_at").asc(), F("pk").asc()]
BY_ORGANISATION = [F("organisation__name").asc(), F("pk").asc()]
SOONEST_DUE = [F("due_on").asc(), F("pk").asc()]


@dataclass
class CriterionScores:
    criterion: str
    counts: list  # ratings given for each score, 1 to 5
    average: float | None
    ratings: int


@dataclass
class ItemReview:
    item: AgendaItem
    questions: list
    other_questions: int
    question_count: int = 0
    feedback: list = field(default_factory=list)
    feedback_count: int = 0
    scores: list = field(default_factory=list)
    recommendations: list = field(default_factory=list)
    carried: list = field(default_factory=list)
    carried_count: int = 0

    @property
    def outcome(self):
        return getattr(self.item, "outcome", None)

    @property
    def actions(self):
        return self.item.first_actions

    @property
    def action_count(self):
        return self.item.action_count


def recommendations_with_links():
    """Recommendations with their owner, the questions they came from and their actions."""
    return Recommendation.objects.select_related("owner").prefetch_related(
        Prefetch("questions", queryset=Question.objects.only("pk", "text")),
        Prefetch("actions", queryset=Action.objects.order_by("due_on")),
    )


def shown_questions():
    """Accepted and answered questions, most supported first, with what the page shows."""
    return (
        Question.objects.filter(status__in=Question.SHOWN_STATUSES)
        .select_related("response", "organisation", "asked_by__profile", "section")
        .order_by(*MOST_SUPPORTED)
    )


def meeting_feedback(meeting, plan_ids):
    """Feedback given on these plans for this meeting, by organisation name."""
    return (
        Feedback.objects.annotate(meeting_ref=feedback_meeting())
        .filter(meeting_ref=meeting.pk, plan_version__plan__in=plan_ids)
        .select_related("organisation__sector")
        .annotate(for_plan=F("plan_version__plan"))
        .order_by(*BY_ORGANISATION)
    )


def carried_recommendations(meeting):
    """Recommendations still open that were made at meetings before this one."""
    return Recommendation.objects.open().raised_before(meeting)


def recommendations_with_counts():
    """Recommendations with their owner and meeting, and how many questions and actions each has."""
    actions = Action.objects.all()
    still_open = actions.filter(status__in=[Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS])
    overdue = still_open.filter(due_on__lt=timezone.localdate())
    linked = Recommendation.questions.through.objects.all()
    mine = {"recommendation": OuterRef("pk")}
    return Recommendation.objects.select_related("owner").annotate(
        made_at_item=F("outcome__agenda_item"),
        made_at_meeting=F("outcome__meeting__title"),
        question_count=_count(linked, **mine),
        action_count=_count(actions, **mine),
        actions_done=_count(actions.filter(status=Action.Status.DONE), **mine),
        actions_overdue=_count(overdue, **mine),
    )


def plan_items(meeting):
    """The meeting's plan items with their outcome, counts and first few agreed actions."""
    hidden = Question.objects.exclude(status__in=[*Question.SHOWN_STATUSES, "withdrawn"])
    carried = carried_recommendations(meeting)
    return list(
        meeting.agenda_items.filter(kind=AgendaItem.Kind.PLAN)
        .order_by("order", "pk")
        .select_related("plan__district", "plan_version", "outcome")
        .annotate(
            other_questions=_count(hidden, agenda_item=OuterRef("pk")),
            action_count=_count(Action.objects.all(), agenda_item=OuterRef("pk")),
            carried_count=_count(carried, owner=OuterRef("plan__district")),
        )
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.order_by(*SOONEST_DUE)[:FIRST_FEW],
                to_attr="first_actions",
            ),
        )
    )


def review_meeting(meeting):
    """One ItemReview per plan on the agenda, in agenda order."""
    items = plan_items(meeting)
    reviews = {
        item.plan_id: ItemReview(
            item=item,
            questions=[],
            other_questions=item.other_questions,
            carried_count=item.carried_count,
        )
        for item in items
    }
    _add_questions({item.pk: reviews[item.plan_id] for item in items})
    first_feedback = _first_few(
        meeting_feedback(meeting, reviews.keys()), "plan_version__plan", BY_ORGANISATION
    )
    for entry in first_feedback:
        review = reviews[entry.for_plan]
        review.feedback.append(entry)
        review.feedback_count = entry.group_total
    _add_recommendations(meeting, {item.pk: reviews[item.plan_id] for item in items})
    _add_scores(meeting, reviews)
    return list(reviews.values())


def review_list(meeting, item, kind, page_number):
    """One page of one of the item's lists (a key of LISTS), in the order the review shows it."""
    if kind == "questions":
        rows = shown_questions().filter(agenda_item=item)
    elif kind == "feedback":
        rows = meeting_feedback(meeting, [item.plan_id])
    elif kind == "actions":
        rows = Action.objects.filter(agenda_item=item).order_by(*SOONEST_DUE)
    else:
        rows = (
            recommendations_with_counts()
            .filter(pk__in=carried_recommendations(meeting).filter(owner=item.plan.district_id))
            .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by(*SOONEST_DUE)))
            .order_by(*SOONEST_DUE)
        )
    return Paginator(rows, PER_PAGE).get_page(page_number)


def _count(queryset, **match):
    """A subquery counting the rows of `queryset` that match the outer row (`match`)."""
    rows = queryset.filter(**match).order_by().values(*match).annotate(n=Count("pk"))
    return Coalesce(Subquery(rows.values("n")), 0)


def _first_few(queryset, partition_by, order_by):
    """The first rows of each group, each with the size of its group as `group_total`."""
    return queryset.annotate(
        place=Window(RowNumber(), partition_by=F(partition_by), order_by=order_by),
        group_total=Window(Count("pk"), partition_by=F(partition_by)),
    ).filter(place__lte=FIRST_FEW)


def _add_questions(reviews_by_item):
    # Ranked on the question rows alone (an index answers that), then the few read in full.
    shown = Question.objects.filter(
        agenda_item__in=reviews_by_item.keys(), status__in=Question.SHOWN_STATUSES
    )
    first = _first_few(shown, "agenda_item", MOST_SUPPORTED)
    ids = []
    for pk, agenda_item_id, total in first.values_list("pk", "agenda_item", "group_total"):
        ids.append(pk)
        reviews_by_item[agenda_item_id].question_count = total
    for question in shown_questions().filter(pk__in=ids):
        reviews_by_item[question.agenda_item_id].questions.append(question)


def _add_recommendations(meeting, reviews_by_item):
    # One query for both: the recommendations made at this meeting's items, and the first
    # few still open from earlier meetings for each district on the agenda.
    by_district = {}
    for review in reviews_by_item.values():
        by_district.setdefault(review.item.plan.district_id, []).append(review)
    carried = carried_recommendations(meeting).filter(owner__in=by_district.keys())
    first_carried = _first_few(carried, "owner", SOONEST_DUE).values("pk")
    made_here = Q(outcome__agenda_item__in=reviews_by_item.keys())
    recommendations = (
        recommendations_with_counts()
        .filter(made_here | Q(pk__in=first_carried))
        .order_by(*SOONEST_DUE)
    )
    for recommendation in recommendations:
        review = reviews_by_item.get(recommendation.made_at_item)
        if review is not None:
            review.recommendations.append(recommendation)
        else:
            for review in by_district[recommendation.owner_id]:
                review.carried.append(recommendation)


def _add_scores(meeting, reviews):
    ratings = FeedbackRating.objects.annotate(meeting_ref=feedback_meeting("feedback__")).filter(
        meeting_ref=meeting.pk, feedback__plan_version__plan__in=reviews.keys()
    )
    plan = "feedback__plan_version__plan"
    # Counted per score in the database; the average follows from the counts.
    counts = {
        (row[plan], row["criterion"], row["score"]): row["n"]
        for row in ratings.values(plan, "criterion", "score").annotate(n=Count("pk")).order_by()
    }
    criteria = list(meeting.criteria.all()) or list(
        FeedbackCriterion.objects.filter(is_active=True)
    )
    for plan_id, review in reviews.items():
        for criterion in criteria:
            given = [counts.get((plan_id, criterion.pk, score), 0) for score in SCORES]
            total = sum(given)
            points = sum(score * n for score, n in zip(SCORES, given, strict=True))
            review.scores.append(
                CriterionScores(
                    criterion=criterion.title,
                    counts=given,
                    average=points / total if total else None,
                    ratings=total,
                )
            )
