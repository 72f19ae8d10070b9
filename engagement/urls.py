from django.urls import path

from .views import public, roles

app_name = "engagement"

urlpatterns = [
    path("", public.home, name="home"),
    path("home/", roles.role_home, name="role_home"),
]
