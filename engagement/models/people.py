from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .organisations import CommunityOrganisation
from .places import District


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)

    def pending(self):
        return self.filter(status=Membership.Status.PENDING)

    def representatives(self):
        return self.filter(role=Membership.Role.REPRESENTATIVE)


class Membership(models.Model):
    """What a person does on the panel, and for which district or organisation.

    Roles are data: one person may represent two organisations, or lead a district and
    also sit in the secretariat.
    """

    class Role(models.TextChoices):
        CHIEF_INSPECTOR = "chief_inspector", "Chief inspector"
        REPRESENTATIVE = "representative", "Community representative"
        SECRETARIAT = "secretariat", "Panel secretariat"
        COMMISSIONERS_OFFICE = "commissioners_office", "Commissioner's office"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        ACTIVE = "active", "Active"
        DECLINED = "declined", "Declined"
        ENDED = "ended", "Ended"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    organisation = models.ForeignKey(
        CommunityOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    request_note = models.TextField(blank=True, help_text="Why the person asked to join.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="chief_inspector")
                | models.Q(district__isnull=False, organisation__isnull=True),
                name="chief_inspector_has_district",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="representative")
                | models.Q(organisation__isnull=False, district__isnull=True),
                name="representative_has_organisation",
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=["secretariat", "commissioners_office"])
                | models.Q(organisation__isnull=True, district__isnull=True),
                name="office_role_has_no_district_or_organisation",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(role="representative"),
                name="one_membership_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["user", "district"],
                condition=models.Q(role="chief_inspector"),
                name="one_membership_per_district",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(role__in=["secretariat", "commissioners_office"]),
                name="one_office_membership_per_role",
            ),
        ]
        indexes = [models.Index(fields=["role", "status"])]

    def __str__(self):
        place = self.district or self.organisation
        label = self.get_role_display()
        return f"{self.user.get_full_name() or self.user.get_username()}: {label}" + (
            f", {place}" if place else ""
        )


class Profile(models.Model):
    """How a person appears in public and what email they want."""

    class NameDisplay(models.TextChoices):
        FULL_NAME = "full_name", "My full name"
        ORGANISATION = "organisation", "“A representative of <organisation>”"
        HIDDEN = "hidden", "Nothing: do not show who asked"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    name_display = models.CharField(
        "how your name appears in public",
        max_length=20,
        choices=NameDisplay.choices,
        default=NameDisplay.ORGANISATION,
    )
    job_title = models.CharField(max_length=150, blank=True)
    email_on_question_update = models.BooleanField(
        "email me when my question is moderated or answered", default=True
    )
    email_on_meeting_news = models.BooleanField(
        "email me when a meeting opens for questions or publishes minutes", default=True
    )
    erased_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Profile of {self.user}"


class InvitationQuerySet(models.QuerySet):
    def unused(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """An emailed, signed, single-use link to represent an organisation."""

    email = models.EmailField()
    full_name = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        CommunityOrganisation, on_delete=models.PROTECT, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email"])]

    def __str__(self):
        return f"Invitation for {self.email} to represent {self.organisation}"

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at

    @property
    def is_usable(self):
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired
