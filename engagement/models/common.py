from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class RevisedModel(TimeStampedModel):
    """A row that people edit in forms.

    `revision` goes up on every save made through a service; a form carries the revision it
    was loaded with, so a second person's stale save is refused instead of overwriting.
    """

    revision = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
