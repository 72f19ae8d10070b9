"""Sign-in: django-axes refuses a username and address that failed too often, and the
signed-in person is read through the cache."""

import time

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials
from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from .person_cache import remembered


def client_address(request):
    """The client's address: from X-Forwarded-For behind PROXY_COUNT trusted proxies."""
    remote = request.META.get("REMOTE_ADDR")
    if not settings.PROXY_COUNT:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part
    ]
    # Each trusted proxy appends the address it saw, so the client is that many from the end;
    # anything further left was written by the client and cannot be trusted.
    if len(forwarded) >= settings.PROXY_COUNT:
        return forwarded[-settings.PROXY_COUNT]
    return remote


def attempted_username(request, credentials=None):
    """The username a sign-in tried, as throttling records it.

    Django's sign-in forms accept a username of any length, and django-axes stores it in a
    255-character column: PostgreSQL would refuse a longer one with a server error. No real
    username is over 150 characters, so the rest is dropped.
    """
    if credentials:
        username = credentials.get("username")
    else:
        username = getattr(request, "data", request.POST).get("username")
    return username[:150] if isinstance(username, str) else username


class ThrottledSignInBackend(AxesStandaloneBackend):
    """Refuse a locked-out sign-in, and slow down each try after a failure.

    Only sign-ins made over HTTP carry a request; one without (a management command, the
    test client's `login()`) is not throttled, because there is no address to throttle.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        result = super().authenticate(request, username=username, password=password, **kwargs)
        self.slow_down(request, username)
        return result

    @staticmethod
    def slow_down(request, username):
        credentials = get_credentials(username=username)
        failures = AxesProxyHandler.get_failures(request, credentials)
        delay = min(
            settings.SIGN_IN_DELAY_STEP_SECONDS * failures, settings.SIGN_IN_DELAY_MAX_SECONDS
        )
        if delay > 0:
            time.sleep(delay)


class RememberingModelBackend(ModelBackend):
    """Django's own password sign-in, with the signed-in person read through the cache."""

    def get_user(self, user_id):
        return remembered(f"user:{user_id}", lambda: ModelBackend.get_user(self, user_id))
