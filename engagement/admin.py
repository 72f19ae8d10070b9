from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.template.defaultfilters import filesizeformat
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Action,
    AgendaItem,
    Attendance,
    ChangeRecord,
    CommunityOrganisation,
    Correction,
    District,
    EngagementPlan,
    Feedback,
    FeedbackCriterion,
    FeedbackRating,
    Invitation,
    LocalPriority,
    Membership,
    NeighbourhoodTeam,
    PanelMeeting,
    PlanSection,
    PlanVersion,
    Profile,
    ProgressUpdate,
    Question,
    QuestionResponse,
    Recommendation,
    ScrutinyOutcome,
    SectionTemplate,
    Sector,
    Upvote,
)

User = get_user_model()


def note_admin_save(obj, user, changed):
    """Record who made a new row, and move an edited row's revision on as a service save does."""
    if obj._state.adding:
        if hasattr(obj, "created_by_id") and obj.created_by_id is None:
            obj.created_by = user
    elif changed and hasattr(obj, "revision"):
        # A web form carries the revision it was loaded with; moving it on here means a
        # form opened before this admin edit is refused instead of overwriting the edit.
        obj.revision += 1


class AttributedSavesMixin:
    """Admin saves, inline rows included, say who created a row and keep revisions honest."""

    def save_model(self, request, obj, form, change):
        note_admin_save(obj, request.user, changed=form.has_changed())
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for row in formset.save(commit=False):
            note_admin_save(row, request.user, changed=True)
            row.save()
        for row in formset.deleted_objects:
            row.delete()
        formset.save_m2m()


class StrRelatedMixin:
    """Select list_select_related on every admin page, not only the changelist.

    These models' __str__ follows relations, and autocomplete results and change pages print
    __str__ too. Django skips list_select_related once get_queryset has selected anything,
    so list_select_related must name all the changelist needs as well.
    """

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)


class ChainAdmin(AttributedSavesMixin, SimpleHistoryAdmin):
    """A model on the "you said, we did" chain: its history is shown and it is never deleted.

    The chain is protected in the database (on_delete=PROTECT) and nothing on it is
    hard-deleted, so the admin offers no delete at all: withdraw or supersede instead.
    """

    def has_delete_permission(self, request, obj=None):
        return False


# Places


class NeighbourhoodTeamInline(admin.TabularInline):
    model = NeighbourhoodTeam
    extra = 0
    fields = ("name", "area")
    show_change_link = True


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [NeighbourhoodTeamInline]


class LocalPriorityInline(admin.TabularInline):
    model = LocalPriority
    extra = 0
    fields = ("title", "set_on", "review_by", "detail")


@admin.register(NeighbourhoodTeam)
class NeighbourhoodTeamAdmin(StrRelatedMixin, admin.ModelAdmin):
    list_display = ("name", "district", "area")
    list_filter = ("district",)
    list_select_related = ("district",)
    search_fields = ("name", "area", "district__name")
    autocomplete_fields = ("district",)
    inlines = [LocalPriorityInline]


@admin.register(LocalPriority)
class LocalPriorityAdmin(SimpleHistoryAdmin):
    list_display = ("title", "team", "set_on", "review_by")
    list_filter = ("team__district",)
    list_select_related = ("team__district",)
    search_fields = ("title", "detail", "team__name", "team__district__name")
    date_hierarchy = "set_on"
    autocomplete_fields = ("team",)


# Organisations and people


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(CommunityOrganisation)
class CommunityOrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "sector", "is_active", "created_at")
    list_filter = ("is_active", "sector", "districts")
    list_select_related = ("sector",)
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("sector", "districts")


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "role", "district", "organisation", "status", "created_at")
    list_filter = ("role", "status", "district")
    list_select_related = ("user", "district", "organisation")
    search_fields = (
        "user__username",
        "user__first_name",
        "user__last_name",
        "user__email",
        "district__name",
        "organisation__name",
    )
    date_hierarchy = "created_at"
    autocomplete_fields = ("user", "district", "organisation", "decided_by")
    readonly_fields = ("created_at",)


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "name_display", "job_title", "erased_at")
    list_filter = ("name_display", "email_on_question_update", "email_on_meeting_news")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "job_title")
    autocomplete_fields = ("user",)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = (
        "email",
        "full_name",
        "organisation",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    )
    list_filter = ("accepted_at", "revoked_at", "organisation__sector")
    list_select_related = ("organisation", "invited_by")
    search_fields = ("email", "full_name", "organisation__name")
    date_hierarchy = "created_at"
    autocomplete_fields = ("organisation", "invited_by", "accepted_by")


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    fields = ("role", "district", "organisation", "status", "decided_by", "decided_at")
    autocomplete_fields = ("district", "organisation", "decided_by")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "district", "organisation")


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False


