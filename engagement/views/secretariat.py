"""The panel secretariat: meetings, agendas, invitations, moderation and minutes."""

from django.shortcuts import render

from ..models import PanelMeeting
from ..permissions import is_secretariat, role_required


@role_required(is_secretariat)
def secretariat_home(request):
    meetings = PanelMeeting.objects.upcoming()[:5]
    return render(request, "engagement/secretariat_home.html", {"meetings": meetings})
