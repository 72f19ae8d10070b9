"""Journey: a new representative accepts an invitation, reads a plan, asks about one of its
sections, gives feedback, supports another question, and later reads the answer."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from engagement import services
from engagement.models import FeedbackCriterion, Question
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_representative_journey(page, live_server, check_page):
    organisation = factories.make_organisation(name="One Vision", sector="ethnic-minority")
    meeting = factories.make_meeting(title="Spring panel")
    item = factories.make_agenda_item(meeting)
    other = factories.make_question(
        item, status=Question.Status.ACCEPTED, text="Will surgeries be held in the evening?"
    )
    invitation = factories.make_invitation(
        organisation, email="sam@example.org", full_name="Sam Okafor"
    )

    page.set_default_timeout(5000)

    # Accept the invitation and land signed in on the home page.
    token = services.invitation_token(invitation)
    page.goto(live_server.url + reverse("engagement:invitation_accept", args=[token]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Represent One Vision on the panel")
    check_page()
    page.get_by_label("Username").fill("sam.okafor")
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill("a long and private passphrase")
    page.get_by_label("Password confirmation").fill("a long and private passphrase")
    page.get_by_role("button", name="Create my account").click()
    expect(page).to_have_url(re.compile(r"/representative/$"))
    expect(page.get_by_role("status")).to_contain_text("You now represent One Vision")
    check_page()

    # Read the plan on the agenda.
    page.get_by_role("link", name=item.heading).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(item.heading)
    expect(page.get_by_role("heading", name="Community map")).to_be_visible()
    check_page()

    # Ask a question about one section, keeping it public.
    page.get_by_label("Which part of the plan is it about?").select_option(label="Community map")
    question_box = page.get_by_label("Your question")
    question_box.fill("Which seldom-heard groups will you meet first?")
    expect(page.locator("#id_text-count")).to_have_text("954 characters left")
    page.get_by_role("button", name="Send question").click()
    expect(page.get_by_role("status")).to_contain_text("sent to the panel secretariat")
    mine = Question.objects.get(asked_by__username="sam.okafor")
    assert mine.section.title == "Community map"
    check_page()

    # Give feedback: a rating for each criterion, what works and what is missing.
    page.get_by_role("link", name="Give feedback for One Vision").click()
    check_page()
    for criterion in FeedbackCriterion.objects.filter(is_active=True):
        page.get_by_role("group", name=criterion.title).get_by_label("4", exact=True).check()
    page.get_by_label("What works in this plan").fill("Named officers for every ward.")
    page.get_by_label("What is missing from this plan").fill("Nothing for older residents.")
    page.get_by_role("button", name="Save feedback").click()
    expect(page.get_by_role("status")).to_contain_text("Your feedback for One Vision")
    check_page()
    assert mine.asked_by.feedback.get().ratings.count() == FeedbackCriterion.objects.count()

    # Support another representative's question.
    card = page.locator(f"#question-{other.pk}")
    card.get_by_role("button", name=re.compile("Support this question")).click()
    card = page.locator(f"#question-{other.pk}")
    expect(card).to_contain_text("1 supporter, including you")
    expect(card.get_by_role("button", name=re.compile("Take back my support"))).to_be_visible()
    check_page()

    # Later: the secretariat accepts the question and the chief inspector answers it.
    Question.objects.filter(pk=mine.pk).update(status=Question.Status.ANSWERED)
    factories.make_response(mine, text="We start with the Holywell residents' association.")
    page.get_by_role("link", name="My questions", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My questions")
    expect(page.locator(f"#question-{mine.pk}")).to_contain_text("Answered")
    expect(page.locator(f"#question-{mine.pk}")).to_contain_text(
        "We start with the Holywell residents' association."
    )
    check_page()
