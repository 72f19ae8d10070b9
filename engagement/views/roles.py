"""Where a person lands after signing in: the home page of their role."""

from django.shortcuts import redirect, render
from django.urls import reverse

from ..models import roles_of


def role_homes(user):
    """(label, url) of each role home the user may open, in a stable order."""
    roles = roles_of(user)
    homes = []
    if roles.is_chief_inspector:
        homes.append(("District home", reverse("engagement:district_home")))
    if roles.is_representative:
        homes.append(("Representative home", reverse("engagement:representative_home")))
    if roles.sees_everything:
        homes.append(("Secretariat home", reverse("engagement:secretariat_home")))
    if roles.is_commissioners_office or roles.is_admin:
        homes.append(("Commissioner's office home", reverse("engagement:commissioner_home")))
    return homes


def role_home(request):
    homes = role_homes(request.user)
    if len(homes) == 1:
        return redirect(homes[0][1])
    return render(request, "engagement/role_home.html", {"homes": homes})
