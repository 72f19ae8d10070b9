"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_mfa_enforced(app_configs, **kwargs):
    if settings.MFA_ENFORCED:
        return []
    return [
        Warning(
            "Two-factor sign-in is switched off (MFA_ENFORCED=0).",
            hint="Only a local demo may run without it: unset MFA_ENFORCED in production.",
            id="engagement.W001",
        )
    ]
