import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .common import RevisedModel
from .places import District
from .roles import roles_of


class SectionTemplate(models.Model):
    """One of the sections every plan fills in, so districts can be compared. Admin-edited."""

    title = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    guidance = models.TextField(blank=True, help_text="Shown to chief inspectors as a hint.")
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title


class EngagementPlanQuerySet(models.QuerySet):
    def published(self):
        return self.exclude(status=EngagementPlan.Status.DRAFT)

    def for_district(self, district):
        return self.filter(district=district)

    def visible_to(self, user):
        roles = roles_of(user)
        if roles.sees_everything:
            return self
        return self.filter(
            ~models.Q(status=EngagementPlan.Status.DRAFT)
            | models.Q(district_id__in=roles.district_ids)
        )


class EngagementPlan(RevisedModel):
    """A district's community engagement plan for one period."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        SCRUTINISED = "scrutinised", "Scrutinised"

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="plans_created"
    )

    objects = EngagementPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start", "district__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "period_start"], name="one_plan_per_district_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="plan_period_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["status", "district"])]

    def __str__(self):
        return f"{self.district} plan, {self.period_start:%b %Y} to {self.period_end:%b %Y}"

    def get_absolute_url(self):
        return reverse("engagement:plan_detail", args=[self.pk])


def document_upload_path(instance, filename):
    """A random name, so a stored file's path says nothing and cannot be guessed."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"documents/{secrets.token_hex(16)}{suffix}"


class PlanVersionQuerySet(models.QuerySet):
    def submitted(self):
        return self.exclude(status=PlanVersion.Status.DRAFT)

    def visible_to(self, user):
        roles = roles_of(user)
        if roles.sees_everything:
            return self
        visible_plans = EngagementPlan.objects.visible_to(user)
        return self.filter(plan__in=visible_plans).filter(
            ~models.Q(status=PlanVersion.Status.DRAFT)
            | models.Q(plan__district_id__in=roles.district_ids)
        )


class PlanVersion(RevisedModel):
    """One version of a plan: an uploaded document plus the structured sections."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        SUPERSEDED = "superseded", "Superseded"

    plan = models.ForeignKey(EngagementPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    change_summary = models.TextField(
        blank=True, help_text="What changed since the previous version, in a sentence or two."
    )
    document = models.FileField(upload_to=document_upload_path, blank=True, max_length=200)
    document_name = models.CharField(max_length=255, blank=True)
    document_type = models.CharField(max_length=10, blank=True)
    document_size = models.PositiveBigIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="plan_versions_created"
    )
    # Which questions this version's changes answer: closes the loop on the plan itself.
    addresses_questions = models.ManyToManyField(
        "engagement.Question", blank=True, related_name="addressed_in_versions"
    )

    objects = PlanVersionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["addresses_questions"])

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_version_number"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="version_number_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(submitted_at__isnull=False),
                name="submitted_version_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.plan.district} plan, v{self.number}"

    def get_absolute_url(self):
        return reverse("engagement:plan_version_detail", args=[self.plan_id, self.number])

    @property
    def is_frozen(self):
        return self.status != self.Status.DRAFT


class PlanSection(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="sections")
    template = models.ForeignKey(
        SectionTemplate, on_delete=models.PROTECT, related_name="plan_sections"
    )
    body = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["template__order", "template__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "template"], name="one_section_per_template_per_version"
            )
        ]

    def __str__(self):
        return f"{self.template} ({self.version})"
