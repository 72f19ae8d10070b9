"""Forms, each rendered with crispy. Explicit field lists, never "__all__"."""

from django import forms

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
