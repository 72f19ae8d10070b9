"""The commissioner's office: outcomes, recommendations, publication, dashboards, exports."""

from django.shortcuts import render

from ..models import PanelMeeting
from ..permissions import is_commissioners_office, role_required


@role_required(is_commissioners_office)
def commissioner_home(request):
    meetings = PanelMeeting.objects.past()[:5]
    return render(request, "engagement/commissioner_home.html", {"meetings": meetings})
