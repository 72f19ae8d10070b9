"""Community representatives: questions, feedback and upvotes."""

from django.shortcuts import render

from ..models import CommunityOrganisation, roles_of
from ..permissions import is_representative, role_required


@role_required(is_representative)
def representative_home(request):
    organisations = CommunityOrganisation.objects.filter(
        pk__in=roles_of(request.user).organisation_ids
    ).select_related("sector")
    return render(request, "engagement/representative_home.html", {"organisations": organisations})
