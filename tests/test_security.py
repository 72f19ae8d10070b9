"""Headers, cookies, deployment checks, session limits and sign-in throttling."""

import os
import secrets
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engagement.middleware import RENEWED_AT, SIGNED_IN_AT
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_like(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    return settings


def test_a_page_carries_every_security_header(client, production_like, representative):
    signed_in = client.post(
        reverse("login"),
        {"username": representative.username, "password": factories.PASSWORD},
        secure=True,
    )
    response = client.get(reverse("engagement:representative_home"), secure=True)
    assert response.status_code == 200
    headers = response.headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "'nonce-" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    session = signed_in.cookies[django_settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"


def test_sign_in_form_sets_a_secure_csrf_cookie(client, production_like):
    response = client.get(reverse("login"), secure=True)
    cookie = response.cookies[django_settings.CSRF_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"


def test_plain_http_is_redirected_to_https(client, production_like):
    response = client.get(reverse("engagement:home"))
    assert response.status_code == 301
    assert response.url.startswith("https://")


def production_environment(**extra):
    """The environment a real server would have, without the test suite's relaxations."""
    relaxed = {
        "DEBUG",
        "DATABASE_URL",
        "SECURE_SSL_REDIRECT",
        "SECURE_COOKIES",
        "HSTS_SECONDS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    env = {k: v for k, v in os.environ.items() if k not in relaxed and not k.startswith("MFA")}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="panel.example.org",
        CSRF_TRUSTED_ORIGINS="https://panel.example.org",
        EMAIL_HOST="smtp.example.org",
    )
    env.update(extra)
    return env


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deployment_checks_are_clean_with_production_settings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_environment()
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deployment_checks_warn_when_two_factor_is_off():
    env = production_environment(MFA_ENFORCED="0")
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "engagement.W001" in result.stderr + result.stdout


def test_user_text_is_escaped_on_the_public_home(client):
    factories.make_meeting(title="<script>alert('panel')</script> Spring panel")
    response = client.get(reverse("engagement:home"))
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert(&#x27;panel&#x27;)&lt;/script&gt; Spring panel" in response.text


# Sessions


def test_session_ends_after_the_absolute_limit_however_active(client, settings, representative):
    settings.SESSION_ABSOLUTE_SECONDS = 3600
    client.force_login(representative)
    url = reverse("engagement:representative_home")
    assert client.get(url).status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 3599
    session.save()
    assert client.get(url).status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 3601
    session.save()
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=%2Frepresentative%2F"
    assert "_auth_user_id" not in client.session
    page = client.get(response.url)
    assert "signed out because your session ran out" in page.text


def test_signing_in_again_restarts_the_absolute_clock(client, representative):
    client.force_login(representative)
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 3000
    session.save()
    client.post(
        reverse("login"), {"username": representative.username, "password": factories.PASSWORD}
    )
    assert client.session[SIGNED_IN_AT] > time.time() - 60


def test_idle_limit_is_thirty_minutes_and_renewed_each_minute_of_activity():
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60
    assert django_settings.SESSION_RENEW_SECONDS == 60
    assert django_settings.SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60


def session_writes(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"] and q["sql"].startswith(("UPDATE", "INSERT"))
    ]


def test_an_active_person_has_their_idle_limit_renewed(client, representative):
    client.force_login(representative)
    page = reverse("engagement:representative_home")
    client.get(page)
    session = client.session
    session[RENEWED_AT] = int(time.time()) - 61
    session.save()
    # As if the idle limit were about to run out.
    Session.objects.filter(pk=session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )
    assert session_writes(client, page), "the session is saved with a new expiry"
    renewed = Session.objects.get(pk=session.session_key).expire_date
    assert renewed > timezone.now() + timedelta(minutes=29)
    assert client.cookies[django_settings.SESSION_COOKIE_NAME]["max-age"] > 29 * 60


def test_a_second_request_within_the_minute_writes_no_session(client, representative):
    client.force_login(representative)
    page = reverse("engagement:representative_home")
    client.get(page)
    assert session_writes(client, page) == []


def test_changing_password_signs_out_every_other_session(representative):
    laptop, phone = Client(), Client()
    for device in (laptop, phone):
        device.post(
            reverse("login"),
            {"username": representative.username, "password": factories.PASSWORD},
        )
        assert device.get(reverse("engagement:representative_home")).status_code == 200
    new_password = "a-brand-new-passphrase-2026"
    response = laptop.post(
        reverse("password_change"),
        {
            "old_password": factories.PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )
    assert response.status_code == 302
    assert laptop.get(reverse("engagement:representative_home")).status_code == 200
    phone_response = phone.get(reverse("engagement:representative_home"))
    assert phone_response.status_code == 302
    assert phone_response.url.startswith(reverse("login"))


# Sign-in throttling


@pytest.fixture
def throttling(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    settings.SIGN_IN_DELAY_STEP_SECONDS = 0
    return settings


def try_password(client, user, password, address="203.0.113.7"):
    return client.post(
        reverse("login"),
        {"username": user.username, "password": password},
        REMOTE_ADDR=address,
    )


def test_five_wrong_passwords_lock_that_username_at_that_address(
    client, throttling, representative
):
    for _ in range(4):
        assert try_password(client, representative, "wrong").status_code == 200
    locked = try_password(client, representative, "wrong")
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.text
    assert "Try again in 15 minutes" in locked.text
    # The sixth try is blocked even with the right password.
    sixth = try_password(client, representative, factories.PASSWORD)
    assert sixth.status_code == 429
    assert "_auth_user_id" not in client.session


def test_same_username_from_another_address_can_still_sign_in(throttling, representative):
    attacker, owner = Client(), Client()
    for _ in range(6):
        try_password(attacker, representative, "wrong", address="198.51.100.66")
    response = try_password(owner, representative, factories.PASSWORD, address="203.0.113.7")
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(representative.pk)


def test_lockout_lifts_after_the_cool_off(client, throttling, representative):
    for _ in range(5):
        try_password(client, representative, "wrong")
    assert try_password(client, representative, factories.PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = try_password(client, representative, factories.PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(representative.pk)


def test_lockout_page_counts_down(client, throttling, representative):
    for _ in range(5):
        try_password(client, representative, "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=13, seconds=30))
    assert "Try again in 2 minutes" in try_password(client, representative, "wrong").text


def test_attempts_while_locked_out_do_not_extend_the_lockout(client, throttling, representative):
    for _ in range(5):
        try_password(client, representative, "wrong")
    first = AccessAttempt.objects.get().attempt_time
    try_password(client, representative, "wrong")
    assert AccessAttempt.objects.get().attempt_time == first


def test_each_failure_slows_the_next_try(client, settings, monkeypatch, representative):
    settings.SIGN_IN_DELAY_STEP_SECONDS = 0.25
    settings.SIGN_IN_DELAY_MAX_SECONDS = 0.6
    delays = []
    monkeypatch.setattr("engagement.auth_backends.time.sleep", delays.append)
    for _ in range(4):
        try_password(client, representative, "wrong")
    assert delays == [0.25, 0.5, 0.6]


def test_behind_a_proxy_the_forwarded_address_is_used(client, throttling, representative):
    throttling.PROXY_COUNT = 1
    for _ in range(5):
        client.post(
            reverse("login"),
            {"username": representative.username, "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="spoofed, 198.51.100.66",
        )
    assert AccessAttempt.objects.get().ip_address == "198.51.100.66"
    other = client.post(
        reverse("login"),
        {"username": representative.username, "password": factories.PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert other.status_code == 302


def test_an_absurdly_long_username_is_refused_not_a_server_error(client, throttling):
    response = client.post(reverse("login"), {"username": "x" * 1000, "password": "wrong"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert AccessAttempt.objects.filter(username="x" * 150).exists()


def test_admin_sign_in_is_throttled_too(client, throttling, site_admin):
    for _ in range(5):
        client.post(
            reverse("admin:login"),
            {"username": site_admin.username, "password": "wrong"},
            REMOTE_ADDR="203.0.113.7",
        )
    response = client.post(
        reverse("admin:login"),
        {"username": site_admin.username, "password": factories.PASSWORD},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 429


def test_test_client_login_without_a_request_still_works(client, representative):
    assert client.login(username=representative.username, password=factories.PASSWORD)


def test_password_reset_link_stops_working_after_an_hour(client, monkeypatch, mailoutbox):
    user = factories.make_user(email="person@example.org")
    client.post(reverse("password_reset"), {"email": user.email})
    body = mailoutbox[0].body
    path = body[body.index("/accounts/reset/") :].split()[0]
    assert Client().get(path, follow=True).context["validlink"]
    # Tokens carry the time they were made: an hour and a second later the link is dead.
    later = default_token_generator._now() + timedelta(hours=1, seconds=1)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    response = Client().get(path, follow=True)
    assert not response.context["validlink"]
    assert "This link no longer works" in response.text
    assert django_settings.PASSWORD_RESET_TIMEOUT <= 3600


def test_uploaded_files_have_no_public_address(client, site_admin):
    version = factories.make_version()
    version.document.save("plan.pdf", factories.make_upload(), save=True)
    client.force_login(site_admin)
    name = version.document.name
    for guess in [f"/{name}", f"/uploads/{name}", f"/media/{name}", f"/static/{name}"]:
        assert client.get(guess).status_code == 404, guess
