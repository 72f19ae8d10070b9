"""Plans as readers see them: a plan, one version, and what changed between two versions.

Published plans are public; drafts only reach their district, the secretariat and admins
(everyone else gets a 404), as `visible_to` decides.
"""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import render

from ..forms import CompareVersionsForm
from ..models import AgendaItem, PlanSection, PlanVersion
from ..page_cache import public_page
from ..permissions import can_edit_plan, get_plan_for, get_version_for
from ..plan_diff import compare_sections

HISTORY_PAGE_SIZE = 20


def sections_of(version):
    return PlanSection.objects.filter(version=version).select_related("template")


@login_not_required
@public_page
def plan_detail(request, pk):
    plan = get_plan_for(request.user, pk)
    versions = PlanVersion.objects.visible_to(request.user).filter(plan=plan)
    current = versions.submitted().order_by("-number").first()
    can_edit = can_edit_plan(request.user, plan)
    # Only the district works on a draft, so only it needs to look for one.
    draft = versions.filter(status=PlanVersion.Status.DRAFT).first() if can_edit else None
    agenda_items = (
        AgendaItem.objects.filter(plan=plan)
        .select_related("meeting", "plan_version")
        .order_by("-meeting__starts_at")
    )
    history = Paginator(versions.order_by("-number"), HISTORY_PAGE_SIZE)
    return render(
        request,
        "engagement/plan_detail.html",
        {
            "plan": plan,
            "current": current,
            "sections": sections_of(current) if current else [],
            "draft": draft,
            "agenda_items": agenda_items,
            "versions": history.get_page(request.GET.get("page")),
            "can_compare": history.count > 1,
            "can_edit": can_edit,
        },
    )


@login_not_required
@public_page
def plan_version_detail(request, pk, number):
    plan = get_plan_for(request.user, pk)
    version = get_version_for(request.user, plan, number)
    can_edit = can_edit_plan(request.user, plan)
    return render(
        request,
        "engagement/plan_version_detail.html",
        {
            "plan": plan,
            "version": version,
            "sections": sections_of(version),
            "agenda_items": version.agenda_items.select_related("meeting"),
            "has_earlier": version.number > 1,
            "can_edit": can_edit and not version.is_frozen,
        },
    )


@login_not_required
@public_page
def plan_compare(request, pk):
    plan = get_plan_for(request.user, pk)
    versions = list(
        PlanVersion.objects.visible_to(request.user).filter(plan=plan).order_by("number")
    )
    context = {"plan": plan, "versions": versions, "changes": None}
    if len(versions) < 2:
        return render(request, "engagement/plan_compare.html", context)
    by_number = {version.number: version for version in versions}
    defaults = {"old": versions[-2].number, "new": versions[-1].number}
    if "old" in request.GET or "new" in request.GET:
        form = CompareVersionsForm(request.GET, versions=versions)
        chosen = (form.cleaned_data["old"], form.cleaned_data["new"]) if form.is_valid() else None
    else:
        form = CompareVersionsForm(initial=defaults, versions=versions)
        chosen = (defaults["old"], defaults["new"])
    context["form"] = form
    if chosen:
        # The earlier version is always the starting point, whichever way round they were picked.
        old, new = (by_number[number] for number in sorted(chosen))
        context.update(
            old=old,
            new=new,
            changes=compare_sections(sections_of(old), sections_of(new)),
        )
    return render(request, "engagement/plan_compare.html", context)
