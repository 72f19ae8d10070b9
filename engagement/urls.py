from django.urls import path

from .views import (
    account,
    commissioner,
    districts,
    history,
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
    path("representative/", representatives.representative_home, name="representative_home"),
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
