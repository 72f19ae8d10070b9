"""What the commissioner's office reads when reviewing one meeting, a fixed number of queries.

For each plan on the agenda: the questions with their responses, the feedback ratings per
criterion (distribution and average, counted in the database) and comments, the actions
agreed at the item, the outcome and its recommendations, and the recommendations still
open from earlier meetings for that district.
"""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Prefetch, Q

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
    feedback: list = field(default_factory=list)
    scores: list = field(default_factory=list)
    carried: list = field(default_factory=list)

    @property
    def outcome(self):
        return getattr(self.item, "outcome", None)


def recommendations_with_links():
    """Recommendations with their owner, the questions they came from and their actions."""
    return Recommendation.objects.select_related("owner").prefetch_related(
        Prefetch("questions", queryset=Question.objects.only("pk", "text")),
        Prefetch("actions", queryset=Action.objects.order_by("due_on")),
    )


def plan_items(meeting):
    """The meeting's plan items, each with its outcome, questions and agreed actions."""
    shown = Question.objects.filter(status__in=Question.SHOWN_STATUSES)
    return list(
        meeting.agenda_items.filter(kind=AgendaItem.Kind.PLAN)
        # Explicit: Meta.ordering is dropped from queries that aggregate.
        .order_by("order", "pk")
        .select_related("plan__district", "plan_version", "outcome")
        .annotate(
            other_questions=Count(
                "questions",
                filter=~Q(questions__status__in=[*Question.SHOWN_STATUSES, "withdrawn"]),
            )
        )
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=shown.select_related(
                    "response", "organisation", "asked_by__profile", "section"
                ).order_by("-vote_count", "created_at"),
                to_attr="shown_questions",
            ),
            Prefetch("actions", queryset=Action.objects.order_by("due_on")),
            Prefetch(
                "outcome__recommendations",
                queryset=Recommendation.objects.select_related("owner").annotate(
                    question_count=Count("questions")
                ),
            ),
        )
    )


def review_meeting(meeting):
    """One ItemReview per plan on the agenda, in agenda order."""
    items = plan_items(meeting)
    reviews = {
        item.plan_id: ItemReview(
            item=item, questions=item.shown_questions, other_questions=item.other_questions
        )
        for item in items
    }
    feedback = (
        Feedback.objects.annotate(meeting_ref=feedback_meeting())
        .filter(meeting_ref=meeting.pk, plan_version__plan__in=reviews.keys())
        .select_related("organisation__sector", "plan_version")
        .order_by("organisation__name")
    )
    for entry in feedback:
        reviews[entry.plan_version.plan_id].feedback.append(entry)
    _add_scores(meeting, reviews)
    carried = (
        Recommendation.objects.open()
        .filter(owner__in=[item.plan.district_id for item in items])
        .raised_before(meeting)
        .select_related("outcome__meeting", "owner")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("due_on")))
        .order_by("due_on")
    )
    by_district = {}
    for recommendation in carried:
        by_district.setdefault(recommendation.owner_id, []).append(recommendation)
    for review in reviews.values():
        review.carried = by_district.get(review.item.plan.district_id, [])
    return list(reviews.values())


def _add_scores(meeting, reviews):
    ratings = FeedbackRating.objects.annotate(meeting_ref=feedback_meeting("feedback__")).filter(
        meeting_ref=meeting.pk, feedback__plan_version__plan__in=reviews.keys()
    )
    plan = "feedback__plan_version__plan"
    counts = {
        (row[plan], row["criterion"], row["score"]): row["n"]
        for row in ratings.values(plan, "criterion", "score").annotate(n=Count("pk")).order_by()
    }
    averages = {
        (row[plan], row["criterion"]): row
        for row in ratings.values(plan, "criterion")
        .annotate(average=Avg("score"), n=Count("pk"))
        .order_by()
    }
    criteria = list(meeting.criteria.all()) or list(
        FeedbackCriterion.objects.filter(is_active=True)
    )
    for plan_id, review in reviews.items():
        for criterion in criteria:
            summary = averages.get((plan_id, criterion.pk), {"average": None, "n": 0})
            review.scores.append(
                CriterionScores(
                    criterion=criterion.title,
                    counts=[counts.get((plan_id, criterion.pk, score), 0) for score in SCORES],
                    average=summary["average"],
                    ratings=summary["n"],
                )
            )
