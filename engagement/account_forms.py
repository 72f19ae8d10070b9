"""Forms for a person's own account: two-factor codes and erasure."""

from django import forms


def _digits_only(value):
    return "".join(value.split())


class AuthenticatorCodeForm(forms.Form):
    """A six-digit code from an authenticator app, checked against the person's device."""

    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=20,
        help_text="The 6 digits your app shows now. Spaces are fine.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = _digits_only(self.cleaned_data["code"])
        if not (code.isdigit() and code.isascii() and len(code) == 6):
            raise forms.ValidationError("Enter the 6 digits your authenticator app shows.")
        return code

    def clean(self):
        code = self.cleaned_data.get("code")
        if code is None:
            return self.cleaned_data
        allowed, _ = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                "Too many wrong codes in a row. Wait a minute, then try the newest code."
            )
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                "That code did not work. Check your phone's clock is right and use the newest code."
            )
        return self.cleaned_data


class RecoveryCodeForm(forms.Form):
    """One of the person's single-use recovery codes."""

    code = forms.CharField(
        label="Recovery code",
        max_length=40,
        help_text="One of the codes you saved when you set up two-factor sign-in. Each works once.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean(self):
        code = _digits_only(self.cleaned_data.get("code", "")).lower()
        if not code:
            return self.cleaned_data
        if self.device is None:
            raise forms.ValidationError("You have no recovery codes. Ask the panel secretariat.")
        allowed, _ = self.device.verify_is_allowed()
        if not allowed or not self.device.verify_token(code):
            raise forms.ValidationError(
                "That recovery code did not work. Each code works only once; wait a minute "
                "between tries."
            )
        return self.cleaned_data


class EraseAccountForm(forms.Form):
    """Erasing is final, so the person confirms it with their password."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    understood = forms.BooleanField(
        label="I understand that my account will be closed for good and cannot be restored",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password
