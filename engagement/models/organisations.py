from django.db import models

from .places import District


class Sector(models.Model):
    """A kind of community organisation (faith, LGBTQ+, women, youth, ...). Data, not code."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CommunityOrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class CommunityOrganisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="organisations")
    districts = models.ManyToManyField(District, related_name="organisations", blank=True)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommunityOrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
