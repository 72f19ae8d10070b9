from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Engagement Panel administration"
admin.site.site_title = "Engagement Panel admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("engagement.urls")),
]
