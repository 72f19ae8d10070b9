"""Journey: the secretariat schedules a meeting, runs it live and publishes the minutes.

It runs on the demo data that `make run` loads, signing in with the demo logins. A second
browser context keeps the public screen open and sees it follow live mode.
"""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from engagement.management.demo_data import PASSWORD
from engagement.models import EngagementPlan, PanelMeeting
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAIT = 10_000  # ms: the screen polls every 500 ms in this test


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_secretariat_runs_a_meeting_end_to_end(
    page, browser, live_server, sign_in, check_page, settings
):
    settings.SCREEN_POLL_INTERVAL_MS = 500
    factories.get_district()  # an earlier transactional test may have emptied the reference data
    call_command("seed_demo", stdout=StringIO())
    users = get_user_model().objects
    plan = EngagementPlan.objects.published().filter(district__slug="watford").first()
    representative = users.get(username="rep.onevision")
    starts = timezone.now() + timedelta(days=14)

    # Schedule the meeting.
    sign_in(users.get(username="secretariat"), password=PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Panel secretariat")
    check_page()
    page.get_by_role("main").get_by_role("link", name="Schedule a meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule a meeting")
    check_page()
    page.get_by_label("Title").fill("Summer panel")
    page.get_by_label("Starts").fill(local(starts))
    page.get_by_label("Venue").fill("Police Headquarters, Welwyn Garden City")
    page.get_by_label("Chair").fill("Chief Constable")
    page.get_by_label("Question deadline").fill(local(starts - timedelta(days=7)))
    page.get_by_role("button", name="Schedule the meeting").click()

    # Build the agenda: a plan, then a general item moved to the top.
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda: Summer panel")
    check_page()
    page.get_by_role("radio", name="District plan").check()
    page.get_by_label("Which plan").select_option(label=str(plan))
    page.get_by_label("Presenter").fill("Chief Inspector Marsh")
    page.get_by_role("button", name="Add to the agenda").click()
    page.get_by_label("General item").check()
    page.get_by_label("Title").fill("Welcome and introductions")
    page.get_by_role("button", name="Add to the agenda").click()
    page.get_by_role("button", name="Move up item: Welcome and introductions").click()
    headings = page.locator(".agenda h2")
    expect(headings).to_have_text(["1. Welcome and introductions", "2. Watford engagement plan"])
    check_page()

    # Open it for questions; two questions are accepted meanwhile.
    page.get_by_role("link", name="Overview").click()
    page.get_by_role("button", name="Open for questions").click()
    expect(page.get_by_role("status")).to_contain_text("Open for questions")
    check_page()
    meeting = PanelMeeting.objects.get(title="Summer panel")
    item = meeting.agenda_items.get(plan=plan)
    for votes, text in (
        (2, "How will you reach young men in Holywell?"),
        (5, "When do surgeries start?"),
    ):
        factories.make_question(
            item, asked_by=representative, status="accepted", vote_count=votes, text=text
        )

    # Invite an organisation, start the meeting and take attendance.
    page.get_by_role("link", name="Invitations and apologies").click()
    page.get_by_label("One Vision").check()
    page.get_by_role("button", name="Save invitations").click()
    expect(page.get_by_role("status")).to_have_text("Invitations saved.")
    check_page()
    page.get_by_role("link", name="Overview").click()
    page.get_by_role("button", name="Start the meeting").click()
    expect(page.get_by_role("status")).to_contain_text("In session")
    page.get_by_role("link", name="Attendance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Attendance register")
    person = page.get_by_role("group", name=re.compile("Amara Mensah"))
    person.get_by_text("Present", exact=True).click()
    check_page()
    page.get_by_role("button", name="Save the register").click()
    expect(page.get_by_role("status")).to_have_text("Register saved: 1 present.")

    # The public screen, seen first by this page, then kept open in a second context.
    screen_url = f"{live_server.url}/meetings/{meeting.pk}/screen/"
    page.goto(screen_url)
    check_page()
    projector = browser.new_context()
    screen = projector.new_page()
    screen.goto(screen_url)
    on_screen = screen.locator("#screen-now")
    expect(on_screen).to_contain_text("Welcome and introductions")

    # Live mode through two questions.
    page.goto(f"{live_server.url}/secretariat/meetings/{meeting.pk}/live/")
    page.get_by_role("link", name="2. Watford engagement plan").click()
    expect(page.get_by_role("heading", level=2, name="Watford engagement plan")).to_be_visible()
    check_page()
    page.get_by_role("button", name="Show this item on the public screen").click()
    expect(on_screen.locator("h2")).to_have_text("Watford engagement plan", timeout=WAIT)
    first, second = item.questions.order_by("-vote_count")
    page.locator(f"#question-{first.pk}").get_by_role("button", name=re.compile("Take")).click()
    expect(on_screen.locator("blockquote")).to_have_text(first.text, timeout=WAIT)
    page.get_by_label("Summary of the answer given").fill("Monthly surgeries from June.")
    page.get_by_role("button", name=re.compile("Record the answer")).click()
    expect(on_screen.locator("blockquote")).to_have_count(0, timeout=WAIT)
    page.locator(f"#question-{second.pk}").get_by_role("button", name=re.compile("Take")).click()
    expect(on_screen.locator("blockquote")).to_have_text(second.text, timeout=WAIT)
    page.locator(f"#question-{second.pk}").get_by_role("button", name=re.compile("Defer")).click()
    expect(page.locator(f"#question-{second.pk}")).to_contain_text("Deferred to a written")
    check_page()

    # Close it; the minutes are drafted, edited, approved and published.
    page.get_by_role("link", name="Overview").click()
    page.get_by_role("button", name="Close the meeting").click()
    expect(on_screen.locator("h2")).to_have_text("The meeting has ended", timeout=WAIT)
    projector.close()
    page.get_by_role("link", name="Minutes").click()
    minutes = page.get_by_label("Minutes")
    expect(minutes).to_contain_text("Answer: Monthly surgeries from June.")
    check_page()
    minutes.fill(minutes.input_value() + "\nThe chair thanked everyone for coming.")
    page.get_by_role("button", name="Save the minutes").click()
    page.get_by_role("button", name="Approve the minutes").click()
    expect(page.locator("#approval-state")).to_contain_text("Approved")
    page.get_by_role("button", name="Publish the minutes").click()
    expect(page.get_by_role("status")).to_have_text("Minutes published on the public meeting page.")
    check_page()

    # The public reads them.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    check_page()
    page.get_by_role("link", name="Meetings", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Panel meetings")
    check_page()
    page.get_by_role("link", name="Summer panel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Summer panel")
    record = page.locator(".minutes-text")
    expect(record).to_contain_text("The chair thanked everyone for coming.")
    expect(record).to_contain_text("Present:")
    expect(
        page.get_by_text("Answer given in the meeting: Monthly surgeries from June.")
    ).to_be_visible()
    check_page()
    # One agenda item's questions, chosen with the keyboard alone.
    choose = page.get_by_label("Show questions on")
    choose.select_option(label="Watford engagement plan (2)")
    choose.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("2 questions on Watford engagement plan")
    expect(page.get_by_label("Show questions on")).to_have_value(str(item.pk))
    check_page()
