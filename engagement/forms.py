"""Forms, each rendered with crispy. Explicit field lists, never "__all__"."""

import uuid
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.core.validators import MaxLengthValidator
from django.template.defaultfilters import filesizeformat, pluralize
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator

from . import periods as dashboard_periods
from .models import (
    Action,
    AgendaItem,
    Attendance,
    CommunityOrganisation,
    District,
    EngagementPlan,
    Feedback,
    FeedbackCriterion,
    FeedbackRating,
    Invitation,
    PanelMeeting,
    Profile,
    ProgressUpdate,
    Question,
    QuestionResponse,
    Recommendation,
    ScrutinyOutcome,
    SectionTemplate,
)
from .uploads import validate_document


class RevisionField(forms.IntegerField):
    """The revision a form was loaded with, sent back so stale saves can be refused."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=1, **kwargs)


class DocumentField(forms.FileField):
    """An uploaded PDF, DOCX or ODT, checked by content and size."""

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded and uploaded is not initial and hasattr(uploaded, "size"):
            uploaded.document_type = validate_document(uploaded)
        return uploaded


class ReadOnceChoiceIterator(forms.models.ModelChoiceIterator):
    """Iterates the field's queryset itself, so its rows are fetched once per form.

    Django's own iterator runs a fresh query on every pass, and a select is passed over
    twice when it renders (once to decide on `required`, once for the options).
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ReadOnceModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options cost one query however often they are read."""

    iterator = ReadOnceChoiceIterator


class RowChoiceField(forms.ModelMultipleChoiceField):
    """Several rows ticked by number; a number no row could have is refused, not looked up.

    SQLite cannot compare a number past 64 bits and would fail with a server error.
    """

    def _check_values(self, value):
        for pk in value:
            # isdigit() alone lets through digits int() refuses, such as "²".
            text = str(pk)
            if not (text.isascii() and text.isdigit()) or int(text) >= 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


# Chief inspectors -------------------------------------------------------------------------


def document_hint(current_name=""):
    """Help text for a document upload, with the size limit from the settings."""
    hint = (
        "A PDF, Word (.docx) or OpenDocument (.odt) file, up to "
        f"{filesizeformat(settings.UPLOAD_MAX_BYTES)}."
    )
    if current_name:
        hint += f" Leave this empty to keep the current document, {current_name}."
    return hint


class PlanForm(forms.ModelForm):
    """A district's plan for a period: its title and dates."""

    revision = RevisionField()

    class Meta:
        model = EngagementPlan
        fields = ["title", "period_start", "period_end"]
        labels = {"period_start": "Period starts", "period_end": "Period ends"}
        help_texts = {
            "title": "For example: Watford community engagement plan 2026 to 2027. "
            "Up to 200 characters."
        }
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.districts = list(districts)
        if self.instance.pk is None and len(self.districts) > 1:
            self.fields["district"] = forms.ModelChoiceField(
                queryset=District.objects.filter(pk__in=[d.pk for d in self.districts]),
                help_text="You lead more than one district: choose whose plan this is.",
            )
            self.order_fields(["district"])
        if self.instance.pk is None:
            del self.fields["revision"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end <= start:
            self.add_error("period_end", "The period must end after it starts.")
        district = self.instance.district if self.instance.pk else self.chosen_district()
        if start and district:
            clash = EngagementPlan.objects.filter(district=district, period_start=start).exclude(
                pk=self.instance.pk
            )
            if clash.exists():
                self.add_error(
                    "period_start",
                    f"{district} already has a plan for the period starting {start:%-d %B %Y}.",
                )
        return cleaned

    def chosen_district(self):
        if "district" in self.fields:
            return self.cleaned_data.get("district")
        return self.districts[0] if self.districts else None


class PlanVersionForm(forms.Form):
    """A version: the uploaded document plus one text box per section of the plan."""

    SECTION_MAX_LENGTH = 10000

    change_summary = forms.CharField(
        label="What changed",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What changed since the previous version, in a sentence or two. "
        "Up to 2,000 characters.",
    )
    document = DocumentField(label="Plan document", required=False)
    revision = RevisionField()

    def __init__(self, *args, templates, current_document="", **kwargs):
        super().__init__(*args, **kwargs)
        self.templates = list(templates)
        self.fields["document"].help_text = document_hint(current_document)
        for template in self.templates:
            self.fields[self.section_field(template)] = forms.CharField(
                label=template.title,
                required=False,
                max_length=self.SECTION_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=f"{template.guidance} Up to 10,000 characters.".strip(),
            )

    @staticmethod
    def section_field(template):
        return f"section_{template.slug}"

    def sections(self):
        """{SectionTemplate: text} from the cleaned form."""
        return {
            template: self.cleaned_data[self.section_field(template)] for template in self.templates
        }


class SubmitVersionForm(forms.Form):
    """Choose the upcoming meeting, through its agenda item for this plan."""

    agenda_item = forms.ModelChoiceField(
        label="Meeting",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the meeting to submit this version to."},
    )

    def __init__(self, *args, agenda_items, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["agenda_item"]
        # Every upcoming item is accepted, so one whose deadline passed while the page was
        # open gets the service's clear refusal; only those still open are offered.
        field.queryset = agenda_items
        field.choices = [
            (item.pk, self.describe(item))
            for item in agenda_items
            if not item.meeting.is_past_deadline
        ]

    @staticmethod
    def describe(item):
        meeting = item.meeting
        starts = timezone.localtime(meeting.starts_at)
        deadline = timezone.localtime(meeting.question_deadline)
        return (
            f"{meeting.title}, {starts:%-d %B %Y} (questions close {deadline:%-d %B %Y at %H:%M})"
        )


class ResponseForm(forms.ModelForm):
    """The chief inspector's written answer to a question."""

    revision = RevisionField()

    class Meta:
        model = QuestionResponse
        fields = ["text"]
        labels = {"text": "Your response"}
        help_texts = {"text": "Up to 5,000 characters."}
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}


class ProgressUpdateForm(forms.ModelForm):
    """A dated progress report on an action, with optional evidence."""

    status = forms.ChoiceField(
        choices=Action.Status.choices,
        widget=forms.RadioSelect,
        help_text="Choose “Not accepted” if the district will not do this action.",
    )
    evidence_document = DocumentField(label="Evidence document", required=False)
    revision = RevisionField()

    class Meta:
        model = ProgressUpdate
        fields = ["status", "note", "evidence_url", "evidence_document"]
        labels = {"note": "What has happened", "evidence_url": "Link to evidence"}
        help_texts = {
            "note": "What was done, and what comes next. If the action was not accepted, "
            "give the reason. Up to 3,000 characters.",
            "evidence_url": "Optional. A web address where the evidence can be seen, "
            "starting https://",
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence_document"].help_text = "Optional. " + document_hint()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Action.Status.NOT_ACCEPTED and not cleaned.get("note"):
            self.add_error("note", "Give the reason the action was not accepted.")
        return cleaned


class CompareVersionsForm(forms.Form):
    """Two versions of a plan to compare; works as a plain GET form."""

    old = forms.TypedChoiceField(label="Compare version", coerce=int)
    new = forms.TypedChoiceField(label="with version", coerce=int)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (version.number, f"Version {version.number} ({version.get_status_display()})")
            for version in versions
        ]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("old") is not None and cleaned.get("old") == cleaned.get("new"):
            raise forms.ValidationError("Choose two different versions to compare.")
        return cleaned


class DistrictQuestionFilterForm(forms.Form):
    """Filters for the questions on a district's plans (a GET form)."""

    AWAITING = "awaiting"
    ANSWERED = "answered"

    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("", "All questions"),
            (AWAITING, "Awaiting a response"),
            (ANSWERED, "Answered"),
        ],
    )
    meeting = forms.ModelChoiceField(
        label="Meeting", queryset=None, required=False, empty_label="All meetings"
    )
    section = forms.ModelChoiceField(
        label="Plan section", queryset=None, required=False, empty_label="All sections"
    )

    def __init__(self, *args, meetings, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["section"].queryset = sections


# Community representatives and moderation -------------------------------------------------


NOT_FOR_CRIMES = "The panel cannot deal with an individual crime: call 101, or 999 in an emergency."
PUBLIC_CHOICES = [
    (True, "Public: anyone may read it and its answer once the meeting's record is published"),
    (
        False,
        "Private: only the panel secretariat, the chief inspector and the commissioner's office",
    ),
]
DECLINE_REASONS = [
    "About an individual crime or an emergency: call 101, or 999 in an emergency",
    "Not about this district's community engagement plan",
    "Already asked: see the accepted questions on this plan",
    "Names or could identify a private individual",
    "Uses abusive or offensive language",
]
OTHER_REASON = "other"
WHEN = r"l j F Y \a\t H:i"


def question_rules(meeting):
    """The panel rules as one plain hint: length, deadline, caps and the 101/999 rule."""
    rules = [
        f"Up to {Question.MAX_LENGTH:,} characters.",
        "Questions close "
        f"{formats.date_format(timezone.localtime(meeting.question_deadline), WHEN)}"
        "; a later question is still sent but marked late.",
    ]
    per_person, per_organisation = (
        meeting.max_questions_per_person,
        meeting.max_questions_per_organisation,
    )
    if per_person is not None:
        rules.append(f"At most {per_person} question{pluralize(per_person)} from each person.")
    if per_organisation is not None:
        rules.append(
            f"At most {per_organisation} question{pluralize(per_organisation)} "
            "from each organisation."
        )
    rules.append(NOT_FOR_CRIMES)
    return " ".join(rules)


class QuestionForm(forms.Form):
    """A representative's question on one agenda item; also used to edit it."""

    organisation = ReadOnceModelChoiceField(
        queryset=CommunityOrganisation.objects.none(),
        label="On behalf of",
        empty_label=None,
    )
    section = ReadOnceModelChoiceField(
        queryset=SectionTemplate.objects.none(),
        required=False,
        label="Which part of the plan is it about?",
        empty_label="The plan as a whole",
    )
    text = forms.CharField(
        label="Your question",
        max_length=Question.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "data-counter": "true"}),
    )
    is_public = forms.TypedChoiceField(
        label="Who may read it",
        choices=PUBLIC_CHOICES,
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        initial=True,
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    revision = RevisionField()

    def __init__(self, *args, agenda_item, organisations, sections, editing=False, **kwargs):
        """`sections` is a queryset, or a function that makes one: then it is only built
        when the form is checked or its fields are drawn, not when they are kept
        (includes/kept_form.html)."""
        super().__init__(*args, **kwargs)
        self.meeting = agenda_item.meeting
        self.sections = sections
        if editing:
            # The organisation is fixed once asked; the key only guards a first submission.
            del self.fields["organisation"]
            del self.fields["submission_key"]
        else:
            del self.fields["revision"]
            self.fields["organisation"].queryset = organisations
            self.fields["submission_key"].initial = uuid.uuid4()
        if self.is_bound:
            self.finish_fields()

    def finish_fields(self):
        """The rules as help, and the sections read into their field, where drawing the
        options finds them; a plan without sections asks nothing about them."""
        if self.sections is None:
            return
        self.fields["text"].help_text = question_rules(self.meeting)
        sections, self.sections = self.sections, None
        self.fields["section"].queryset = sections() if callable(sections) else sections
        if not self.fields["section"].queryset:
            del self.fields["section"]

    def visible_fields(self):
        self.finish_fields()
        return super().visible_fields()


class FeedbackForm(forms.Form):
    """A rating for each of the meeting's criteria, plus what works and what is missing."""

    what_works = forms.CharField(
        label="What works in this plan",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Up to 3,000 characters.",
    )
    what_is_missing = forms.CharField(
        label="What is missing from this plan",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Up to 3,000 characters.",
    )
    revision = RevisionField()

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        ratings = {}
        for criterion in self.criteria:
            ratings[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.title,
                help_text=criterion.description,
                choices=FeedbackRating.SCORES,
                coerce=int,
                widget=forms.RadioSelect,
            )
        # Ratings first, in the criteria's order, then the comments.
        self.fields = {**ratings, **self.fields}

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(
            [cleaned.get("what_works"), cleaned.get("what_is_missing"), self.criteria]
        ):
            raise forms.ValidationError("Write what works or what is missing.")
        return cleaned

    @property
    def ratings(self):
        """{criterion: score} from the cleaned data."""
        return {c: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["name_display", "email_on_question_update", "email_on_meeting_news"]
        widgets = {"name_display": forms.RadioSelect}
        help_texts = {
            "name_display": "Used wherever your questions are shown, on the agenda and in "
            "public once the meeting's record is published.",
        }


class MembershipRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=CommunityOrganisation.objects.none(),
        label="Organisation you want to represent",
    )
    note = forms.CharField(
        label="Your role in the organisation",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: trustee, outreach worker. Up to 1,000 characters. "
        "The panel secretariat reads this before approving.",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["full_name", "email", "organisation"]
        labels = {"full_name": "Name", "organisation": "Organisation they will represent"}
        help_texts = {
            "email": "The invitation link is sent here. It works once and expires after "
            f"{settings.INVITATION_MAX_AGE_DAYS} days.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = CommunityOrganisation.objects.active()


class InvitationAcceptForm(UserCreationForm):
    """A new representative chooses their name, username and password."""

    class Meta(UserCreationForm.Meta):
        fields = ["first_name", "last_name", "username"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs["autocomplete"] = "username"


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label="Reason for declining",
        choices=[(reason, reason) for reason in DECLINE_REASONS]
        + [(OTHER_REASON, "Another reason (write it below)")],
        widget=forms.RadioSelect,
        help_text="The asker is told this reason by email and on their questions page.",
    )
    other_reason = forms.CharField(
        label="Another reason",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only if you chose another reason. Up to 500 characters.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == OTHER_REASON:
            if not cleaned.get("other_reason", "").strip():
                self.add_error("other_reason", "Write the reason, or choose one of the others.")
            cleaned["decline_reason"] = cleaned.get("other_reason", "").strip()
        else:
            cleaned["decline_reason"] = cleaned.get("reason", "")
        return cleaned


class BulkModerationForm(DeclineForm):
    """Accept or decline several submitted questions at once."""

    ACCEPT, DECLINE = "accept", "decline"

    questions = RowChoiceField(
        queryset=Question.objects.none(),
        label="Questions",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one question."},
    )
    decision = forms.ChoiceField(
        label="What to do with the selected questions",
        choices=[(ACCEPT, "Accept them"), (DECLINE, "Decline them")],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = questions
        self.fields["reason"].required = False
        self.fields["reason"].help_text = "Only when declining. " + self.fields["reason"].help_text

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.DECLINE and not cleaned.get("reason"):
            self.add_error("reason", "Choose a reason for declining.")
        return cleaned


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Question.objects.none(),
        label="Merge into",
        help_text="The question that stays. Its asker and the asker of this one are told, "
        "and everyone's support carries over.",
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = targets
        self.fields["target"].label_from_instance = lambda q: f"{q.pk}: {q.text[:120]}"


class RewordForm(forms.Form):
    text = forms.CharField(
        label="Wording",
        max_length=Question.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"Up to {Question.MAX_LENGTH:,} characters. The original wording is kept "
        "in the question's history.",
    )
    note = forms.CharField(
        label="Why it was reworded",
        required=False,
        max_length=300,
        help_text="Optional. For example: shortened, or a name removed. Up to 300 characters.",
    )
    revision = RevisionField()


# Meetings ---------------------------------------------------------------------------------


class UKDateTimeField(forms.DateTimeField):
    """A date and time typed in UK local time (GMT or BST); Django stores it in UTC."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.ModelForm):
    starts_at = UKDateTimeField(label="Starts", help_text="UK time, for example 18:30.")
    ends_at = UKDateTimeField(label="Ends", required=False, help_text="UK time. Optional.")
    question_deadline = UKDateTimeField(
        help_text="UK time. Questions after this are marked late. No later than the start."
    )
    revision = RevisionField()

    class Meta:
        model = PanelMeeting
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "venue",
            "chair",
            "question_deadline",
            "max_questions_per_person",
            "max_questions_per_organisation",
            "criteria",
        ]
        labels = {
            "criteria": "Feedback criteria in use",
            "max_questions_per_person": "Most questions one person may ask",
            "max_questions_per_organisation": "Most questions one organisation may ask",
        }
        help_texts = {
            "title": "Up to 200 characters.",
            "venue": "Up to 255 characters.",
            "chair": "Name and role of the chair, up to 150 characters.",
            "max_questions_per_person": "Leave empty for no limit.",
            "max_questions_per_organisation": "Leave empty for no limit.",
        }
        widgets = {"criteria": forms.CheckboxSelectMultiple}
        field_classes = {"criteria": RowChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria"].queryset = FeedbackCriterion.objects.filter(is_active=True)
        self.fields["criteria"].required = False

    def clean(self):
        cleaned = super().clean()
        starts_at = cleaned.get("starts_at")
        if starts_at and cleaned.get("ends_at") and cleaned["ends_at"] <= starts_at:
            self.add_error("ends_at", "The meeting must end after it starts.")
        deadline = cleaned.get("question_deadline")
        if starts_at and deadline and deadline > starts_at:
            self.add_error("question_deadline", "The question deadline must be before the start.")
        return cleaned


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["kind", "plan", "title", "presenter", "minutes_allowed"]
        labels = {"kind": "Type of item", "plan": "Which plan", "minutes_allowed": "Minutes"}
        help_texts = {
            "plan": "For a district plan item. Only published plans not yet on this agenda.",
            "title": "Needed for a general item; optional for a plan. Up to 200 characters.",
            "presenter": "Who presents it, up to 150 characters.",
            "minutes_allowed": "Time allowed, in minutes.",
        }
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        on_agenda = meeting.agenda_items.filter(plan__isnull=False).values("plan")
        self.fields["plan"].queryset = (
            EngagementPlan.objects.published().exclude(pk__in=on_agenda).select_related("district")
        )
        self.fields["kind"].choices = AgendaItem.Kind.choices

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == AgendaItem.Kind.PLAN and not cleaned.get("plan"):
            self.add_error("plan", "Choose the district plan this item is for.")
        if kind == AgendaItem.Kind.GENERAL:
            cleaned["plan"] = None
            if not cleaned.get("title"):
                self.add_error("title", "Give the general item a title.")
        return cleaned


class AgendaItemEditForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "minutes_allowed"]
        labels = {"minutes_allowed": "Minutes"}
        help_texts = AgendaItemForm.Meta.help_texts

    def clean_title(self):
        title = self.cleaned_data["title"]
        if self.instance.kind == AgendaItem.Kind.GENERAL and not title:
            raise forms.ValidationError("Give the general item a title.")
        return title


class MeetingInvitationForm(forms.Form):
    organisations = RowChoiceField(
        queryset=CommunityOrganisation.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Organisations invited",
        help_text="Their representatives are put on the attendance register.",
    )


class AttendeeForm(forms.ModelForm):
    status = forms.ChoiceField(
        choices=[
            (Attendance.Status.APOLOGIES, "Sent apologies"),
            (Attendance.Status.INVITED, "Expected"),
            (Attendance.Status.PRESENT, "Present"),
        ],
        label="Status",
    )

    class Meta:
        model = Attendance
        fields = ["name", "organisation", "capacity", "status"]
        help_texts = {
            "name": "As it should appear in the minutes, up to 150 characters.",
            "capacity": "For example: guest speaker, observer. Up to 150 characters.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = CommunityOrganisation.objects.active()
        self.fields["organisation"].required = False


REGISTER_CHOICES = [
    (Attendance.Status.PRESENT, "Present"),
    (Attendance.Status.APOLOGIES, "Apologies"),
    (Attendance.Status.ABSENT, "Absent"),
    (Attendance.Status.INVITED, "Not marked"),
]


class AttendanceRegisterForm(forms.Form):
    """One set of radio buttons per person on the register."""

    def __init__(self, *args, attendees, **kwargs):
        super().__init__(*args, **kwargs)
        self.attendees = attendees
        for attendee in attendees:
            label = attendee.name + (f", {attendee.organisation}" if attendee.organisation else "")
            self.fields[f"person_{attendee.pk}"] = forms.ChoiceField(
                label=label,
                choices=REGISTER_CHOICES,
                initial=attendee.status,
                widget=forms.RadioSelect,
            )

    def rows(self):
        """(attendee, bound field) pairs, in register order."""
        return [(a, self[f"person_{a.pk}"]) for a in self.attendees]

    def statuses(self):
        return {a.pk: self.cleaned_data[f"person_{a.pk}"] for a in self.attendees}


class FloorQuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["text", "organisation"]
        labels = {"text": "Question from the floor", "organisation": "Asked on behalf of"}
        help_texts = {
            "text": f"Up to {Question.MAX_LENGTH} characters.",
            "organisation": "Leave empty for a question from the floor with no organisation.",
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = CommunityOrganisation.objects.active()
        self.fields["organisation"].required = False
        self.fields["organisation"].empty_label = "The floor (no organisation)"


class SpokenAnswerForm(forms.Form):
    spoken_answer = forms.CharField(
        label="Summary of the answer given",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="A sentence or two, up to 1,000 characters.",
    )


class AgreedActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["title", "district", "owner_name", "due_on"]
        labels = {"title": "Action agreed", "district": "District responsible"}
        help_texts = {
            "title": "Up to 255 characters.",
            "owner_name": "Who will do it, up to 150 characters.",
        }
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(is_active=True)
        if item.plan_id:
            self.fields["district"].initial = item.plan.district_id


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 24}),
        max_length=50000,
        help_text="Plain text, up to 50,000 characters. Saving an edit needs a fresh approval.",
    )
    revision = RevisionField()


class MeetingQuestionsForm(forms.Form):
    """Which agenda item's questions the public meeting page lists (a GET form)."""

    item = forms.TypedChoiceField(
        label="Show questions on",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": "Choose an agenda item from the list."},
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        # The meeting's own items, already fetched with their counts: checking a choice
        # costs no query, and a number from elsewhere is simply not on the list.
        self.fields["item"].choices = [("", "Every agenda item")] + [
            (item.pk, f"{item.heading} ({item.question_count})") for item in items
        ]


# Commissioner's office --------------------------------------------------------------------


def limit_length(field, limit):
    """Cap a model TextField's form field, which has no max_length of its own."""
    field.max_length = limit
    field.validators.append(MaxLengthValidator(limit))
    field.widget.attrs["maxlength"] = str(limit)


class OutcomeForm(forms.ModelForm):
    """The commissioner's office's verdict on one plan at one meeting."""

    revision = RevisionField()

    class Meta:
        model = ScrutinyOutcome
        fields = ["rating", "rationale", "findings"]
        widgets = {
            "rating": forms.RadioSelect,
            "rationale": forms.Textarea(attrs={"rows": 4}),
            "findings": forms.Textarea(attrs={"rows": 6}),
        }
        labels = {"rationale": "Why this rating", "findings": "Findings"}
        help_texts = {
            "rationale": "Required. The public reads this next to the rating. Up to 3,000 "
            "characters.",
            "findings": "What the panel found: strengths, gaps, what people raised. "
            "Up to 10,000 characters.",
        }
        error_messages = {
            "rating": {"required": "Choose a RAG rating."},
            "rationale": {"required": "Give the reason for this rating."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].required = True
        self.fields["rating"].choices = ScrutinyOutcome.Rating.choices
        self.fields["rationale"].required = True
        limit_length(self.fields["rationale"], 3000)
        limit_length(self.fields["findings"], 10000)

    def clean_rationale(self):
        rationale = self.cleaned_data["rationale"].strip()
        if not rationale:
            raise forms.ValidationError("Give the reason for this rating.")
        return rationale


class CorrectionForm(OutcomeForm):
    """Changing a published outcome: the note is shown publicly with the date."""

    note = forms.CharField(
        label="What was corrected and why",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="Shown publicly with today's date. Up to 1,000 characters.",
        error_messages={"required": "Say what was corrected and why."},
    )


class QuestionChoiceField(RowChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, question):
        asker = question.asker_label or "Asker not named"
        return f"{Truncator(question.text).chars(140)} ({asker})"


class FeedbackChoiceField(RowChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, feedback):
        missing = Truncator(feedback.what_is_missing or feedback.what_works).chars(120)
        return f"{feedback.organisation}: {missing}" if missing else str(feedback.organisation)


class RecommendationForm(forms.ModelForm):
    """A recommendation from an outcome, tied to the questions and feedback behind it."""

    revision = RevisionField()
    questions = QuestionChoiceField(
        queryset=Question.objects.none(),
        required=False,
        label="Questions it comes from",
        help_text="Tick every question that led to this recommendation.",
    )
    feedback = FeedbackChoiceField(
        queryset=Feedback.objects.none(),
        required=False,
        label="Feedback it comes from",
        help_text="Tick every piece of feedback that led to it.",
    )

    class Meta:
        model = Recommendation
        fields = ["text", "owner", "due_on", "questions", "feedback"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {"text": "Recommendation", "owner": "Owner district", "due_on": "Due date"}
        help_texts = {
            "text": "What the district should do, in plain words. Up to 2,000 characters.",
            "owner": "The district whose chief inspector must accept or reject it.",
            "due_on": "When it should be done. Today or later.",
        }
        error_messages = {
            "text": {"required": "Write the recommendation."},
            "due_on": {"required": "Give a due date.", "invalid": "Enter a real date."},
        }

    def __init__(self, *args, questions, feedback, needs_note=False, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["text"], 2000)
        self.fields["owner"].queryset = District.objects.filter(is_active=True)
        self.fields["owner"].empty_label = None
        self.fields["questions"].queryset = questions
        self.fields["feedback"].queryset = feedback
        if needs_note:
            self.fields["note"] = forms.CharField(
                label="What was corrected and why",
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=1000,
                help_text="This recommendation is published, so the change is shown publicly "
                "as a correction with today's date. Up to 1,000 characters.",
                error_messages={"required": "Say what was corrected and why."},
            )

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        unchanged = self.instance.pk and due_on == self.instance.due_on
        if not unchanged and due_on < timezone.localdate():
            raise forms.ValidationError("The due date cannot be in the past.")
        return due_on


class RecommendationReplyForm(forms.Form):
    """The chief inspector's answer to a recommendation, and the action that follows."""

    DECISIONS = [
        (Recommendation.Status.ACCEPTED, "Accept"),
        (Recommendation.Status.PARTLY_ACCEPTED, "Partly accept"),
        (Recommendation.Status.REJECTED, "Reject"),
    ]

    revision = RevisionField()
    decision = forms.ChoiceField(
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose accept, partly accept or reject."},
    )
    reason = forms.CharField(
        label="Your reasons",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required to reject or to partly accept; shown publicly once the outcome is "
        "published. Up to 3,000 characters.",
    )
    action_title = forms.CharField(
        label="Action the district will take",
        required=False,
        max_length=255,
        help_text="Required to accept or partly accept. Up to 255 characters.",
    )
    action_description = forms.CharField(
        label="More about the action (optional)",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Up to 3,000 characters.",
    )
    action_owner_name = forms.CharField(
        label="Named owner (optional)",
        required=False,
        max_length=150,
        help_text="The officer responsible, as the public should see it.",
    )
    action_due_on = forms.DateField(
        label="Action due date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Today or later.",
        error_messages={"invalid": "Enter a real date."},
    )

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision is None:
            return cleaned
        if decision != Recommendation.Status.ACCEPTED and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Give the reason for rejecting or only partly accepting.")
        if decision != Recommendation.Status.REJECTED:
            if not cleaned.get("action_title", "").strip():
                self.add_error("action_title", "Say what action the district will take.")
            due_on = cleaned.get("action_due_on")
            if due_on is None and "action_due_on" not in self.errors:
                self.add_error("action_due_on", "Give a due date for the action.")
            elif due_on is not None and due_on < timezone.localdate():
                self.add_error("action_due_on", "The due date cannot be in the past.")
        return cleaned

    def action_values(self):
        """The new action's fields, or None when the recommendation is rejected."""
        if self.cleaned_data["decision"] == Recommendation.Status.REJECTED:
            return None
        return {
            "title": self.cleaned_data["action_title"].strip(),
            "description": self.cleaned_data["action_description"].strip(),
            "owner_name": self.cleaned_data["action_owner_name"].strip(),
            "due_on": self.cleaned_data["action_due_on"],
        }


class ReportFilterForm(forms.Form):
    """Narrow the dashboard, coverage view and exports to one district or one meeting."""

    district = forms.ModelChoiceField(
        queryset=District.objects.filter(is_active=True),
        required=False,
        empty_label="All districts",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    meeting = forms.ModelChoiceField(
        queryset=PanelMeeting.objects.order_by("-starts_at"),
        required=False,
        empty_label="All meetings",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meetings is not None:
            self.fields["meeting"].queryset = meetings

    @property
    def filters(self):
        """The chosen district and meeting (None for 'all'), ignoring anything invalid."""
        if not self.is_valid():
            return None, None
        return self.cleaned_data["district"], self.cleaned_data["meeting"]


@dataclass(frozen=True)
class FilterOffer:
    """What the dashboard filter offers, worked out once from the meetings and districts:
    the same for every visit until a record changes or the day does."""

    meetings: dict
    districts: dict
    periods: dict
    period_choices: list
    district_choices: list
    meeting_choices: list

    @classmethod
    def of(cls, meetings, districts, today=None):
        periods = {
            period.slug: period
            for period in dashboard_periods.periods([m.starts_at for m in meetings], today)
        }
        newest_first = sorted(meetings, key=lambda meeting: meeting.starts_at, reverse=True)
        return cls(
            meetings={meeting.pk: meeting for meeting in meetings},
            districts={district.pk: district for district in districts},
            periods=periods,
            period_choices=[(slug, period.label) for slug, period in periods.items()],
            district_choices=[("", "All districts")]
            + [(district.pk, district.name) for district in districts if district.is_active],
            meeting_choices=[("", "Every meeting in the period")]
            + [(meeting.pk, str(meeting)) for meeting in newest_first],
        )


class DashboardFilterForm(forms.Form):
    """Choose the period, district or single meeting a dashboard or the coverage view is about.

    Built from what the view offers (`FilterOffer`), so it costs no queries.
    """

    period = forms.ChoiceField(
        label="Period",
        required=False,  # left out of the address, it is the default (see __init__)
        error_messages={"invalid_choice": "Choose one of the periods in the list."},
    )
    district = forms.TypedChoiceField(
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Choose one of the districts in the list."},
    )
    meeting = forms.TypedChoiceField(
        coerce=int,
        empty_value=None,
        required=False,
        label="One meeting",
        help_text="A meeting chosen here is shown on its own, whatever the period.",
        error_messages={"invalid_choice": "Choose one of the meetings in the list."},
    )

    def __init__(self, data, *, offer):
        if not data.get("period"):
            data = data.copy()
            data["period"] = dashboard_periods.DEFAULT_PERIOD
        super().__init__(data)
        self.meetings, self.districts, self.periods = offer.meetings, offer.districts, offer.periods
        self.fields["period"].choices = offer.period_choices
        self.fields["district"].choices = offer.district_choices
        self.fields["meeting"].choices = offer.meeting_choices

    @cached_property
    def scope(self):
        """What the page should show, or None when the choices need fixing first."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return dashboard_periods.scope_for(
            list(self.meetings.values()),
            self.districts,
            period=self.periods[data["period"]],
            meeting=self.meetings.get(data["meeting"]),
            district=self.districts.get(data["district"]),
        )
