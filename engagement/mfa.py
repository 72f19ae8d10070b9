"""Two-factor sign-in: who needs it, and the devices that provide it (django-otp)."""

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import roles_of

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def mfa_required_for(user):
    """Chief inspectors, the secretariat, the commissioner's office and admins must use MFA."""
    if not user.is_authenticated:
        return False
    roles = roles_of(user)
    return (
        roles.is_chief_inspector
        or roles.is_secretariat
        or roles.is_commissioners_office
        or user.is_superuser
        or user.is_staff
    )


def authenticator_for(user):
    """The person's confirmed authenticator app, or None."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def has_authenticator(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def pending_authenticator_for(user):
    """The unconfirmed device being set up; kept across reloads so the QR code stays the same."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def recovery_device_for(user):
    return StaticDevice.objects.devices_for_user(user, confirmed=True).first()


@transaction.atomic
def confirm_authenticator(device):
    """Make the device the person's only authenticator, and issue fresh recovery codes."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user):
    """Replace the person's recovery codes; return them so they can be shown once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.MFA_RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def format_key(device):
    """The secret as people type it into an app: base32 in groups of four."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
