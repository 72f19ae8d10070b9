"""Journey: the secretariat declines one question, merges two duplicates and accepts one."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from engagement.models import Question
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CRIME = "About an individual crime or an emergency: call 101, or 999 in an emergency"


def test_secretariat_moderates_the_queue(page, live_server, sign_in, check_page):
    page.set_default_timeout(5000)
    secretary = factories.make_secretariat(username="secretariat")
    meeting = factories.make_meeting(title="Spring panel")
    item = factories.make_agenda_item(meeting)
    crime = factories.make_question(item, text="My shed was broken into last night.")
    kept = factories.make_question(item, text="How will you reach young people in Holywell?")
    duplicate = factories.make_question(item, text="What about the young people in Holywell?")

    sign_in(secretary)
    page.get_by_role("link", name="Moderate questions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderate questions")
    check_page()
    page.get_by_role("link", name=re.compile("Spring panel")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Questions waiting")
    check_page()

    # Decline the report of a crime with the 101 / 999 reason.
    page.get_by_role("link", name=f"Accept, decline, merge or reword question {crime.pk}").click()
    check_page()
    page.get_by_label(CRIME).check()
    page.get_by_role("button", name=f"Decline question {crime.pk}").click()
    expect(page.get_by_role("status")).to_contain_text(f"Question {crime.pk} declined")
    check_page()

    # Merge the duplicate into the question that stays.
    page.get_by_role(
        "link", name=f"Accept, decline, merge or reword question {duplicate.pk}"
    ).click()
    check_page()
    page.get_by_label("Merge into").select_option(value=str(kept.pk))
    page.get_by_role("button", name=f"Merge question {duplicate.pk}").click()
    expect(page.get_by_role("status")).to_contain_text(f"merged into {kept.pk}")
    check_page()

    # Accept the one that stays, from the queue.
    page.get_by_label(f"Select question {kept.pk}").check()
    page.get_by_label("Accept them").check()
    page.get_by_role("button", name="Apply to selected questions").click()
    expect(page.get_by_role("status")).to_contain_text("1 question(s) accepted")
    expect(page.get_by_text("No questions are waiting for this meeting.")).to_be_visible()
    check_page()

    statuses = dict(Question.objects.values_list("pk", "status"))
    assert statuses == {crime.pk: "declined", duplicate.pk: "merged", kept.pk: "accepted"}
    kept.refresh_from_db()
    assert kept.vote_count == 1  # the duplicate's asker now supports it
    # Each asker heard: the decline, both askers of the merge, the acceptance.
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted(
        [crime.asked_by.email, duplicate.asked_by.email, kept.asked_by.email, kept.asked_by.email]
    )
