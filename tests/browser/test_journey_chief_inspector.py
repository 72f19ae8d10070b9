"""Journey: a chief inspector plans, submits, answers and reports progress, then compares."""

import re

import pytest
from playwright.sync_api import expect

from engagement.models import (
    Action,
    EngagementPlan,
    PlanVersion,
    Question,
    QuestionResponse,
    SectionTemplate,
)
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chief_inspector_journey(page, live_server, chief_inspector, sign_in, check_page):
    meeting = factories.make_meeting(title="Spring panel")
    action = factories.make_action(
        chief_inspector.memberships.get().district, title="Hold ward surgeries"
    )
    templates = list(SectionTemplate.objects.filter(is_active=True))

    sign_in(chief_inspector)
    expect(page.get_by_role("heading", level=1)).to_have_text("My district")
    check_page()

    # Create a plan.
    page.get_by_role("link", name="Start a new plan").click()
    check_page()
    page.get_by_label("Title").fill("Watford community engagement plan 2027")
    page.get_by_label("Period starts").fill("2027-04-01")
    page.get_by_label("Period ends").fill("2028-03-31")
    page.get_by_role("button", name="Create plan").click()

    # Its first version: a PDF and every section.
    expect(page.get_by_role("heading", level=1)).to_have_text("New version")
    check_page()
    for template in templates:
        page.get_by_label(template.title, exact=True).fill(f"{template.title}: first thoughts.")
    page.get_by_label("Plan document").set_input_files(
        {"name": "plan.pdf", "mimeType": "application/pdf", "buffer": factories.PDF_BYTES}
    )
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Version 1 saved as a draft.")).to_be_visible()
    check_page()
    plan = EngagementPlan.objects.get()

    # The secretariat has put the plan on the upcoming meeting's agenda; submit to it.
    factories.make_agenda_item(meeting, plan=plan)
    page.get_by_role("link", name="Submit to a meeting").click()
    check_page()
    page.get_by_label(re.compile("Spring panel")).check()
    page.get_by_role("button", name="Submit version 1").click()
    expect(page.get_by_text("Version 1 submitted.")).to_be_visible()
    check_page()
    assert plan.versions.get().status == PlanVersion.Status.SUBMITTED

    # A representative asks a question, the secretariat accepts it; answer it.
    factories.make_question(
        plan.agenda_items.get(), status=Question.Status.ACCEPTED, text="Which wards first?"
    )
    page.get_by_role("link", name="Questions on my plans").click()
    check_page()
    page.get_by_role("link", name=re.compile("^Respond")).click()
    check_page()
    page.get_by_label("Your response").fill("Holywell and Meriden, from June.")
    page.get_by_role("button", name="Save response").click()
    expect(page.get_by_text("Response saved.")).to_be_visible()
    expect(page.get_by_text("Answered.")).to_be_visible()
    assert QuestionResponse.objects.get().text == "Holywell and Meriden, from June."

    # Progress on an action assigned to the district.
    page.get_by_role("link", name="District actions").click()
    check_page()
    page.get_by_role("link", name=re.compile("^Report progress")).click()
    check_page()
    page.get_by_label("In progress", exact=True).check()
    page.get_by_label("What has happened").fill("Four of nine wards visited.")
    page.get_by_label("Link to evidence").fill("https://example.org/surgeries")
    page.get_by_role("button", name="Save progress update").click()
    expect(page.get_by_text("Progress update saved.")).to_be_visible()
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS

    # A second version starts from the first; change one section, then compare.
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    check_page()
    page.get_by_role("link", name="Start a new version").click()
    measures = page.get_by_label("Measures", exact=True)
    expect(measures).to_have_value("Measures: first thoughts.")
    check_page()
    measures.fill("Measures: surgeries held and people reached.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Version 2 saved as a draft.")).to_be_visible()

    page.get_by_role("link", name="Back to the plan and its version history").click()
    page.get_by_role("link", name="Compare versions").click()
    page.get_by_label("Compare version").select_option("1")
    page.get_by_label("with version").select_option("2")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", name="Changes from version 1 to version 2")).to_be_visible()
    expect(page.locator(".diff-text ins")).to_contain_text("surgeries held and people reached.")
    expect(page.locator(".diff-text del")).to_contain_text("first thoughts.")
    check_page()
