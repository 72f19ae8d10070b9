"""Journeys of issue 7: two-factor sign-in, the change history, a person's own data."""

import re

import pytest
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from engagement.models import EngagementPlan
from engagement.services import update_revised
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_for(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def next_code_for(device):
    """The code of the time step after the last one the site accepted.

    Read from the saved device: if the first code crossed a step boundary on its way,
    the site has moved the device's drift, and a code worked out from the clock alone
    would fall outside what it accepts.
    """
    device.refresh_from_db()
    return f"{hotp(device.bin_key, device.last_t + 1, digits=device.digits):06d}"


def test_chief_inspector_sets_up_two_factor_then_signs_in_with_a_code(
    page, live_server, settings, chief_inspector, sign_in, check_page
):
    settings.MFA_ENFORCED = True
    sign_in(chief_inspector)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.locator(".qr-code-box svg")).to_be_visible()
    check_page()
    device = TOTPDevice.objects.get(user=chief_inspector)
    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    check_page()
    page.get_by_role("link", name="I have saved my codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My district")

    page.get_by_role("button", name="Sign out").click()
    sign_in(chief_inspector)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    check_page()
    # The code just used cannot be used twice; the next step's code is accepted.
    page.get_by_label("Code from your authenticator app").fill(next_code_for(device))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("My district")


def test_commissioner_reads_the_change_history(
    page, live_server, commissioner, chief_inspector, sign_in, check_page
):
    plan = factories.make_plan(created_by=chief_inspector, title="Watford plan")
    update_revised(
        EngagementPlan,
        pk=plan.pk,
        expected_revision=1,
        values={"title": "Watford plan, revised"},
        action="plan.edited",
        by=chief_inspector,
    )
    sign_in(commissioner)
    page.get_by_role("link", name="Change history").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change history")
    check_page()
    page.get_by_label("Kind of record").select_option("plan")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name=re.compile("Watford plan")).first.click()
    expect(page.get_by_text("“Watford plan” to “Watford plan, revised”").first).to_be_visible()
    check_page()


def test_representative_reads_the_privacy_notice_and_closes_their_account(
    page, live_server, representative, sign_in, check_page
):
    page.goto(live_server.url)
    page.get_by_role("link", name="Privacy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How the panel uses personal data")
    check_page()
    sign_in(representative)
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    check_page()
    page.get_by_role("link", name="Close your account and erase your details").click()
    check_page()
    page.get_by_label("Your password").fill(factories.PASSWORD)
    page.get_by_label(re.compile("I understand")).check()
    page.get_by_role("button", name="Close my account and erase my details").click()
    expect(page.get_by_text("Your account is closed")).to_be_visible()
    check_page()
    representative.refresh_from_db()
    assert representative.username.startswith("erased-")


def test_too_many_wrong_passwords_show_when_to_try_again(
    page, live_server, settings, representative, check_page
):
    settings.SIGN_IN_DELAY_STEP_SECONDS = 0
    statuses = []

    def relay(route):
        response = route.fetch()
        statuses.append(response.status)
        # Chromium reports any 4xx page as a console error, which fails browser tests; the
        # status is checked here instead, and the browser is shown the same page as a 200.
        route.fulfill(response=response, status=200 if response.status == 429 else None)

    page.route("**/accounts/login/", relay)
    page.goto(f"{live_server.url}/accounts/login/")
    for attempt in range(5):
        page.get_by_label("Username").fill(representative.username)
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()
        if attempt < 4:
            expect(page.locator("#error-summary")).to_contain_text("There is a problem")
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts to sign in")
    expect(page.get_by_text("Try again in 15 minutes")).to_be_visible()
    assert statuses[-1] == 429
    check_page()
