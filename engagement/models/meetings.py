from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .common import RevisedModel
from .organisations import CommunityOrganisation
from .plans import EngagementPlan, PlanVersion
from .roles import roles_of


class FeedbackCriterion(models.Model):
    """A heading representatives rate a plan against (clarity, reach, ...). Admin-edited."""

    title = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "title"]
        verbose_name_plural = "feedback criteria"

    def __str__(self):
        return self.title


class PanelMeetingQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        return self.filter(starts_at__lt=timezone.now()).order_by("-starts_at")

    def public(self):
        """Meetings anyone may read about: everything past the scheduling stage."""
        return self.exclude(status=PanelMeeting.Status.SCHEDULED)

    def visible_to(self, user):
        roles = roles_of(user)
        if roles.sees_everything or roles.is_commissioners_office:
            return self
        if roles.is_authenticated and (roles.is_chief_inspector or roles.is_representative):
            # Panel members plan ahead: scheduled meetings are visible to them.
            return self
        return self.public()


class PanelMeeting(RevisedModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        OPEN_FOR_QUESTIONS = "open_for_questions", "Open for questions"
        IN_SESSION = "in_session", "In session"
        CLOSED = "closed", "Closed"
        MINUTES_PUBLISHED = "minutes_published", "Minutes published"

    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    venue = models.CharField(max_length=255)
    chair = models.CharField(max_length=150, help_text="Name and role of the chair.")
    question_deadline = models.DateTimeField()
    max_questions_per_person = models.PositiveSmallIntegerField(null=True, blank=True)
    max_questions_per_organisation = models.PositiveSmallIntegerField(null=True, blank=True)
    criteria = models.ManyToManyField(FeedbackCriterion, related_name="meetings", blank=True)
    invited_organisations = models.ManyToManyField(
        CommunityOrganisation, related_name="meeting_invitations", blank=True
    )
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.SCHEDULED)
    # Live mode: what the public screen shows.
    current_item = models.ForeignKey(
        "engagement.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    current_question = models.ForeignKey(
        "engagement.Question", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    live_changed_at = models.DateTimeField(null=True, blank=True)
    minutes = models.TextField(blank=True)
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    minutes_published_at = models.DateTimeField(null=True, blank=True)

    objects = PanelMeetingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["live_changed_at"])

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(question_deadline__lte=models.F("starts_at")),
                name="question_deadline_before_meeting",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="minutes_published")
                | models.Q(minutes_approved_at__isnull=False, minutes_published_at__isnull=False),
                name="published_minutes_were_approved",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%-d %B %Y})"

    def get_absolute_url(self):
        return reverse("engagement:meeting_detail", args=[self.pk])

    @property
    def is_open_for_questions(self):
        return self.status == self.Status.OPEN_FOR_QUESTIONS

    @property
    def is_past_deadline(self):
        return timezone.now() > self.question_deadline

    @property
    def is_in_session(self):
        return self.status == self.Status.IN_SESSION

    @property
    def has_published_minutes(self):
        return self.status == self.Status.MINUTES_PUBLISHED


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        PLAN = "plan", "District plan"
        GENERAL = "general", "General item"

    meeting = models.ForeignKey(PanelMeeting, on_delete=models.PROTECT, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PLAN)
    title = models.CharField(max_length=200, blank=True)
    plan = models.ForeignKey(
        EngagementPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    plan_version = models.ForeignKey(
        PlanVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        help_text="The version submitted for this meeting.",
    )
    presenter = models.CharField(max_length=150, blank=True)
    minutes_allowed = models.PositiveSmallIntegerField(default=15)
    notes = models.TextField(blank=True)
    minutes_text = models.TextField(blank=True, help_text="What the minutes say about this item.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="plan") | models.Q(plan__isnull=False),
                name="plan_item_has_plan",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="general") | ~models.Q(title=""),
                name="general_item_has_title",
            ),
            models.UniqueConstraint(
                fields=["meeting", "plan"],
                condition=models.Q(plan__isnull=False),
                name="plan_once_per_meeting",
            ),
        ]

    def __str__(self):
        return self.heading

    def get_absolute_url(self):
        return reverse("engagement:agenda_item_detail", args=[self.pk])

    @property
    def heading(self):
        if self.title:
            return self.title
        return f"{self.plan.district} engagement plan" if self.plan_id else "Agenda item"


class Attendance(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Sent apologies"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(PanelMeeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendance",
    )
    name = models.CharField(max_length=150, help_text="As it should appear in the minutes.")
    organisation = models.ForeignKey(
        CommunityOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendance",
    )
    capacity = models.CharField(
        max_length=150, blank=True, help_text="For example: chair, presenter, observer."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INVITED)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "organisation__name", "name"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(user__isnull=False),
                name="one_attendance_row_per_person",
            )
        ]

    def __str__(self):
        return f"{self.name} at {self.meeting}: {self.get_status_display()}"
