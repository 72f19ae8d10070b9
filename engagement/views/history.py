"""The change history of the accountability chain, for the commissioner's office and admins.

Two sources side by side: ChangeRecords written by services (who did which workflow step)
and simple-history's field-level records of every save, admin edits included.
"""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from ..models import (
    Action,
    ChangeRecord,
    EngagementPlan,
    Membership,
    PlanVersion,
    Question,
    QuestionResponse,
    Recommendation,
    ScrutinyOutcome,
)
from ..permissions import is_commissioners_office, role_required

# The kinds of record whose history is shown, by the name used in URLs.
KINDS = {
    "plan": EngagementPlan,
    "version": PlanVersion,
    "question": Question,
    "response": QuestionResponse,
    "outcome": ScrutinyOutcome,
    "recommendation": Recommendation,
    "action": Action,
    "membership": Membership,
}
KIND_OF_MODEL = {model._meta.model_name: kind for kind, model in KINDS.items()}
PAGE_SIZE = 50


class HistoryFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of record",
        required=False,
        choices=[("", "All kinds")]
        + [(kind, model._meta.verbose_name.capitalize()) for kind, model in KINDS.items()],
    )
    record = forms.IntegerField(
        label="Record number", required=False, min_value=1, help_text="Needs a kind of record."
    )
    action = forms.CharField(
        label="Action contains", required=False, max_length=60, help_text="For example: accepted"
    )
    person = forms.CharField(
        label="Done by (username)", required=False, max_length=150, help_text="Part of it is fine"
    )
    since = forms.DateField(
        label="On or after", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="On or before", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def filtered_records(form):
    records = ChangeRecord.objects.select_related("actor", "content_type")
    types = ContentType.objects.get_for_models(*KINDS.values())
    if not form.is_valid():
        return records.none()
    data = form.cleaned_data
    if data["kind"]:
        records = records.filter(content_type=types[KINDS[data["kind"]]])
        if data["record"]:
            records = records.filter(object_id=data["record"])
    else:
        records = records.filter(content_type__in=types.values())
    if data["action"]:
        records = records.filter(action__icontains=data["action"])
    if data["person"]:
        records = records.filter(actor__username__icontains=data["person"])
    if data["since"]:
        records = records.filter(at__date__gte=data["since"])
    if data["until"]:
        records = records.filter(at__date__lte=data["until"])
    return records


def latest_saves(kind=None, limit=20):
    """(kind, historical row) of the newest saves, from every kind or one: a query per kind.

    Rows made outside the services (the admin, imports, the demo) show up here too.
    """
    saves = []
    for name in [kind] if kind else KINDS:
        newest = KINDS[name].history.select_related("history_user").order_by("-history_date")
        saves.extend((name, version) for version in newest[:limit])
    saves.sort(key=lambda save: save[1].history_date, reverse=True)
    return saves[:limit]


@role_required(is_commissioners_office)
def history_list(request):
    form = HistoryFilterForm(request.GET)
    page = Paginator(filtered_records(form), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(record, KIND_OF_MODEL.get(record.content_type.model)) for record in page]
    kind = form.cleaned_data.get("kind") if form.is_valid() else None
    context = {
        "filter_form": form,
        "page": page,
        "rows": rows,
        "saves": latest_saves(kind or None),
        "kinds": {name: model._meta.verbose_name for name, model in KINDS.items()},
    }
    return render(request, "engagement/history_list.html", context)


def field_changes(model, versions):
    """(version, [(field label, old, new)]) for each saved version, newest first."""
    labels = {field.name: field.verbose_name for field in model._meta.fields}
    m2m = [field.name for field in model._meta.many_to_many]
    described = []
    for newer, older in zip(versions, [*versions[1:], None], strict=True):
        if older is None:
            changes = []
        else:
            delta = newer.diff_against(older, excluded_fields=m2m)
            changes = [(labels.get(c.field, c.field), c.old, c.new) for c in delta.changes]
        described.append((newer, changes))
    return described


@role_required(is_commissioners_office)
def object_history(request, kind, pk):
    model = KINDS.get(kind)
    if model is None:
        raise Http404("No such kind of record")
    subject = get_object_or_404(model, pk=pk)
    records = ChangeRecord.objects.for_object(subject).select_related("actor")[:PAGE_SIZE]
    # One more than shown, so the oldest shown version can still be compared.
    versions = list(
        subject.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : PAGE_SIZE + 1
        ]
    )
    saves = field_changes(model, versions)[:PAGE_SIZE]
    context = {"subject": subject, "kind": kind, "records": records, "saves": saves}
    return render(request, "engagement/history_detail.html", context)
