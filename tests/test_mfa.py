"""Two-factor sign-in: required for staff roles, optional for representatives."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from engagement import mfa
from tests import factories

pytestmark = pytest.mark.django_db

MUST_USE_MFA = ["chief_inspector", "secretariat", "commissioner", "site_admin"]


@pytest.fixture(autouse=True)
def _mfa_on(settings):
    settings.MFA_ENFORCED = True


def current_code(device):
    return TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()


def code_text(device):
    return f"{current_code(device):06d}"


def with_authenticator(user):
    device = TOTPDevice.objects.create(user=user, name=mfa.AUTHENTICATOR_NAME, confirmed=True)
    codes = mfa.new_recovery_codes(user)
    return device, codes


def sign_in(client, user):
    response = client.post(
        reverse("login"), {"username": user.username, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    return response


@pytest.mark.parametrize("role", MUST_USE_MFA)
def test_staff_role_without_an_authenticator_is_sent_to_set_one_up(client, user_for_role, role):
    client.force_login(user_for_role(role))
    response = client.get(reverse("engagement:role_home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("engagement:mfa_setup"))


@pytest.mark.parametrize("role", MUST_USE_MFA)
def test_staff_role_with_an_authenticator_must_give_a_code(client, user_for_role, role):
    user = user_for_role(role)
    with_authenticator(user)
    client.force_login(user)
    response = client.get(reverse("engagement:role_home"))
    assert response.status_code == 302
    assert response.url == f"{reverse('engagement:mfa_verify')}?next=%2Fhome%2F"


@pytest.mark.parametrize("role", ["representative", "other_representative"])
def test_representatives_may_sign_in_without_two_factor(client, user_for_role, role):
    client.force_login(user_for_role(role))
    response = client.get(reverse("engagement:representative_home"))
    assert response.status_code == 200


def test_setting_is_read_on_each_request(client, settings, chief_inspector):
    client.force_login(chief_inspector)
    assert client.get(reverse("engagement:district_home")).status_code == 302
    settings.MFA_ENFORCED = False
    assert client.get(reverse("engagement:district_home")).status_code == 200


def test_pages_needed_to_verify_or_leave_stay_open(client, chief_inspector):
    client.force_login(chief_inspector)
    for name in ["engagement:account", "engagement:mfa_setup", "engagement:privacy"]:
        assert client.get(reverse(name)).status_code == 200, name
    assert client.post(reverse("logout")).status_code == 302


def test_personal_data_download_needs_the_second_factor(client, chief_inspector):
    client.force_login(chief_inspector)
    response = client.get(reverse("engagement:personal_data_download"))
    assert response.status_code == 302


def test_admin_site_requires_two_factor(client, site_admin):
    device, _ = with_authenticator(site_admin)
    client.force_login(site_admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("engagement:mfa_verify"))
    client.post(reverse("engagement:mfa_verify"), {"code": code_text(device)})
    assert client.get(reverse("admin:index")).status_code == 200


def test_setup_shows_qr_code_key_and_link(client, chief_inspector):
    client.force_login(chief_inspector)
    response = client.get(reverse("engagement:mfa_setup"))
    device = TOTPDevice.objects.get(user=chief_inspector, confirmed=False)
    assert "<svg" in response.text and "<path" in response.text
    assert "otpauth://totp/" in response.text
    assert mfa.format_key(device) in response.text
    # Reloading keeps the same secret, so a half-scanned code still works.
    client.get(reverse("engagement:mfa_setup"))
    assert TOTPDevice.objects.filter(user=chief_inspector).count() == 1


def test_setup_with_the_right_code_turns_it_on_and_shows_codes_once(client, chief_inspector):
    client.force_login(chief_inspector)
    client.get(reverse("engagement:mfa_setup"))
    device = TOTPDevice.objects.get(user=chief_inspector)
    response = client.post(
        reverse("engagement:mfa_setup"), {"code": code_text(device), "next": "/district/"}
    )
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    codes_page = client.get(response.url)
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", codes_page.text)
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.values_list("token", flat=True))
    assert 'href="/district/"' in codes_page.text
    again = client.get(reverse("engagement:mfa_recovery_codes"))
    assert not any(code in again.text for code in codes)
    # The session is verified: the district page opens.
    assert client.get(reverse("engagement:district_home")).status_code == 200


def test_setup_with_a_wrong_code_says_so_and_keeps_it_off(client, chief_inspector):
    client.force_login(chief_inspector)
    client.get(reverse("engagement:mfa_setup"))
    response = client.post(reverse("engagement:mfa_setup"), {"code": "12345"})
    assert response.status_code == 200
    assert "Enter the 6 digits" in response.text
    assert 'value="12345"' in response.text
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_password_then_code_reaches_the_page_asked_for(client, chief_inspector):
    device, _ = with_authenticator(chief_inspector)
    response = client.post(
        f"{reverse('login')}?next=/district/",
        {
            "username": chief_inspector.username,
            "password": factories.PASSWORD,
            "next": "/district/",
        },
    )
    verify = client.get(response.url, follow=True)
    assert verify.redirect_chain[-1][0].startswith(reverse("engagement:mfa_verify"))
    response = client.post(
        reverse("engagement:mfa_verify"), {"code": code_text(device), "next": "/district/"}
    )
    assert response.url == "/district/"
    assert client.get("/district/").status_code == 200


def test_wrong_code_is_refused_with_a_clear_message(client, chief_inspector):
    device, _ = with_authenticator(chief_inspector)
    client.force_login(chief_inspector)
    wrong = f"{(current_code(device) + 1) % 1000000:06d}"
    response = client.post(reverse("engagement:mfa_verify"), {"code": wrong})
    assert response.status_code == 200
    assert "That code did not work" in response.text
    assert client.get(reverse("engagement:district_home")).status_code == 302


def test_verify_refuses_a_code_from_another_site(client, chief_inspector):
    with_authenticator(chief_inspector)
    client.force_login(chief_inspector)
    response = client.post(
        reverse("engagement:mfa_verify"), {"code": "000000", "next": "https://evil.example/"}
    )
    assert response.status_code == 200


def test_next_outside_the_site_is_ignored(client, chief_inspector):
    device, _ = with_authenticator(chief_inspector)
    client.force_login(chief_inspector)
    response = client.post(
        reverse("engagement:mfa_verify"),
        {"code": code_text(device), "next": "https://evil.example/"},
    )
    assert response.url == reverse("engagement:role_home")


def test_recovery_code_works_once(client, chief_inspector):
    _, codes = with_authenticator(chief_inspector)
    client.force_login(chief_inspector)
    response = client.post(reverse("engagement:mfa_recover"), {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(reverse("engagement:district_home")).status_code == 200
    client.post(reverse("logout"))
    client.force_login(chief_inspector)
    response = client.post(reverse("engagement:mfa_recover"), {"code": codes[0]})
    assert response.status_code == 200
    assert "did not work" in response.text
    assert StaticToken.objects.count() == 9


def test_new_recovery_codes_replace_the_old_ones(client, chief_inspector):
    device, old_codes = with_authenticator(chief_inspector)
    client.force_login(chief_inspector)
    client.post(reverse("engagement:mfa_verify"), {"code": code_text(device)})
    response = client.post(reverse("engagement:mfa_recovery_codes"), follow=True)
    new_codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.text)
    assert len(new_codes) == 10
    assert not set(old_codes) & set(StaticToken.objects.values_list("token", flat=True))


def test_new_recovery_codes_need_a_verified_session(client, representative):
    with_authenticator(representative)
    client.force_login(representative)
    client.post(reverse("engagement:mfa_recovery_codes"))
    assert StaticToken.objects.count() == 10
    response = client.get(reverse("engagement:mfa_recovery_codes"))
    assert "<code>" not in response.text


def test_moving_to_a_new_phone_needs_the_old_code_first(client, representative):
    with_authenticator(representative)
    client.force_login(representative)
    response = client.get(reverse("engagement:mfa_setup"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("engagement:mfa_verify"))


def test_representative_who_turns_two_factor_on_is_asked_for_codes(client, representative):
    client.force_login(representative)
    client.get(reverse("engagement:mfa_setup"))
    device = TOTPDevice.objects.get(user=representative)
    client.post(reverse("engagement:mfa_setup"), {"code": code_text(device)})
    assert mfa.has_authenticator(representative)
    client.post(reverse("logout"))
    client.force_login(representative)
    response = client.get(reverse("engagement:representative_home"))
    assert response.url.startswith(reverse("engagement:mfa_verify"))
