"""Journey: the commissioner's office reviews a meeting, records the outcome and two
recommendations from questions; the chief inspector accepts one and progress is posted; the
outcome is published and shows on the public "you said, we did" page and on the question's
timeline. Run on factory data and again on the `seed_demo` data."""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from engagement.management import demo_data
from engagement.models import PanelMeeting, Question, Recommendation
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def add_recommendation(page, check_page, heading, text, question_text, due_on):
    page.get_by_role("link", name=f"Add a recommendation for {heading}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("New recommendation")
    check_page()
    page.get_by_role("textbox", name=re.compile("^Recommendation")).fill(text)
    page.get_by_label("Due date").fill(due_on.isoformat())
    page.get_by_label(re.compile(re.escape(question_text[:40]))).check()
    page.get_by_role("button", name="Save recommendation").click()
    expect(page.locator(".alert-success")).to_contain_text("Recommendation added")
    check_page()


def accept_first_recommendation(page, check_page, text):
    page.get_by_role("link", name="Recommendations", exact=True).click()
    check_page()
    page.get_by_role("link", name=f"Reply to: {text[:40]}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reply to a recommendation")
    check_page()
    page.get_by_label("Accept", exact=True).check()
    page.get_by_label("Action the district will take").fill("Monthly surgery at the youth centre")
    page.get_by_label("Named owner (optional)").fill("Sergeant Leah Barnes")
    page.get_by_role("button", name="Send reply").click()
    expect(page.locator(".alert-success")).to_contain_text("your reply is recorded")
    check_page()


def post_progress(page, check_page):
    """From the reply, the chief inspector opens the new action and reports progress."""
    page.locator("main").get_by_role("link", name="Monthly surgery at the youth centre").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Monthly surgery")
    check_page()
    page.get_by_role("link", name="Report progress").click()
    check_page()
    page.get_by_label("In progress").check()
    page.get_by_label("What has happened").fill("First surgery held: 14 young people came.")
    page.get_by_role("button", name="Save progress update").click()
    expect(page.locator(".alert-success")).to_contain_text("Progress update saved")
    check_page()


def see_it_in_public(page, check_page, live_server, district, recommendation, question_text):
    page.goto(live_server.url)
    page.get_by_role("link", name="You said, we did").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You said, we did")
    check_page()
    page.get_by_role("link", name=district, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{district}: you said, we did")
    main = page.locator("main")
    expect(main).to_contain_text(recommendation)
    expect(main).to_contain_text("First surgery held: 14 young people came.")
    expect(main).to_contain_text(f"1 published outcome for {district}")
    check_page()
    # The meeting's own "you said, we did", from the list of every meeting.
    page.locator("#every-meeting + p + ul").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(": you said, we did")
    expect(page.get_by_role("heading", level=2, name=district)).to_be_visible()
    expect(page.locator("main")).to_contain_text(recommendation)
    check_page()
    page.go_back()
    page.get_by_role("link", name=question_text).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What happened to this question")
    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text(f"Turned into a recommendation to {district}")
    expect(timeline).to_contain_text(f"{district} accepted the recommendation")
    expect(timeline).to_contain_text("Action agreed: Monthly surgery at the youth centre")
    expect(timeline).to_contain_text("First surgery held")
    expect(timeline).to_contain_text("Outcome published")
    check_page()


def follow_up_as_the_office(page, check_page, meeting):
    """The office's reading pages: dashboard, coverage and the printable report."""
    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.locator("#chart-rag-history svg")).to_be_visible()
    expect(page.locator("#scope-summary")).to_contain_text("Figures for the last 12 months")
    check_page()
    # The period is a plain GET form: choose this year, then the meeting on its own.
    year = str(timezone.localdate().year)
    page.get_by_label("Period").select_option(year)
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#scope-summary")).to_contain_text(f"Figures for {year}")
    page.get_by_label("One meeting").select_option(str(meeting.pk))
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#scope-summary")).to_contain_text(f"Figures for one meeting: {meeting}")
    check_page()
    page.get_by_role("link", name="Commissioner's office", exact=True).click()
    page.get_by_role("link", name="Coverage").click()
    expect(page.locator("main")).to_contain_text("organisation has asked about or commented")
    check_page()
    page.get_by_role("link", name="Commissioner's office", exact=True).click()
    page.get_by_role("link", name="Printable report for Autumn panel").click()
    check_page()


def follow_the_chain(page, check_page):
    """From the timeline to the recommendation and its action, then the public figures."""
    page.get_by_role("link", name="See the recommendation").first.click()
    expect(page.locator("main")).to_contain_text("The questions it came from")
    check_page()
    page.locator("main").get_by_role("link", name="Monthly surgery at the youth centre").click()
    expect(page.locator("main")).to_contain_text("First surgery held")
    check_page()
    page.get_by_role("link", name="You said, we did").click()
    page.get_by_role("link", name="How the panel closes the loop: figures and charts").click()
    check_page()


def test_review_record_recommend_reply_publish_and_see_it(
    page, live_server, sign_in, check_page, watford, stevenage
):
    meeting = factories.make_past_meeting(title="Autumn panel")
    item = factories.make_plan_item(meeting, watford)
    first = factories.make_answered_question(item, text="Where can young people meet officers?")
    second = factories.make_answered_question(item, text="How will you tell us what changed?")
    for n in range(4):
        factories.make_answered_question(item, text=f"More about the youth offer ({n})")
    factories.make_feedback(item.plan_version, agenda_item=item, score=3)
    factories.make_answered_question(factories.make_plan_item(meeting, stevenage))
    commissioner = factories.make_commissioner(username="pcc.office")
    chief = factories.make_chief_inspector(watford, username="chief.watford")
    due = timezone.localdate() + timedelta(days=90)

    sign_in(commissioner)
    check_page()
    page.get_by_role("link", name="Review Autumn panel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review: Autumn panel")
    expect(page.locator("main")).to_contain_text(first.text)
    check_page()
    page.get_by_role("link", name="All 6 questions on Watford engagement plan").click()
    expect(page.locator("main")).to_contain_text("6 accepted questions, most supported first")
    check_page()
    page.get_by_role("link", name="Back to the review of Autumn panel").click()
    page.get_by_role("link", name="Record the outcome for Watford engagement plan").click()
    check_page()
    page.get_by_label("Amber: improvements needed").check()
    page.get_by_label("Why this rating").fill("Good aims; young people are not yet reached.")
    page.get_by_label("Findings").fill("No youth venue; no measures for feedback.")
    page.get_by_role("button", name="Save outcome").click()
    expect(page.locator(".alert-success")).to_contain_text("Outcome saved")
    check_page()
    youth = "Hold a monthly surgery at a youth centre."
    add_recommendation(page, check_page, "Watford engagement plan", youth, first.text, due)
    loop = "Publish what changed after each panel."
    add_recommendation(page, check_page, "Watford engagement plan", loop, second.text, due)
    sign_out(page)

    sign_in(chief)
    accept_first_recommendation(page, check_page, youth)
    post_progress(page, check_page)
    sign_out(page)

    sign_in(commissioner)
    page.get_by_role("link", name="Review Autumn panel").click()
    page.get_by_role("link", name="Publish the Watford engagement plan outcome").click()
    check_page()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcome: Watford engagement plan")
    check_page()
    follow_up_as_the_office(page, check_page, meeting)
    sign_out(page)

    see_it_in_public(page, check_page, live_server, "Watford", youth, first.text)
    follow_the_chain(page, check_page)
    assert Recommendation.objects.filter(status="accepted").count() == 1
    assert Recommendation.objects.filter(status="open").count() == 1


def test_the_journey_on_the_demo_data(page, live_server, sign_in, check_page):
    """On `make run`'s demo, Welwyn Hatfield's plan was scrutinised at the first meeting but
    its outcome is not written yet: the office records and publishes it."""
    factories.get_district()  # the transactional test emptied the reference data
    call_command("seed_demo", stdout=io.StringIO())
    users = get_user_model().objects
    commissioner = users.get(username="commissioner")
    chief = users.get(username="chief.welwynhatfield")
    past = PanelMeeting.objects.past().get()
    students = Question.objects.get(text__startswith="Most burglary victims")
    nights = Question.objects.get(text__startswith="Women working night shifts")
    heading = "Welwyn Hatfield engagement plan"
    due = timezone.localdate() + timedelta(days=60)

    sign_in(commissioner, demo_data.PASSWORD)
    check_page()
    page.get_by_role("link", name=f"Review {past.title}").click()
    check_page()
    page.get_by_role("link", name=f"Record the outcome for {heading}").click()
    check_page()
    page.get_by_label("Amber: improvements needed").check()
    page.get_by_label("Why this rating").fill("Clear aims; students and shift workers not reached.")
    page.get_by_label("Findings").fill("No term-time contact with students off campus.")
    page.get_by_role("button", name="Save outcome").click()
    expect(page.locator(".alert-success")).to_contain_text("Outcome saved")
    check_page()
    youth = "Hold a students' union surgery every term."
    add_recommendation(page, check_page, heading, youth, students.text, due)
    dawn = "Run early-morning drop-ins at the distribution parks."
    add_recommendation(page, check_page, heading, dawn, nights.text, due)
    sign_out(page)

    sign_in(chief, demo_data.PASSWORD)
    accept_first_recommendation(page, check_page, youth)
    post_progress(page, check_page)
    sign_out(page)

    sign_in(commissioner, demo_data.PASSWORD)
    page.get_by_role("link", name=f"Review {past.title}").click()
    page.get_by_role("link", name=f"Publish the {heading} outcome").click()
    check_page()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Outcome: {heading}")
    check_page()
    sign_out(page)

    see_it_in_public(page, check_page, live_server, "Welwyn Hatfield", youth, students.text)