admin.site.unregister(User)


@admin.register(User)
class PanelUserAdmin(UserAdmin):
    inlines = [ProfileInline, MembershipInline]


# Plans


@admin.register(SectionTemplate)
class SectionTemplateAdmin(admin.ModelAdmin):
    list_display = ("title", "order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("title", "guidance")
    prepopulated_fields = {"slug": ("title",)}


class PlanVersionInline(admin.TabularInline):
    model = PlanVersion
    extra = 0
    fields = ("number", "status", "change_summary", "submitted_at", "submitted_by", "created_by")
    readonly_fields = ("created_by",)
    autocomplete_fields = ("submitted_by",)
    show_change_link = True
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("plan__district", "created_by")


@admin.register(EngagementPlan)
class EngagementPlanAdmin(StrRelatedMixin, ChainAdmin):
    list_display = ("title", "district", "period_start", "period_end", "status", "updated_at")
    list_filter = ("status", "district")
    list_select_related = ("district",)
    search_fields = ("title", "district__name")
    date_hierarchy = "period_start"
    autocomplete_fields = ("district",)
    readonly_fields = ("created_by", "created_at", "updated_at")
    inlines = [PlanVersionInline]


class PlanSectionInline(admin.StackedInline):
    model = PlanSection
    extra = 0
    fields = ("template", "body")
    autocomplete_fields = ("template",)
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("template", "version__plan__district")

    # A submitted version is what questions and feedback were written against, so its
    # text stays as it was read. Put the version back to draft to change it.
    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            return ("template", "body")
        return ()

    def has_add_permission(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            return False
        return super().has_add_permission(request, obj)


@admin.register(PlanVersion)
class PlanVersionAdmin(StrRelatedMixin, ChainAdmin):
    list_display = ("plan", "number", "status", "submitted_at", "created_by")
    list_filter = ("status", "plan__district")
    list_select_related = ("plan__district", "created_by")
    search_fields = ("plan__title", "plan__district__name", "change_summary")
    date_hierarchy = "created_at"
    autocomplete_fields = ("plan", "submitted_by", "addresses_questions")
    # Uploads go through the checked upload form and are served only by the permission
    # checked download view, so the admin neither takes a file nor links to one.
    exclude = ("document", "document_name", "document_type", "document_size")
    readonly_fields = ("document_details", "created_by", "created_at", "updated_at")
    inlines = [PlanSectionInline]

    @admin.display(description="document")
    def document_details(self, version):
        if not version.document:
            return "No document uploaded"
        size = filesizeformat(version.document_size)
        return f"{version.document_name} ({version.document_type.upper()}, {size})"


@admin.register(PlanSection)
class PlanSectionAdmin(ChainAdmin):
    list_display = ("template", "version")
    list_filter = ("template", "version__plan__district")
    list_select_related = ("template", "version__plan__district")
    search_fields = ("body", "template__title", "version__plan__district__name")
    autocomplete_fields = ("version", "template")

    def get_readonly_fields(self, request, obj=None):
        # As in PlanSectionInline: a submitted version's text stays as it was read.
        if obj is not None and obj.version.is_frozen:
            return ("version", "template", "body")
        return ()


# Meetings


@admin.register(FeedbackCriterion)
class FeedbackCriterionAdmin(admin.ModelAdmin):
    list_display = ("title", "order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("title", "description")
    prepopulated_fields = {"slug": ("title",)}


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = (
        "order",
        "kind",
        "title",
        "plan",
        "plan_version",
        "presenter",
        "minutes_allowed",
    )
    autocomplete_fields = ("plan", "plan_version")
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("plan__district", "plan_version")


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ("name", "user", "organisation", "capacity", "status")
    autocomplete_fields = ("user", "organisation")


@admin.register(PanelMeeting)
class PanelMeetingAdmin(AttributedSavesMixin, SimpleHistoryAdmin):
    list_display = ("title", "starts_at", "venue", "status", "question_deadline")
    list_filter = ("status",)
    search_fields = ("title", "venue", "chair")
    date_hierarchy = "starts_at"
    autocomplete_fields = (
        "criteria",
        "invited_organisations",
        "current_item",
        "current_question",
        "minutes_approved_by",
    )
    readonly_fields = ("live_changed_at", "created_at", "updated_at")
    inlines = [AgendaItemInline, AttendanceInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(StrRelatedMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "meeting", "order", "kind", "presenter")
    list_filter = ("kind", "meeting")
    list_select_related = ("meeting", "plan__district")
    search_fields = ("title", "presenter", "plan__district__name", "meeting__title")
    autocomplete_fields = ("meeting", "plan", "plan_version")


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("name", "meeting", "organisation", "capacity", "status")
    list_filter = ("status", "meeting")
    list_select_related = ("meeting", "organisation")
    search_fields = ("name", "capacity", "organisation__name", "user__username")
    autocomplete_fields = ("meeting", "user", "organisation")


# Questions and feedback


@admin.register(Question)
class QuestionAdmin(ChainAdmin):
    list_display = (
        "short_text",
        "agenda_item",
        "organisation",
        "status",
        "is_public",
        "is_late",
        "vote_count",
        "created_at",
    )
    list_filter = ("status", "source", "is_public", "is_late", "agenda_item__meeting")
    list_select_related = ("agenda_item__plan__district", "organisation")
    search_fields = ("text", "organisation__name", "asked_by__username", "asked_by__last_name")
    date_hierarchy = "created_at"
    autocomplete_fields = (
        "agenda_item",
        "plan_version",
        "section",
        "asked_by",
        "organisation",
        "merged_into",
        "moderated_by",
    )
    # Upvotes keep vote_count; editing it by hand would misreport demand.
    readonly_fields = ("vote_count", "created_at", "updated_at")

    @admin.display(description="question", ordering="text")
    def short_text(self, question):
        return Truncator(question.text).chars(80)


# An upvote moves Question.vote_count, which only the upvote workflow keeps in step, so
# the admin may look at upvotes but not make or remove them.
@admin.register(Upvote)
class UpvoteAdmin(admin.ModelAdmin):
    list_display = ("question", "user", "created_at")
    list_select_related = ("question", "user")
    search_fields = ("question__text", "user__username")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(QuestionResponse)
class QuestionResponseAdmin(ChainAdmin):
    list_display = ("question", "responded_by", "created_at", "updated_at")
    list_select_related = ("question", "responded_by")
    search_fields = ("text", "question__text")
    date_hierarchy = "created_at"
    autocomplete_fields = ("question", "responded_by")
    readonly_fields = ("created_at", "updated_at")


class FeedbackRatingInline(admin.TabularInline):
    model = FeedbackRating
    extra = 0
    fields = ("criterion", "score")
    autocomplete_fields = ("criterion",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criterion")


@admin.register(Feedback)
class FeedbackAdmin(StrRelatedMixin, ChainAdmin):
    list_display = ("plan_version", "organisation", "author", "created_at")
    list_filter = ("plan_version__plan__district", "organisation__sector")
    list_select_related = ("plan_version__plan__district", "organisation", "author")
    search_fields = (
        "what_works",
        "what_is_missing",
        "organisation__name",
        "plan_version__plan__district__name",
    )
    date_hierarchy = "created_at"
    autocomplete_fields = ("plan_version", "agenda_item", "author", "organisation")
    readonly_fields = ("created_at", "updated_at")
    inlines = [FeedbackRatingInline]


@admin.register(FeedbackRating)
class FeedbackRatingAdmin(admin.ModelAdmin):
    list_display = ("feedback", "criterion", "score")
    list_filter = ("criterion", "score")
    list_select_related = (
        "feedback__plan_version__plan__district",
        "feedback__organisation",
        "criterion",
    )
    search_fields = ("feedback__organisation__name", "criterion__title")
    autocomplete_fields = ("feedback", "criterion")


# Outcomes


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    fields = ("text", "owner", "due_on", "reply_due_on", "status", "reply", "created_by")
    readonly_fields = ("created_by",)
    autocomplete_fields = ("owner",)
    show_change_link = True
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner", "created_by")


@admin.register(ScrutinyOutcome)
class ScrutinyOutcomeAdmin(StrRelatedMixin, ChainAdmin):
    list_display = ("plan", "meeting", "rating", "published_at", "reviewed_by")
    list_filter = ("rating", "published_at", "plan__district", "meeting")
    list_select_related = ("plan__district", "meeting", "reviewed_by")
    search_fields = ("plan__title", "plan__district__name", "meeting__title", "findings")
    date_hierarchy = "meeting__starts_at"
    autocomplete_fields = ("meeting", "plan", "agenda_item", "reviewed_by", "published_by")
    readonly_fields = ("created_at", "updated_at")
    inlines = [RecommendationInline]


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ("outcome", "made_at", "made_by")
    list_select_related = ("outcome__plan__district", "outcome__meeting", "made_by")
    search_fields = ("note", "outcome__plan__district__name", "outcome__meeting__title")
    date_hierarchy = "made_at"
    autocomplete_fields = ("outcome", "made_by")

    # A correction is part of the public record of what was published.
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Recommendation)
class RecommendationAdmin(StrRelatedMixin, ChainAdmin):
    list_display = ("short_text", "owner", "outcome", "status", "due_on", "reply_due_on")
    list_filter = ("status", "owner")
    list_select_related = ("owner", "outcome__plan__district", "outcome__meeting")
    search_fields = ("text", "reply", "owner__name")
    date_hierarchy = "due_on"
    autocomplete_fields = ("outcome", "owner", "replied_by", "questions", "feedback")
    readonly_fields = ("created_by", "created_at", "updated_at")

    @admin.display(description="recommendation", ordering="text")
    def short_text(self, recommendation):
        return Truncator(recommendation.text).chars(80)


class ProgressUpdateInline(admin.StackedInline):
    model = ProgressUpdate
    extra = 0
    # Evidence files are left out for the same reason as plan documents.
    fields = ("reported_on", "status", "note", "evidence_url", "reported_by")
    autocomplete_fields = ("reported_by",)
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("action", "reported_by")


@admin.register(Action)
class ActionAdmin(ChainAdmin):
    list_display = (
        "title",
        "district",
        "owner_name",
        "due_on",
        "status",
        "is_overdue",
        "completed_on",
    )
    list_filter = ("status", "district")
    list_select_related = ("district",)
    search_fields = ("title", "description", "owner_name", "district__name")
    date_hierarchy = "due_on"
    autocomplete_fields = ("district", "recommendation", "agenda_item")
    readonly_fields = ("created_by", "created_at", "updated_at")
    inlines = [ProgressUpdateInline]

    @admin.display(description="overdue", boolean=True)
    def is_overdue(self, action):
        return action.is_overdue


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ChainAdmin):
    list_display = ("action", "status", "reported_on", "reported_by")
    list_filter = ("status", "action__district")
    list_select_related = ("action", "reported_by")
    search_fields = ("note", "action__title")
    date_hierarchy = "reported_on"
    autocomplete_fields = ("action", "reported_by")
    # As for plan documents: uploads are checked elsewhere and never linked from here.
    exclude = ("evidence_document", "evidence_name", "evidence_type")
    readonly_fields = ("evidence_details", "created_at")

    @admin.display(description="evidence document")
    def evidence_details(self, update):
        if not update.evidence_document:
            return "No document uploaded"
        return f"{update.evidence_name} ({update.evidence_type.upper()})"


# Audit trail


# Change records are the audit trail that services write; nobody edits the record of
# what happened, so the admin may only read them.
@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "object_repr", "content_type")
    list_filter = (("content_type", admin.RelatedOnlyFieldListFilter), "action")
    list_select_related = ("actor", "content_type")
    search_fields = ("action", "object_repr", "note", "actor__username")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
