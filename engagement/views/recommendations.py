"""Chief inspectors reply to the recommendations made to their district.

Accept, partly accept or reject (with a reason) within the reply period the settings give
(RECOMMENDATION_RESPONSE_DAYS, recorded on each recommendation as reply_due_on). Accepting
creates the action the district will report progress on.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render

from .. import services
from ..forms import RecommendationReplyForm
from ..models import Recommendation, roles_of
from ..permissions import (
    can_reply_to_recommendation,
    get_recommendation_for,
    is_chief_inspector,
    role_required,
)
from .commissioner import stale_fields
from .districts import accept_stale_edit, add_service_errors

PER_PAGE = 20


@role_required(is_chief_inspector)
def recommendation_list(request):
    """Recommendations to the chief inspector's districts, those awaiting a reply first."""
    recommendations = (
        Recommendation.objects.filter(owner_id__in=roles_of(request.user).district_ids)
        .select_related("owner", "outcome__meeting")
        .annotate(
            waiting=Case(
                When(status=Recommendation.Status.OPEN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("waiting", "reply_due_on", "due_on", "pk")
    )
    page = Paginator(recommendations, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "engagement/recommendation_list.html",
        {"page": page, "recommendations": page.object_list},
    )


@role_required(is_chief_inspector)
def recommendation_reply(request, pk):
    """Accept (creating an action), partly accept or reject a recommendation."""
    recommendation = get_recommendation_for(request.user, pk)
    if not can_reply_to_recommendation(request.user, recommendation):
        raise PermissionDenied
    if not recommendation.is_awaiting_reply:
        messages.info(request, "Your district has already replied to this recommendation.")
        return redirect(recommendation)
    form = RecommendationReplyForm(
        request.POST if request.method == "POST" else None,
        initial={"revision": recommendation.revision, "action_due_on": recommendation.due_on},
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_to_recommendation(
                recommendation=recommendation,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                action=form.action_values(),
                expected_revision=form.cleaned_data["revision"],
                by=request.user,
            )
        except services.StaleEdit as error:
            stale = error.current
            accept_stale_edit(form, stale)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            recommendation.refresh_from_db()
            messages.success(
                request,
                f"Thank you: your reply is recorded ({recommendation.get_status_display()}).",
            )
            return redirect(recommendation)
    return render(
        request,
        "engagement/recommendation_reply.html",
        {
            "form": form,
            "recommendation": recommendation,
            "stale": stale,
            "stale_fields": stale and stale_fields(stale, ["status", "reply"]),
            "response_days": settings.RECOMMENDATION_RESPONSE_DAYS,
        },
    )
