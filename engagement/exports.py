"""CSV exports for the commissioner's office: questions, feedback, outcomes and actions.

Files open cleanly in Excel (UTF-8 with a byte order mark) and cannot smuggle in a formula:
a text cell that starts with = + - @, a tab or a carriage return gets a leading apostrophe,
the usual defence against CSV injection. Rows stream out in chunks, so a big export never
sits whole in memory and its query count does not grow with the rows.
"""

import csv

from django.db.models import Prefetch, Q
from django.http import StreamingHttpResponse
from django.utils import timezone

from .models import (
    Action,
    Feedback,
    FeedbackCriterion,
    FeedbackRating,
    ProgressUpdate,
    Question,
    ScrutinyOutcome,
)
from .reporting import days, feedback_meeting

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500


def safe_cell(value):
    """A value as a CSV cell that a spreadsheet will show as text, never run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def csv_response(filename, header, rows):
    """Stream `rows` (iterables of values) as an Excel-friendly CSV attachment."""
    writer = csv.writer(_Echo())

    def lines():
        yield BOM + writer.writerow([safe_cell(name) for name in header])
        for row in rows:
            yield writer.writerow([safe_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
    return response


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def question_rows(district=None, meeting=None):
    questions = Question.objects.select_related(
        "agenda_item__meeting",
        "agenda_item__plan__district",
        "organisation__sector",
        "asked_by__profile",
        "section",
        "response",
    ).order_by("agenda_item__meeting__starts_at", "pk")
    if district is not None:
        questions = questions.filter(agenda_item__plan__district=district)
    if meeting is not None:
        questions = questions.filter(agenda_item__meeting=meeting)
    header = [
        "Question", "Meeting", "Meeting date", "District", "Agenda item", "Section",
        "Organisation", "Sector", "Asked by (as shown publicly)", "Asked on", "Status",
        "Public", "Late", "Votes", "Question text", "Response", "Answered on", "Days to answer",
    ]  # fmt: skip

    def rows():
        for question in questions.iterator(chunk_size=CHUNK):
            item = question.agenda_item
            response = getattr(question, "response", None)
            wait = response.created_at - question.created_at if response else None
            yield [
                question.pk,
                item.meeting.title,
                _local(item.meeting.starts_at),
                item.plan.district.name if item.plan_id else "",
                item.heading,
                question.section.title if question.section_id else "",
                question.organisation.name if question.organisation_id else "",
                question.organisation.sector.name if question.organisation_id else "",
                question.asker_label,
                _local(question.created_at),
                question.get_status_display(),
                question.is_public,
                question.is_late,
                question.vote_count,
                question.text,
                response.text if response else "",
                _local(response.created_at) if response else "",
                days(wait),
            ]

    return header, rows()


def feedback_rows(district=None, meeting=None):
    criteria = list(FeedbackCriterion.objects.order_by("order", "title"))
    feedback = (
        Feedback.objects.annotate(meeting_ref=feedback_meeting())
        .select_related("plan_version__plan__district", "organisation__sector")
        .prefetch_related(Prefetch("ratings", queryset=FeedbackRating.objects.order_by()))
        .order_by("plan_version__plan__district__name", "pk")
    )
    if district is not None:
        feedback = feedback.filter(plan_version__plan__district=district)
    if meeting is not None:
        feedback = feedback.filter(meeting_ref=meeting.pk)
    header = [
        "Feedback", "District", "Plan version", "Organisation", "Sector", "Given on",
        *[f"{criterion.title} (1 to 5)" for criterion in criteria],
        "What works", "What is missing",
    ]  # fmt: skip

    def rows():
        for entry in feedback.iterator(chunk_size=CHUNK):
            scores = {rating.criterion_id: rating.score for rating in entry.ratings.all()}
            yield [
                entry.pk,
                entry.plan_version.plan.district.name,
                entry.plan_version.number,
                entry.organisation.name,
                entry.organisation.sector.name,
                _local(entry.created_at),
                *[scores.get(criterion.pk) for criterion in criteria],
                entry.what_works,
                entry.what_is_missing,
            ]

    return header, rows()


def outcome_rows(district=None, meeting=None):
    outcomes = ScrutinyOutcome.objects.select_related(
        "meeting", "plan__district", "reviewed_by"
    ).prefetch_related("recommendations", "corrections")
    if district is not None:
        outcomes = outcomes.filter(plan__district=district)
    if meeting is not None:
        outcomes = outcomes.filter(meeting=meeting)
    header = [
        "Outcome", "Meeting", "Meeting date", "District", "RAG rating", "Why this rating",
        "Findings", "Published on", "Recommendations", "Corrections",
    ]  # fmt: skip

    def rows():
        for outcome in outcomes.iterator(chunk_size=CHUNK):
            yield [
                outcome.pk,
                outcome.meeting.title,
                _local(outcome.meeting.starts_at),
                outcome.plan.district.name,
                outcome.get_rating_display(),
                outcome.rationale,
                outcome.findings,
                _local(outcome.published_at),
                len(outcome.recommendations.all()),
                len(outcome.corrections.all()),
            ]

    return header, rows()


def action_rows(district=None, meeting=None):
    actions = (
        Action.objects.select_related(
            "district", "recommendation__outcome__meeting", "agenda_item__meeting"
        )
        .prefetch_related(
            Prefetch("progress_updates", queryset=ProgressUpdate.objects.order_by("-reported_on"))
        )
        .order_by("due_on", "pk")
    )
    if district is not None:
        actions = actions.filter(district=district)
    if meeting is not None:
        actions = actions.filter(
            Q(agenda_item__meeting=meeting) | Q(recommendation__outcome__meeting=meeting)
        )
    header = [
        "Action", "District", "Title", "Named owner", "From recommendation", "Meeting",
        "Due on", "Status", "Completed on", "Done on time", "Overdue", "Latest progress",
        "Latest progress on",
    ]  # fmt: skip

    def rows():
        for action in actions.iterator(chunk_size=CHUNK):
            source = action.agenda_item or (
                action.recommendation.outcome if action.recommendation_id else None
            )
            updates = action.progress_updates.all()
            latest = updates[0] if updates else None
            yield [
                action.pk,
                action.district.name,
                action.title,
                action.owner_name,
                action.recommendation_id or "",
                source.meeting.title if source else "",
                action.due_on.isoformat(),
                action.get_status_display(),
                action.completed_on.isoformat() if action.completed_on else "",
                action.was_done_on_time,
                action.is_overdue,
                latest.note if latest else "",
                latest.reported_on.isoformat() if latest else "",
            ]

    return header, rows()


EXPORTS = {
    "questions": question_rows,
    "feedback": feedback_rows,
    "outcomes": outcome_rows,
    "actions": action_rows,
}
