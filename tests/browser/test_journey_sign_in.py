"""Smoke journey: each role signs in and reaches its home page."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOMES = [
    ("chief_inspector", "/district/", "My district"),
    ("representative", "/representative/", "My questions and feedback"),
    ("secretariat", "/secretariat/", "Panel secretariat"),
    ("commissioner", "/commissioner/", "Commissioner's office"),
]


def test_public_home_page(page, live_server, check_page):
    factories.make_outcome(factories.make_agenda_item(), published=True)
    page.goto(live_server.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Hertfordshire Community Engagement Panel"
    )
    assert page.evaluate("document.styleSheets.length") >= 2
    check_page()


def test_each_role_signs_in_and_reaches_its_home(
    page, live_server, user_for_role, sign_in, check_page
):
    page.goto(f"{live_server.url}/accounts/login/")
    check_page()
    for role, path, heading in HOMES:
        sign_in(user_for_role(role))
        expect(page).to_have_url(re.compile(f"{path}$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check_page()
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_wrong_password_shows_an_error_summary(page, live_server, representative, check_page):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(representative.username)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()
    check_page()


def test_skip_link_is_the_first_thing_the_keyboard_reaches(page, live_server):
    page.goto(live_server.url)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
