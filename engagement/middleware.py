"""Security middleware: Permissions-Policy, session lifetime, and two-factor enforcement."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from .mfa import has_authenticator, mfa_required_for

SIGNED_IN_AT = "signed_in_at"
RENEWED_AT = "renewed_at"


def redirect_with_next(url_name, request):
    """Redirect to a page that sends the person back to where they were going."""
    return redirect(f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}")


class PermissionsPolicyMiddleware:
    """Tell browsers the panel uses no camera, microphone, location or other device APIs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def note_sign_in_time(sender, request, user, **kwargs):
    """user_logged_in receiver: start the absolute session clock at each sign-in."""
    if hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[RENEWED_AT] = int(time.time())


class SessionLifetimeMiddleware:
    """Sign a person out SESSION_ABSOLUTE_SECONDS after they signed in, however active,
    and keep renewing the idle limit (SESSION_COOKIE_AGE) while they are active.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session cookie nobody is signed in: leave the session untouched, so
        # public responses stay cacheable (no "Vary: Cookie") and cost no query.
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        if has_session and request.user.is_authenticated:
            now = int(time.time())
            signed_in_at = request.session.setdefault(SIGNED_IN_AT, now)
            if now - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, "You were signed out because your session ran out.")
                return redirect_with_next("login", request)
            # Saving the session renews the idle limit. Renewing at most once a minute
            # spares a database write on nearly every request and moves the limit by
            # less than that minute.
            if now - request.session.get(RENEWED_AT, 0) >= settings.SESSION_RENEW_SECONDS:
                request.session[RENEWED_AT] = now
        return self.get_response(request)


# Pages a person who still owes a second factor may open: to give it, set it up, or leave.
MFA_EXEMPT_URL_NAMES = {
    "engagement:account",
    "engagement:mfa_setup",
    "engagement:mfa_verify",
    "engagement:mfa_recover",
    "engagement:privacy",
    "logout",
    "admin:logout",
}


class MFARequiredMiddleware:
    """Send a signed-in person who owes a second factor to give it, or to set it up.

    Covers every page, the admin site included. MFA_ENFORCED is read on each request so the
    test suite and a local demo can turn it off without reloading anything.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.MFA_ENFORCED or not request.user.is_authenticated:
            return None
        if request.resolver_match.view_name in MFA_EXEMPT_URL_NAMES:
            return None
        if request.user.is_verified():
            return None
        # Someone who chose two-factor sign-in (it is optional for representatives) is
        # held to it too, or it would protect nothing.
        if has_authenticator(request.user):
            return redirect_with_next("engagement:mfa_verify", request)
        if mfa_required_for(request.user):
            return redirect_with_next("engagement:mfa_setup", request)
        return None
