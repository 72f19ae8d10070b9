from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ChangeRecordQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class ChangeRecord(models.Model):
    """One step of a workflow: who did what to which record, and what changed.

    Services write these; they feed the question timeline and the audit pages. Field-level
    history of every row (admin edits included) is kept separately by simple-history.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_records",
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=60, help_text="For example: question.accepted")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(max_length=255)
    changes = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)

    objects = ChangeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.action} on {self.object_repr}"
