from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class District(models.Model):
    """A district or borough, led by a chief inspector. Data, not code: boundaries change."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("engagement:district_detail", args=[self.slug])


class NeighbourhoodTeam(models.Model):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=150)
    area = models.CharField(max_length=255, blank=True, help_text="Towns and wards covered.")

    class Meta:
        ordering = ["district__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="unique_team_per_district")
        ]

    def __str__(self):
        return f"{self.name} ({self.district})"


class LocalPriorityQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(set_on__lte=on, review_by__gte=on)


class LocalPriority(models.Model):
    """A crime or anti-social behaviour priority a team works on for one cycle.

    Hertfordshire resets local priorities every four months, so each has a review date.
    """

    team = models.ForeignKey(NeighbourhoodTeam, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    set_on = models.DateField()
    review_by = models.DateField()

    objects = LocalPriorityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-set_on", "title"]
        verbose_name_plural = "local priorities"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_by__gt=models.F("set_on")),
                name="priority_review_after_set",
            )
        ]

    def __str__(self):
        return self.title
