"""A person's own account: two-factor sign-in, their data, erasure; the privacy notice."""

import json
import math
from urllib.parse import urlencode

import segno
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django_otp import login as otp_login

from .. import mfa
from ..account_forms import AuthenticatorCodeForm, EraseAccountForm, RecoveryCodeForm
from ..page_cache import public_page
from ..personal_data import erase_person, personal_data

NEW_CODES_KEY = "mfa_new_recovery_codes"


def _next_url(request, default="engagement:role_home"):
    """Where to go after a step: the `next` the person came with, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _posted(request):
    # Not `request.POST or None`: a POST with no fields at all must still show its errors.
    return request.POST if request.method == "POST" else None


def _with_next(url_name, next_url):
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def account(request):
    recovery = mfa.recovery_device_for(request.user)
    context = {
        "has_authenticator": mfa.has_authenticator(request.user),
        "mfa_required": mfa.mfa_required_for(request.user),
        "is_verified": request.user.is_verified(),
        "recovery_codes_left": recovery.token_set.count() if recovery else 0,
        "memberships": request.user.memberships.select_related("district", "organisation"),
    }
    return render(request, "engagement/account_detail.html", context)


def mfa_setup(request):
    """Add an authenticator app: scan the QR code (or type the key), then prove it works."""
    if mfa.has_authenticator(request.user) and not request.user.is_verified():
        # Replacing the app needs the current one first, or a stolen password would do.
        return redirect(_with_next("engagement:mfa_verify", request.path))
    device = mfa.pending_authenticator_for(request.user)
    form = AuthenticatorCodeForm(_posted(request), device=device)
    if request.method == "POST" and form.is_valid():
        codes = mfa.confirm_authenticator(device)
        otp_login(request, device)
        request.session[NEW_CODES_KEY] = codes
        messages.success(request, "Two-factor sign-in is on. Save your recovery codes now.")
        return redirect(_with_next("engagement:mfa_recovery_codes", _next_url(request, "")))
    url = device.config_url
    qr_code = segno.make(url, error="m").svg_inline(
        scale=5,
        title="QR code for your authenticator app",
        svgclass="qr-code",
        lineclass=None,
        omitsize=True,
    )
    context = {
        "form": form,
        # segno draws the SVG from our own otpauth:// URL: it holds no user text.
        "qr_code": mark_safe(qr_code),
        "otpauth_url": url,
        "manual_key": mfa.format_key(device),
        "next": _next_url(request, ""),
    }
    return render(request, "engagement/mfa_setup.html", context)


def mfa_verify(request):
    """The second step of signing in: a code from the authenticator app."""
    device = mfa.authenticator_for(request.user)
    if device is None:
        return redirect(_with_next("engagement:mfa_setup", _next_url(request, "")))
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = AuthenticatorCodeForm(_posted(request), device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(_next_url(request))
    return render(
        request, "engagement/mfa_verify.html", {"form": form, "next": _next_url(request, "")}
    )


def mfa_recover(request):
    """Sign in with a recovery code when the phone is lost."""
    device = mfa.recovery_device_for(request.user)
    form = RecoveryCodeForm(_posted(request), device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        left = device.token_set.count()
        messages.warning(
            request,
            f"You used a recovery code; {left} left. If you lost your phone, set up your "
            "authenticator app again from your account page.",
        )
        return redirect(_next_url(request))
    return render(
        request, "engagement/mfa_recover.html", {"form": form, "next": _next_url(request, "")}
    )


def mfa_recovery_codes(request):
    """Show newly made recovery codes once; POST makes a new set (the old ones stop working)."""
    if request.method == "POST":
        if not (mfa.has_authenticator(request.user) and request.user.is_verified()):
            messages.error(request, "Sign in with your authenticator app first.")
            return redirect("engagement:account")
        request.session[NEW_CODES_KEY] = mfa.new_recovery_codes(request.user)
        return redirect("engagement:mfa_recovery_codes")
    codes = request.session.pop(NEW_CODES_KEY, None)
    context = {
        "codes": codes,
        "can_make_new": mfa.has_authenticator(request.user) and request.user.is_verified(),
        "next": _next_url(request, ""),
    }
    response = render(request, "engagement/mfa_recovery_codes.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response


def personal_data_download(request):
    """Everything held about the signed-in person, as a JSON file."""
    data = json.dumps(personal_data(request.user), cls=DjangoJSONEncoder, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response.headers["Content-Disposition"] = (
        f'attachment; filename="engagement-panel-my-data-{stamp}.json"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def account_erase(request):
    """A person closes their account for good, confirming with their password."""
    form = EraseAccountForm(_posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        erase_person(person=request.user, by=request.user, note="Erased at the person's request.")
        logout(request)
        messages.success(
            request,
            "Your account is closed and your name and contact details are erased. What you "
            "asked in public stays, shown as from a former representative.",
        )
        return redirect("engagement:home")
    return render(request, "engagement/account_confirm_erase.html", {"form": form})


@login_not_required
@public_page
def privacy(request):
    context = {
        "retention_years": round(settings.RETENTION_INACTIVE_DAYS / 365, 1),
        "session_hours": settings.SESSION_ABSOLUTE_SECONDS // 3600,
        "sign_in_log_days": settings.RETENTION_SIGN_IN_LOG_DAYS,
    }
    return render(request, "engagement/privacy.html", context)


def signed_in_too_often(request, original_response=None, credentials=None):
    """django-axes calls this instead of its bare 403 when a sign-in is locked out."""
    username = get_client_username(request, credentials) or ""
    latest = (
        AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    cool_off = get_cool_off(request)
    remaining = (latest + cool_off - timezone.now()) if latest else cool_off
    minutes = max(1, math.ceil(remaining.total_seconds() / 60))
    return render(
        request,
        "engagement/sign_in_locked.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
