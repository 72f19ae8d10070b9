"""One question's journey, from asking to the published outcome, as a list of dated steps.

Built from the rows themselves (question, response, recommendations, actions, progress
updates, outcome, corrections) and from the ChangeRecord rows the services wrote. Each part
of the chain is fetched through its model's `visible_to(user)`, so a reader sees only the
steps they are allowed to see.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from .models import (
    Action,
    ChangeRecord,
    ProgressUpdate,
    Question,
    Recommendation,
    ScrutinyOutcome,
    roles_of,
)


@dataclass
class Step:
    when: datetime.datetime
    kind: str  # asked, moderated, meeting, answered, recommendation, reply, action, ...
    title: str
    text: str = ""
    url: str = ""
    link_text: str = ""
    is_warning: bool = False


@dataclass
class Milestone:
    name: str
    is_done: bool


def _moment(day):
    """A date as the start of that day, so dated and timed steps sort together."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def question_chain(question, user):
    """Recommendations, actions with progress, and the outcome the user may see."""
    actions = Action.objects.visible_to(user).prefetch_related(
        Prefetch("progress_updates", queryset=ProgressUpdate.objects.order_by("reported_on"))
    )
    recommendations = list(
        question.recommendations.visible_to(user)
        .select_related("owner", "outcome")
        .prefetch_related(Prefetch("actions", queryset=actions))
        .order_by("created_at")
    )
    outcome = (
        ScrutinyOutcome.objects.visible_to(user)
        .filter(agenda_item=question.agenda_item_id)
        .prefetch_related("corrections")
        .first()
    )
    return recommendations, outcome


def build_timeline(question, recommendations, outcome):
    """Dated steps, oldest first."""
    steps = [_asked(question)]
    steps += _moderation(question)
    if question.taken_at:
        steps.append(
            Step(
                question.taken_at,
                "meeting",
                f"Taken at the meeting: {question.get_live_state_display().lower()}",
                question.spoken_answer,
            )
        )
    response = getattr(question, "response", None)
    if response is not None:
        steps.append(
            Step(response.created_at, "answered", "Answered by the district", response.text)
        )
    for recommendation in recommendations:
        steps += _recommendation_steps(recommendation)
    if outcome is not None and outcome.published_at:
        steps.append(
            Step(
                outcome.published_at,
                "outcome",
                f"Outcome published: {outcome.get_rating_display()}",
                outcome.rationale,
                outcome.get_absolute_url(),
                "Read the outcome",
            )
        )
        for correction in outcome.corrections.all():
            steps.append(
                Step(correction.made_at, "correction", "Outcome corrected", correction.note)
            )
    # Nothing is shown before the asking, even if a clock or an import says otherwise.
    asked_at = question.created_at
    return sorted(steps, key=lambda step: max(step.when, asked_at))


def _asked(question):
    asker = question.asker_label
    title = f"Asked by {asker[0].lower()}{asker[1:]}" if asker else "Asked"
    if question.source == Question.Source.FLOOR:
        title += ", from the floor of the meeting"
    text = f"About the section: {question.section.title}" if question.section_id else ""
    return Step(question.created_at, "asked", title, text)


def _moderation(question):
    if not question.moderated_at:
        return []
    status = question.status
    if status == Question.Status.DECLINED:
        return [
            Step(
                question.moderated_at, "declined", "Declined by the panel", question.decline_reason
            )
        ]
    if status == Question.Status.MERGED and question.merged_into_id:
        return [
            Step(
                question.moderated_at,
                "merged",
                "Merged with a similar question",
                "The panel took it together with another question; follow that one for the answer.",
                question.merged_into.get_absolute_url(),
                "Follow the question it was merged into",
            )
        ]
    return [Step(question.moderated_at, "moderated", "Accepted for the panel meeting")]


def _recommendation_steps(recommendation):
    owner = recommendation.owner
    steps = [
        Step(
            recommendation.created_at,
            "recommendation",
            f"Turned into a recommendation to {owner}",
            recommendation.text,
            recommendation.get_absolute_url(),
            "See the recommendation",
        )
    ]
    if recommendation.replied_at:
        decision = recommendation.get_status_display().lower()
        if recommendation.status == Recommendation.Status.DONE:
            decision = "accepted"
        steps.append(
            Step(
                max(recommendation.replied_at, recommendation.created_at),
                "reply",
                f"{owner} {decision} the recommendation",
                recommendation.reply,
                is_warning=recommendation.status == Recommendation.Status.REJECTED,
            )
        )
    for action in recommendation.actions.all():
        due = f"Due {action.due_on:%-d %B %Y}"
        if action.owner_name:
            due += f"; owner: {action.owner_name}"
        steps.append(
            Step(
                max(action.created_at, recommendation.created_at),
                "action",
                f"Action agreed: {action.title}",
                due,
                action.get_absolute_url(),
                "See the action",
            )
        )
        for update in action.progress_updates.all():
            steps.append(
                Step(
                    max(_moment(update.reported_on), action.created_at, recommendation.created_at),
                    "progress",
                    f"Progress: {update.get_status_display().lower()}",
                    update.note,
                )
            )
    return steps


def milestones(question, recommendations, outcome):
    """Where the question has got to, for the summary at the top of the page."""
    actions = [action for rec in recommendations for action in rec.actions.all()]
    return [
        Milestone("Asked", True),
        Milestone("Accepted", question.status in Question.SHOWN_STATUSES),
        Milestone("Answered", hasattr(question, "response") or question.status == "answered"),
        Milestone("Recommendation", bool(recommendations)),
        Milestone("Action", bool(actions)),
        Milestone("Outcome published", bool(outcome and outcome.published_at)),
    ]


ACTION_WORDS = {
    "question": "Question",
    "response": "Answer",
    "outcome": "Outcome",
    "recommendation": "Recommendation",
    "action": "Action",
}


def change_records(question, recommendations, user):
    """The ChangeRecord rows behind the chain: what happened and when (who, for the office)."""
    subjects = [question, *recommendations]
    response = getattr(question, "response", None)
    if response is not None:
        subjects.append(response)
    subjects += [action for rec in recommendations for action in rec.actions.all()]
    condition = Q(pk__in=[])
    for subject in subjects:
        # Matching on the model name joins django_content_type in the same query, so the
        # count does not depend on what the content-type cache already holds.
        condition |= Q(
            content_type__app_label=subject._meta.app_label,
            content_type__model=subject._meta.model_name,
            object_id=subject.pk,
        )
    roles = roles_of(user)
    show_actors = roles.sees_everything or roles.is_commissioners_office
    records = ChangeRecord.objects.filter(condition).order_by("at", "pk")
    if show_actors:
        records = records.select_related("actor")
    return [
        {
            "at": record.at,
            "what": describe(record.action),
            "who": (record.actor.get_full_name() or record.actor.get_username())
            if show_actors and record.actor
            else "",
        }
        for record in records
    ]


def describe(action):
    """'recommendation.partly_accepted' -> 'Recommendation partly accepted'."""
    subject, _, verb = action.partition(".")
    subject = ACTION_WORDS.get(subject, subject.replace("_", " ").capitalize())
    return f"{subject} {verb.replace('_', ' ')}".strip()
