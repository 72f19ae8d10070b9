"""Chief inspectors: their district home, plans and versions (questions and actions: followup)."""

from functools import cache

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Max, Q, Value, When
from django.shortcuts import redirect, render
from django.utils import timezone

from .. import services
from ..forms import PlanForm, PlanVersionForm, SubmitVersionForm
from ..models import (
    Action,
    AgendaItem,
    District,
    EngagementPlan,
    PlanVersion,
    Question,
    SectionTemplate,
    roles_of,
)
from ..page_cache import fragment_keys
from ..permissions import (
    can_edit_plan,
    get_plan_for,
    get_version_for,
    is_chief_inspector,
    role_required,
)
from ..person_cache import remembered

STALE_EDIT = (
    "Someone else changed this since you opened it. Their saved text is shown next to what "
    "you typed, which is kept in the form: combine the two, then save again."
)
PAGE_SIZE = 20
HOME_LIST_SIZE = 5


def add_service_errors(form, error):
    """Show a service's refusal as form errors, keeping everything the person typed."""
    for message in error.messages:
        form.add_error(None, message)


def accept_stale_edit(form, current):
    """Let the next save go through, now that the person has seen the other text."""
    form.data = form.data.copy()
    form.data["revision"] = current.revision
    form.add_error(None, STALE_EDIT)


# What a district's question lists show of each question, beyond the question itself.
DISTRICT_QUESTION_RELATED = (
    "agenda_item__meeting",
    "agenda_item__plan__district",
    "section",
    "organisation",
    "asked_by__profile",
)


def district_questions_queryset(district_ids):
    """The accepted questions on these districts' plans. Their chief inspector may see every
    one, so no visibility filter is needed (its OR of four tests made the joins slow to plan).
    """
    return Question.objects.accepted().filter(agenda_item__plan__district_id__in=district_ids)


