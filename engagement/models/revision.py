from django.db import models


class ContentRevision(models.Model):
    """A number that goes up after every transaction that changed the panel's records.

    Cached public pages are keyed on it (engagement/page_cache.py), so a change shows on
    the next request in every worker and on every app server, without telling each one.
    One row; `engagement.page_cache` creates it on first use.
    """

    number = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"Revision {self.number}"
