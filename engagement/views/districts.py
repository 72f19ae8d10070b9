"""Chief inspectors: their district's plans, versions, responses and progress."""

from django.shortcuts import render

from ..models import District, roles_of
from ..permissions import is_chief_inspector, role_required


@role_required(is_chief_inspector)
def district_home(request):
    districts = District.objects.filter(pk__in=roles_of(request.user).district_ids)
    return render(request, "engagement/district_home.html", {"districts": districts})