def open_actions_first(actions):
    """Overdue actions first, then the rest still open, then finished ones; by due date."""
    today = timezone.localdate()
    still_open = Q(status__in=[Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS])
    return actions.annotate(
        urgency=Case(
            When(still_open & Q(due_on__lt=today), then=Value(0)),
            When(still_open, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("urgency", "due_on", "pk")


@role_required(is_chief_inspector)
def district_home(request):
    district_ids = roles_of(request.user).district_ids
    districts = District.objects.filter(pk__in=district_ids)
    upcoming_items = (
        AgendaItem.objects.filter(
            plan__district_id__in=district_ids, meeting__starts_at__gte=timezone.now()
        )
        .select_related("meeting", "plan__district", "plan_version")
        .order_by("meeting__starts_at")[:HOME_LIST_SIZE]
    )
    page_number = request.GET.get("page", "")
    # The plans, questions and actions are the same for every chief inspector of these
    # districts until a record changes, or the day changes (what is overdue): drawn once
    # and kept. Each list is read only when it is drawn (the template calls for it).
    lists = (",".join(map(str, sorted(district_ids))), page_number, timezone.localdate())
    return render(
        request,
        "engagement/district_home.html",
        {
            "districts": districts,
            "upcoming_items": upcoming_items,
            **district_lists(district_ids, page_number),
            **fragment_keys("district-home", lists=lists),
        },
    )


def district_lists(district_ids, page_number):
    """The district home's lists, each a callable read once, when the template draws it."""
    plans = (
        EngagementPlan.objects.filter(district_id__in=district_ids)
        .select_related("district")
        .annotate(latest_version=Max("versions__number"))
        .order_by("-period_start", "district__name")
    )
    awaiting = district_questions_queryset(district_ids).awaiting_response()
    actions = Action.objects.filter(district_id__in=district_ids).open()

    def oldest_waiting():
        # Sorted and cut on the question rows alone; only those few are joined and read in
        # full. (As a list: PostgreSQL plans an IN (... LIMIT) subquery here as a scan of
        # every question.)
        oldest = awaiting.order_by("created_at", "pk").values_list("pk", flat=True)
        return list(
            Question.objects.filter(pk__in=list(oldest[:HOME_LIST_SIZE]))
            .select_related(*DISTRICT_QUESTION_RELATED)
            .order_by("created_at", "pk")
        )

    return {
        # A few at a time, newest first, like the other lists here; older ones page on.
        "plans": cache(lambda: Paginator(plans, HOME_LIST_SIZE).get_page(page_number)),
        "awaiting_count": cache(awaiting.count),
        "awaiting": cache(oldest_waiting),
        "overdue_count": cache(actions.overdue().count),
        "actions": cache(lambda: list(open_actions_first(actions)[:HOME_LIST_SIZE])),
    }


@role_required(is_chief_inspector)
def plan_create(request):
    districts = District.objects.filter(pk__in=roles_of(request.user).district_ids)
    form = PlanForm(request.POST if request.method == "POST" else None, districts=districts)
    if request.method == "POST" and form.is_valid():
        plan = services.create_plan(
            district=form.chosen_district(),
            title=form.cleaned_data["title"],
            period_start=form.cleaned_data["period_start"],
            period_end=form.cleaned_data["period_end"],
            by=request.user,
        )
        messages.success(request, "Plan created. Now add its first version.")
        return redirect("engagement:plan_version_create", plan.pk)
    return render(request, "engagement/plan_form.html", {"form": form})


def plan_edit(request, pk):
    plan = get_plan_for(request.user, pk)
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied
    form = PlanForm(
        request.POST if request.method == "POST" else None,
        instance=plan,
        districts=[plan.district],
        initial={"revision": plan.revision},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in PlanForm.Meta.fields}
        try:
            services.edit_plan(
                plan=plan,
                expected_revision=form.cleaned_data["revision"],
                values=values,
                by=request.user,
            )
        except services.StaleEdit as stale:
            conflict = stale.current
            accept_stale_edit(form, conflict)
        else:
            messages.success(request, "Plan details saved.")
            return redirect(plan)
    return render(
        request, "engagement/plan_form.html", {"form": form, "plan": plan, "conflict": conflict}
    )


def editable_plan(request, pk, number=None):
    """The plan (and one version) for its district to change: 404 if unseen, 403 if read-only."""
    plan = get_plan_for(request.user, pk, to_read=request.method == "GET")
    version = get_version_for(request.user, plan, number) if number is not None else None
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied
    return plan, version


def active_templates():
    return SectionTemplate.objects.filter(is_active=True)


def section_rows(form, conflict=None):
    """(section field, the other person's saved text) pairs, for the version form."""
    theirs = (
        {section.template_id: section.body for section in conflict.sections.all()}
        if conflict
        else {}
    )
    return [
        (form[form.section_field(template)], theirs.get(template.pk, ""))
        for template in form.templates
    ]


def new_version_start(plan):
    """The plan's draft, if it has one; else its latest version and the text a new version
    starts from (so only what changed is typed), and the sections to fill in."""
    draft = plan.versions.filter(status=PlanVersion.Status.DRAFT).first()
    if draft:
        return draft, None, {}, []
    previous = plan.versions.order_by("-number").first()
    initial = {}
    if previous:
        for section in previous.sections.select_related("template"):
            initial[f"section_{section.template.slug}"] = section.body
    return None, previous, initial, list(active_templates())


def plan_version_create(request, pk):
    plan, _ = editable_plan(request, pk)
    draft, previous, initial, templates = remembered(
        f"new-version:{plan.pk}", lambda: new_version_start(plan), keep=request.method == "GET"
    )
    if draft:
        messages.info(request, f"Version {draft.number} is still a draft: carry on with it here.")
        return redirect("engagement:plan_version_edit", plan.pk, draft.number)
    form = PlanVersionForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        templates=templates,
        initial=initial,
        current_document=previous.document_name if previous else "",
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.save_plan_version(
                plan=plan,
                sections=form.sections(),
                change_summary=form.cleaned_data["change_summary"],
                document=form.cleaned_data["document"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Version {version.number} saved as a draft.")
            return redirect(version)
    return render(
        request,
        "engagement/plan_version_form.html",
        {
            "form": form,
            "plan": plan,
            "previous": previous,
            "section_rows": section_rows(form),
            **fragment_keys("plan-version", form=(request.user.pk, plan.pk, "new")),
        },
    )


def plan_version_edit(request, pk, number):
    plan, version = editable_plan(request, pk, number)
    if version.is_frozen:
        messages.error(request, f"Version {number} has been submitted and can no longer change.")
        return redirect(version)
    templates = active_templates()
    saved = {section.template_id: section.body for section in version.sections.all()}
    initial = {
        "change_summary": version.change_summary,
        "revision": version.revision,
        **{f"section_{t.slug}": saved.get(t.pk, "") for t in templates},
    }
    form = PlanVersionForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        templates=templates,
        initial=initial,
        current_document=version.document_name,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            version = services.save_plan_version(
                plan=plan,
                version=version,
                expected_revision=form.cleaned_data["revision"],
                sections=form.sections(),
                change_summary=form.cleaned_data["change_summary"],
                document=form.cleaned_data["document"],
                by=request.user,
            )
        except services.StaleEdit as stale:
            conflict = stale.current
            accept_stale_edit(form, conflict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Version {version.number} saved as a draft.")
            return redirect(version)
    return render(
        request,
        "engagement/plan_version_form.html",
        {
            "form": form,
            "plan": plan,
            "version": version,
            "conflict": conflict,
            "section_rows": section_rows(form, conflict),
            **fragment_keys("plan-version", form=(request.user.pk, plan.pk, version.pk)),
        },
    )


def plan_version_submit(request, pk, number):
    plan, version = editable_plan(request, pk, number)
    if version.is_frozen:
        messages.error(request, f"Version {number} has already been submitted.")
        return redirect(version)
    agenda_items = (
        AgendaItem.objects.filter(plan=plan, meeting__starts_at__gte=timezone.now())
        .select_related("meeting")
        .order_by("meeting__starts_at")
    )
    form = SubmitVersionForm(
        request.POST if request.method == "POST" else None, agenda_items=agenda_items
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_plan_version(
                version=version, agenda_item=form.cleaned_data["agenda_item"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Version {number} submitted. It is now published and can no longer change.",
            )
            return redirect(version)
    return render(
        request,
        "engagement/plan_version_confirm_submit.html",
        {
            "form": form,
            "plan": plan,
            "version": version,
            "problems": services.missing_for_submission(version),
        },
    )
