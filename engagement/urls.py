from django.urls import path

from .views import (
    account,
    accountability,
    calendar,
    commissioner,
    districts,
    files,
    followup,
    history,
    invitations,
    live,
    minutes,
    moderation,
    plans,
    public,
    recommendations,
    reports,
    representatives,
    roles,
    screen,
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
    path("dashboard/", reports.public_dashboard, name="public_dashboard"),
    path("meetings/", public.meeting_list, name="meeting_list"),
    path("meetings/calendar.ics", calendar.meeting_feed, name="meeting_feed"),
    path("meetings/<int:pk>/", public.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/calendar.ics", calendar.meeting_ics, name="meeting_ics"),
    path("meetings/<int:pk>/screen/", screen.meeting_screen, name="meeting_screen"),
    path("meetings/<int:pk>/screen/now/", screen.meeting_screen_now, name="meeting_screen_now"),
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
    path("secretariat/meetings/new/", secretariat.meeting_create, name="meeting_create"),
    path("secretariat/meetings/<int:pk>/", secretariat.meeting_manage, name="meeting_manage"),
    path("secretariat/meetings/<int:pk>/edit/", secretariat.meeting_edit, name="meeting_edit"),
    path(
        "secretariat/meetings/<int:pk>/status/", secretariat.meeting_status, name="meeting_status"
    ),
    path(
        "secretariat/meetings/<int:pk>/agenda/", secretariat.meeting_agenda, name="meeting_agenda"
    ),
    path(
        "secretariat/agenda/<int:pk>/edit/", secretariat.agenda_item_edit, name="agenda_item_edit"
    ),
    path(
        "secretariat/agenda/<int:pk>/move/", secretariat.agenda_item_move, name="agenda_item_move"
    ),
    path(
        "secretariat/agenda/<int:pk>/remove/",
        secretariat.agenda_item_remove,
        name="agenda_item_remove",
    ),
    path(
        "secretariat/meetings/<int:pk>/invitations/",
        secretariat.meeting_invitations,
        name="meeting_invitations",
    ),
    path(
        "secretariat/meetings/<int:pk>/attendance/",
        secretariat.meeting_attendance,
        name="meeting_attendance",
    ),
    path("secretariat/meetings/<int:pk>/live/", live.meeting_live, name="meeting_live"),
    path("secretariat/agenda/<int:pk>/show/", live.live_show_item, name="live_show_item"),
    path(
        "secretariat/agenda/<int:pk>/floor-question/",
        live.live_floor_question,
        name="live_floor_question",
    ),
    path("secretariat/agenda/<int:pk>/action/", live.live_agree_action, name="live_agree_action"),
    path(
        "secretariat/questions/<int:pk>/take/", live.live_take_question, name="live_take_question"
    ),
    path(
        "secretariat/questions/<int:pk>/answer/",
        live.live_answer_question,
        name="live_answer_question",
    ),
    path(
        "secretariat/questions/<int:pk>/defer/",
        live.live_defer_question,
        name="live_defer_question",
    ),
    path("secretariat/meetings/<int:pk>/minutes/", minutes.meeting_minutes, name="meeting_minutes"),
    path(
        "secretariat/meetings/<int:pk>/minutes/draft/", minutes.minutes_draft, name="minutes_draft"
    ),
    path(
        "secretariat/meetings/<int:pk>/minutes/approve/",
        minutes.minutes_approve,
        name="minutes_approve",
    ),
    path(
        "secretariat/meetings/<int:pk>/minutes/publish/",
        minutes.minutes_publish,
        name="minutes_publish",
    ),
    path("meetings/<int:pk>/pack/", minutes.meeting_pack, name="meeting_pack"),
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

# Operations (after the list and imported here, so other areas' edits above merge cleanly)
from engagement.views import operations  # noqa: E402

urlpatterns += [
    path("healthz", operations.healthz, name="healthz"),
    path("bench/trivial/", operations.bench_trivial, name="bench_trivial"),
]
