import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .common import RevisedModel
from .meetings import AgendaItem, FeedbackCriterion, PanelMeeting
from .organisations import CommunityOrganisation
from .people import Profile
from .plans import PlanVersion, SectionTemplate
from .roles import roles_of


class QuestionQuerySet(models.QuerySet):
    def accepted(self):
        """Questions the panel will take: accepted, and those already answered."""
        return self.filter(status__in=Question.SHOWN_STATUSES)

    def awaiting_moderation(self):
        return self.filter(status=Question.Status.SUBMITTED)

    def awaiting_response(self):
        return self.filter(status=Question.Status.ACCEPTED, response__isnull=True)

    def for_plan(self, plan):
        return self.filter(agenda_item__plan=plan)

    def public(self):
        """Public questions the panel took, whether or not the meeting's record is out yet."""
        return self.accepted().filter(is_public=True)

    def published(self):
        """What the public may read: public questions from meetings whose record is out."""
        return self.public().filter(
            agenda_item__meeting__status=PanelMeeting.Status.MINUTES_PUBLISHED
        )

    def visible_to(self, user):
        roles = roles_of(user)
        if roles.sees_everything or roles.is_commissioners_office:
            return self
        if not roles.is_authenticated:
            return self.published()
        shown = models.Q(status__in=Question.SHOWN_STATUSES)
        # Askers of a duplicate merged into a question become its askers too.
        merged_from_mine = Question.objects.filter(asked_by=user, merged_into__isnull=False)
        return self.filter(
            models.Q(asked_by=user)
            | (shown & models.Q(is_public=True))
            | (shown & models.Q(agenda_item__plan__district_id__in=roles.district_ids))
            | (shown & models.Q(pk__in=merged_from_mine.values("merged_into")))
        )


class Question(RevisedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        ACCEPTED = "accepted", "Accepted"
        MERGED = "merged", "Merged into another question"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"
        ANSWERED = "answered", "Answered"

    class Source(models.TextChoices):
        WEB = "web", "Asked online"
        FLOOR = "floor", "Asked from the floor"

    class LiveState(models.TextChoices):
        WAITING = "waiting", "Not yet taken"
        ASKED = "asked", "Being asked"
        ANSWERED = "answered", "Answered in the meeting"
        DEFERRED = "deferred", "Deferred to a written response"

    SHOWN_STATUSES = (Status.ACCEPTED, Status.ANSWERED)
    MAX_LENGTH = 1000

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="questions")
    plan_version = models.ForeignKey(
        PlanVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        help_text="The version the asker was reading.",
    )
    # Anchored to the section template, not one version's text, so it survives new versions.
    section = models.ForeignKey(
        SectionTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
    )
    organisation = models.ForeignKey(
        CommunityOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
    )
    text = models.TextField(max_length=MAX_LENGTH)
    is_public = models.BooleanField(default=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    is_late = models.BooleanField(default=False)
    decline_reason = models.TextField(blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_questions",
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    live_state = models.CharField(
        max_length=10, choices=LiveState.choices, default=LiveState.WAITING
    )
    spoken_answer = models.TextField(blank=True, help_text="A short summary of the answer given.")
    taken_at = models.DateTimeField(null=True, blank=True)
    vote_count = models.PositiveIntegerField(default=0)
    # Sent with the form so a double click or a resubmitted page stores one question.
    submission_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = QuestionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["vote_count"])

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="declined_question_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="merged") | models.Q(merged_into__isnull=False),
                name="merged_question_has_target",
            ),
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("pk")),
                name="question_not_merged_into_itself",
            ),
            models.CheckConstraint(
                condition=~models.Q(source="web") | models.Q(asked_by__isnull=False),
                name="online_question_has_asker",
            ),
        ]
        indexes = [
            models.Index(fields=["agenda_item", "status"]),
            models.Index(fields=["asked_by", "created_at"]),
            # Ordered as the district question list pages through them, and wide enough
            # (item, section) that paging and filtering read the index alone.
            models.Index(fields=["status", "created_at", "id", "agenda_item", "section"]),
            models.Index(fields=["agenda_item", "-vote_count"]),
        ]

    def __str__(self):
        return f"Question {self.pk}: {self.text[:60]}"

    def get_absolute_url(self):
        return reverse("engagement:question_detail", args=[self.pk])

    @property
    def is_shown(self):
        return self.status in self.SHOWN_STATUSES

    @property
    def asker_label(self):
        """How the asker is named in public: only as they agreed."""
        if self.source == self.Source.FLOOR and self.asked_by_id is None:
            return (
                f"A representative of {self.organisation}"
                if self.organisation_id
                else "From the floor"
            )
        profile = getattr(self.asked_by, "profile", None) if self.asked_by_id else None
        choice = profile.name_display if profile else Profile.NameDisplay.ORGANISATION
        if profile and profile.erased_at:
            return "A former representative"
        if choice == Profile.NameDisplay.FULL_NAME and self.asked_by.get_full_name():
            name = self.asked_by.get_full_name()
            return f"{name}, {self.organisation}" if self.organisation_id else name
        if choice == Profile.NameDisplay.HIDDEN:
            return ""
        return f"A representative of {self.organisation}" if self.organisation_id else ""


class Upvote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="upvotes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="upvotes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="one_upvote_per_person")
        ]

    def __str__(self):
        return f"{self.user} supports question {self.question_id}"


class QuestionResponse(RevisedModel):
    """The chief inspector's written answer to a question."""

    question = models.OneToOneField(Question, on_delete=models.PROTECT, related_name="response")
    text = models.TextField(max_length=5000)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="question_responses"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Response to question {self.question_id}"


class FeedbackQuerySet(models.QuerySet):
    def visible_to(self, user):
        roles = roles_of(user)
        if roles.sees_everything or roles.is_commissioners_office:
            return self
        if not roles.is_authenticated:
            return self.none()
        return self.filter(
            models.Q(author=user) | models.Q(plan_version__plan__district_id__in=roles.district_ids)
        )


class Feedback(RevisedModel):
    """Structured feedback on one plan version from one representative for one organisation."""

    plan_version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="feedback")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="feedback"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="feedback"
    )
    organisation = models.ForeignKey(
        CommunityOrganisation, on_delete=models.PROTECT, related_name="feedback"
    )
    what_works = models.TextField("what works", max_length=3000, blank=True)
    what_is_missing = models.TextField("what is missing", max_length=3000, blank=True)

    objects = FeedbackQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "feedback"
        constraints = [
            models.UniqueConstraint(
                fields=["plan_version", "author", "organisation"],
                name="one_feedback_per_representative_per_version",
            )
        ]

    def __str__(self):
        return f"Feedback on {self.plan_version} from {self.organisation}"


class FeedbackRating(models.Model):
    SCORES = [(1, "1 (poor)"), (2, "2"), (3, "3 (adequate)"), (4, "4"), (5, "5 (excellent)")]

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(
        FeedbackCriterion, on_delete=models.PROTECT, related_name="ratings"
    )
    score = models.PositiveSmallIntegerField(choices=SCORES)

    class Meta:
        ordering = ["criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["feedback", "criterion"], name="one_rating_per_criterion"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="rating_between_1_and_5"
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"
