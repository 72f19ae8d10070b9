from django.urls import path

from .views import (
    commissioner,
    districts,
    invitations,
    moderation,
    public,
    representatives,
    roles,
    secretariat,
)

app_name = "engagement"

urlpatterns = [
    # Public
    path("", public.home, name="home"),
    path("home/", roles.role_home, name="role_home"),
    # Chief inspectors, plans and documents
    path("district/", districts.district_home, name="district_home"),
    # Community representatives
    # Community representatives, invitations and moderation
    path("representative/", representatives.representative_home, name="representative_home"),
    path("representative/questions/", representatives.my_questions, name="my_questions"),
    path(
        "representative/join/",
        representatives.membership_request_create,
        name="membership_request_create",
    ),
    path("profile/", representatives.profile_edit, name="profile_edit"),
    path("agenda/<int:pk>/", representatives.agenda_item_detail, name="agenda_item_detail"),
    path("agenda/<int:pk>/ask/", representatives.question_create, name="question_create"),
    path(
        "agenda/<int:pk>/feedback/<int:organisation_pk>/",
        representatives.feedback_edit,
        name="feedback_edit",
    ),
    path("questions/<int:pk>/edit/", representatives.question_edit, name="question_edit"),
    path(
        "questions/<int:pk>/withdraw/",
        representatives.question_withdraw,
        name="question_withdraw",
    ),
    path("questions/<int:pk>/support/", representatives.question_upvote, name="question_upvote"),
    path("invitation/<str:token>/", invitations.invitation_accept, name="invitation_accept"),
    path("secretariat/moderation/", moderation.moderation_index, name="moderation_index"),
    path(
        "secretariat/meetings/<int:pk>/moderation/",
        moderation.moderation_queue,
        name="moderation_queue",
    ),
    path(
        "secretariat/questions/<int:pk>/moderate/",
        moderation.question_moderate,
        name="question_moderate",
    ),
    path("secretariat/invitations/", moderation.invitation_list, name="invitation_list"),
    path(
        "secretariat/invitations/<int:pk>/revoke/",
        moderation.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "secretariat/join-requests/",
        moderation.membership_request_list,
        name="membership_request_list",
    ),
    path(
        "secretariat/join-requests/<int:pk>/decide/",
        moderation.membership_request_decide,
        name="membership_request_decide",
    ),
    # Secretariat
    path("secretariat/", secretariat.secretariat_home, name="secretariat_home"),
    # Commissioner's office
    path("commissioner/", commissioner.commissioner_home, name="commissioner_home"),
]
