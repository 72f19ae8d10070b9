from django.urls import path

from .views import commissioner, districts, public, representatives, roles, secretariat

app_name = "engagement"

urlpatterns = [
    # Public
    path("", public.home, name="home"),
    path("home/", roles.role_home, name="role_home"),
    # Chief inspectors, plans and documents
    path("district/", districts.district_home, name="district_home"),
    # Community representatives
    path("representative/", representatives.representative_home, name="representative_home"),
    # Secretariat
    path("secretariat/", secretariat.secretariat_home, name="secretariat_home"),
    # Commissioner's office
    path("commissioner/", commissioner.commissioner_home, name="commissioner_home"),
]

# Operations (after the list and imported here, so other areas' edits above merge cleanly)
from engagement.views import operations  # noqa: E402

urlpatterns += [
    path("healthz", operations.healthz, name="healthz"),
    path("bench/trivial/", operations.bench_trivial, name="bench_trivial"),
]
