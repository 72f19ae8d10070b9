"""Forms, each rendered with crispy. Explicit field lists, never "__all__"."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from .models import Action, District, EngagementPlan, ProgressUpdate, QuestionResponse
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


# Meetings ---------------------------------------------------------------------------------


# Commissioner's office --------------------------------------------------------------------
