"""Forms, each rendered with crispy. Explicit field lists, never "__all__"."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.text import Truncator

from .models import District, Feedback, PanelMeeting, Question, Recommendation, ScrutinyOutcome
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


# Community representatives and moderation -------------------------------------------------


# Meetings ---------------------------------------------------------------------------------


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


class QuestionChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, question):
        asker = question.asker_label or "Asker not named"
        return f"{Truncator(question.text).chars(140)} ({asker})"


class FeedbackChoiceField(forms.ModelMultipleChoiceField):
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
