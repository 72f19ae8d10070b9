from django.urls import path

from .views import (
    accountability,
    commissioner,
    districts,
    public,
    recommendations,
    reports,
    representatives,
    roles,
    secretariat,
)

app_name = "engagement"

urlpatterns = [
    # Public
    path("", public.home, name="home"),
    path("home/", roles.role_home, name="role_home"),
    # Public: you said, we did
    path("you-said-we-did/", accountability.you_said_we_did, name="you_said_we_did"),
    path("districts/<slug:slug>/", accountability.district_detail, name="district_detail"),
    path(
        "meetings/<int:pk>/you-said-we-did/",
        accountability.meeting_you_said_we_did,
        name="meeting_you_said_we_did",
    ),
    path("questions/<int:pk>/", accountability.question_detail, name="question_detail"),
    path("outcomes/<int:pk>/", accountability.outcome_detail, name="outcome_detail"),
    path(
        "recommendations/<int:pk>/",
        accountability.recommendation_detail,
        name="recommendation_detail",
    ),
    path("actions/<int:pk>/", accountability.action_detail, name="action_detail"),
    path("dashboard/", accountability.public_dashboard, name="public_dashboard"),
    # Chief inspectors, plans and documents
    path("district/", districts.district_home, name="district_home"),
    # Community representatives
    path("representative/", representatives.representative_home, name="representative_home"),
    # Secretariat
    path("secretariat/", secretariat.secretariat_home, name="secretariat_home"),
    # Commissioner's office
    path("commissioner/", commissioner.commissioner_home, name="commissioner_home"),
    path(
        "commissioner/meetings/<int:pk>/review/",
        commissioner.meeting_review,
        name="meeting_review",
    ),
    path(
        "commissioner/meetings/<int:pk>/report/",
        reports.meeting_outcome_report,
        name="meeting_outcome_report",
    ),
    path(
        "commissioner/items/<int:pk>/outcome/", commissioner.outcome_record, name="outcome_record"
    ),
    path(
        "commissioner/outcomes/<int:pk>/publish/",
        commissioner.outcome_publish,
        name="outcome_publish",
    ),
    path(
        "commissioner/outcomes/<int:pk>/correct/",
        commissioner.outcome_correct,
        name="outcome_correct",
    ),
    path(
        "commissioner/outcomes/<int:pk>/recommendations/new/",
        commissioner.recommendation_create,
        name="recommendation_create",
    ),
    path(
        "commissioner/recommendations/<int:pk>/edit/",
        commissioner.recommendation_edit,
        name="recommendation_edit",
    ),
    path(
        "commissioner/recommendations/<int:pk>/done/",
        commissioner.recommendation_done,
        name="recommendation_done",
    ),
    path("commissioner/dashboard/", reports.dashboard, name="dashboard"),
    path("commissioner/coverage/", reports.coverage, name="coverage"),
    path("commissioner/exports/", reports.export_list, name="export_list"),
    path("commissioner/exports/<slug:kind>.csv", reports.export_csv, name="export_csv"),
    # Commissioner's office: recommendations replied to by chief inspectors
    path(
        "district/recommendations/",
        recommendations.recommendation_list,
        name="recommendation_list",
    ),
    path(
        "recommendations/<int:pk>/reply/",
        recommendations.recommendation_reply,
        name="recommendation_reply",
    ),
]
