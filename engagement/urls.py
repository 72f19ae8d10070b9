from django.urls import path

from .views import (
    account,
    commissioner,
    districts,
    files,
    followup,
    history,
    invitations,
    moderation,
    plans,
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
    path("district/questions/", followup.district_questions, name="district_questions"),
    path("district/actions/", followup.district_actions, name="district_actions"),
    path("plans/new/", districts.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", districts.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/compare/", plans.plan_compare, name="plan_compare"),
    path("plans/<int:pk>/versions/new/", districts.plan_version_create, name="plan_version_create"),
    path(
        "plans/<int:pk>/versions/<int:number>/",
        plans.plan_version_detail,
        name="plan_version_detail",
    ),
    path(
        "plans/<int:pk>/versions/<int:number>/edit/",
        districts.plan_version_edit,
        name="plan_version_edit",
    ),
    path(
        "plans/<int:pk>/versions/<int:number>/submit/",
        districts.plan_version_submit,
        name="plan_version_submit",
    ),
    path(
        "plans/<int:pk>/versions/<int:number>/document/",
        files.plan_document,
        name="plan_document",
    ),
    path("questions/<int:pk>/respond/", followup.question_respond, name="question_respond"),
    path("actions/<int:pk>/progress/", followup.action_progress, name="action_progress"),
    path("progress/<int:pk>/evidence/", files.evidence_document, name="evidence_document"),
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
    # Accounts, two-factor sign-in, personal data and change history
    path("privacy/", account.privacy, name="privacy"),
    path("account/", account.account, name="account"),
    path("account/two-factor/set-up/", account.mfa_setup, name="mfa_setup"),
    path("account/two-factor/verify/", account.mfa_verify, name="mfa_verify"),
    path("account/two-factor/recover/", account.mfa_recover, name="mfa_recover"),
    path(
        "account/two-factor/recovery-codes/",
        account.mfa_recovery_codes,
        name="mfa_recovery_codes",
    ),
    path("account/my-data/", account.personal_data_download, name="personal_data_download"),
    path("account/erase/", account.account_erase, name="account_erase"),
    path("history/", history.history_list, name="history_list"),
    path("history/<slug:kind>/<int:pk>/", history.object_history, name="object_history"),
]
