from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .common import RevisedModel
from .meetings import AgendaItem, PanelMeeting
from .places import District
from .plans import EngagementPlan, document_upload_path
from .questions import Feedback, Question
from .roles import roles_of


class ScrutinyOutcomeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def visible_to(self, user):
        roles = roles_of(user)
        if roles.sees_everything or roles.is_commissioners_office:
            return self
        return self.filter(
            models.Q(published_at__isnull=False)
            | models.Q(plan__district_id__in=roles.district_ids)
        )


class ScrutinyOutcome(RevisedModel):
    """The commissioner's office's verdict on one plan at one meeting."""

    class Rating(models.TextChoices):
        RED = "red", "Red: significant concerns"
        AMBER = "amber", "Amber: improvements needed"
        GREEN = "green", "Green: good"

    meeting = models.ForeignKey(PanelMeeting, on_delete=models.PROTECT, related_name="outcomes")
    plan = models.ForeignKey(EngagementPlan, on_delete=models.PROTECT, related_name="outcomes")
    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="outcome"
    )
    rating = models.CharField("RAG rating", max_length=10, choices=Rating.choices, blank=True)
    rationale = models.TextField(blank=True, help_text="Why this rating.")
    findings = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="outcomes_reviewed"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ScrutinyOutcomeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-meeting__starts_at", "plan__district__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "plan"], name="one_outcome_per_plan_meeting"
            ),
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True)
                | (~models.Q(rating="") & ~models.Q(rationale="")),
                name="published_outcome_has_rating_and_rationale",
            ),
        ]
        indexes = [models.Index(fields=["published_at"])]

    def __str__(self):
        return f"Outcome for {self.plan.district} at {self.meeting.title}"

    def get_absolute_url(self):
        return reverse("engagement:outcome_detail", args=[self.pk])

    @property
    def is_published(self):
        return self.published_at is not None


class Correction(models.Model):
    """A correction to published material, shown publicly with its date."""

    outcome = models.ForeignKey(
        ScrutinyOutcome, on_delete=models.PROTECT, related_name="corrections"
    )
    note = models.TextField(help_text="What was corrected and why.")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["made_at"]

    def __str__(self):
        return f"Correction to {self.outcome} on {self.made_at:%-d %B %Y}"


class RecommendationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Recommendation.OPEN_STATUSES)

    def for_district(self, district):
        return self.filter(owner=district)

    def raised_before(self, meeting):
        """Made at earlier meetings: what is still open is carried to this one's agenda."""
        return self.filter(outcome__meeting__starts_at__lt=meeting.starts_at)

    def awaiting_reply(self):
        return self.filter(status=Recommendation.Status.OPEN)

    def visible_to(self, user):
        roles = roles_of(user)
        if roles.sees_everything or roles.is_commissioners_office:
            return self
        return self.filter(
            models.Q(outcome__published_at__isnull=False)
            | models.Q(owner_id__in=roles.district_ids)
        )


class Recommendation(RevisedModel):
    class Status(models.TextChoices):
        OPEN = "open", "Open: awaiting the district's reply"
        ACCEPTED = "accepted", "Accepted"
        PARTLY_ACCEPTED = "partly_accepted", "Partly accepted"
        REJECTED = "rejected", "Rejected"
        DONE = "done", "Done"

    OPEN_STATUSES = (Status.OPEN, Status.ACCEPTED, Status.PARTLY_ACCEPTED)

    outcome = models.ForeignKey(
        ScrutinyOutcome, on_delete=models.PROTECT, related_name="recommendations"
    )
    text = models.TextField()
    owner = models.ForeignKey(District, on_delete=models.PROTECT, related_name="recommendations")
    due_on = models.DateField()
    reply_due_on = models.DateField(help_text="When the district must accept or reject it.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    reply = models.TextField(blank=True, help_text="The district's reply; required to reject.")
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    questions = models.ManyToManyField(Question, blank=True, related_name="recommendations")
    feedback = models.ManyToManyField(Feedback, blank=True, related_name="recommendations")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="recommendations_made"
    )

    objects = RecommendationQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[questions])

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=["rejected", "partly_accepted"])
                | ~models.Q(reply=""),
                name="rejected_recommendation_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["owner", "status", "due_on"])]

    def __str__(self):
        return f"Recommendation {self.pk} to {self.owner}"

    def get_absolute_url(self):
        return reverse("engagement:recommendation_detail", args=[self.pk])

    @property
    def is_awaiting_reply(self):
        return self.status == self.Status.OPEN

    @property
    def is_reply_overdue(self):
        return self.is_awaiting_reply and self.reply_due_on < timezone.localdate()


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=[Action.Status.DONE, Action.Status.NOT_ACCEPTED])

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def for_district(self, district):
        return self.filter(district=district)

    def carried_to(self, meeting):
        """Still-open actions agreed at, or recommended after, a meeting before this one."""
        earlier = models.Q(agenda_item__meeting__starts_at__lt=meeting.starts_at) | models.Q(
            recommendation__outcome__meeting__starts_at__lt=meeting.starts_at
        )
        return self.open().filter(earlier)

    def visible_to(self, user):
        roles = roles_of(user)
        if roles.sees_everything or roles.is_commissioners_office:
            return self
        return self.filter(
            models.Q(recommendation__outcome__published_at__isnull=False)
            | models.Q(agenda_item__meeting__status=PanelMeeting.Status.MINUTES_PUBLISHED)
            | models.Q(district_id__in=roles.district_ids)
        )


class Action(RevisedModel):
    """Something a district will do, agreed in a meeting or arising from a recommendation."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        NOT_ACCEPTED = "not_accepted", "Not accepted"

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="actions")
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        help_text="The meeting item where it was agreed.",
    )
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    owner_name = models.CharField("named owner", max_length=150, blank=True)
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="actions_created"
    )

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(completed_on__isnull=False),
                name="done_action_has_completion_date",
            ),
        ]
        indexes = [models.Index(fields=["district", "status", "due_on"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("engagement:action_detail", args=[self.pk])

    @property
    def is_overdue(self):
        open_statuses = (self.Status.NOT_STARTED, self.Status.IN_PROGRESS)
        return self.status in open_statuses and self.due_on < timezone.localdate()

    @property
    def was_done_on_time(self):
        return self.status == self.Status.DONE and self.completed_on <= self.due_on


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="progress_updates")
    status = models.CharField(max_length=20, choices=Action.Status.choices)
    note = models.TextField(max_length=3000)
    evidence_url = models.URLField("link to evidence", blank=True)
    evidence_document = models.FileField(upload_to=document_upload_path, blank=True, max_length=200)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_type = models.CharField(max_length=10, blank=True)
    reported_on = models.DateField(default=timezone.localdate)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_updates"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="not_accepted") | ~models.Q(note=""),
                name="not_accepted_update_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.action}: {self.get_status_display()} on {self.reported_on}"
