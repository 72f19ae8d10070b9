"""Forms, each rendered with crispy. Explicit field lists, never "__all__"."""

import uuid

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.template.defaultfilters import filesizeformat, pluralize
from django.utils import formats, timezone

from .models import (
    Action,
    CommunityOrganisation,
    District,
    EngagementPlan,
    FeedbackRating,
    Invitation,
    Profile,
    ProgressUpdate,
    Question,
    QuestionResponse,
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

    organisation = forms.ModelChoiceField(
        queryset=CommunityOrganisation.objects.none(),
        label="On behalf of",
        empty_label=None,
    )
    section = forms.ModelChoiceField(
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
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = question_rules(agenda_item.meeting)
        self.fields["section"].queryset = sections
        if editing:
            # The organisation is fixed once asked; the key only guards a first submission.
            del self.fields["organisation"]
            del self.fields["submission_key"]
        else:
            del self.fields["revision"]
            self.fields["organisation"].queryset = organisations
            self.fields["submission_key"].initial = uuid.uuid4()
        if not sections.exists():
            del self.fields["section"]


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

    questions = forms.ModelMultipleChoiceField(
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


# Commissioner's office --------------------------------------------------------------------
