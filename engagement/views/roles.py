from django.shortcuts import render


def role_home(request):
    return render(request, "engagement/role_home.html", {})
