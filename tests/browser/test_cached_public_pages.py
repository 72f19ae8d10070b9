"""Journey: a member of the public follows a meeting on pages replayed from the page cache.

The replayed page carries a fresh CSP nonce, so its script runs (a refused script would fail
the test as a console error), and a change in the meeting reaches the open screen.
"""

import pytest
from django.core.cache import caches
from playwright.sync_api import expect

from engagement import services
from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_REVISION_SECONDS = 0
    settings.SCREEN_POLL_INTERVAL_MS = 500
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def test_a_replayed_screen_follows_the_meeting(page, live_server, check_page, page_cache_on):
    meeting = factories.make_live_meeting(questions=1)
    question = meeting.current_item.questions.get()
    url = f"{live_server.url}/meetings/{meeting.pk}/screen/"

    first = page.goto(url)
    replayed = page.goto(url)
    assert replayed.headers["etag"] == first.headers["etag"], "the second visit is a replay"
    check_page()

    services.take_question(question=question, by=factories.make_secretariat())
    expect(page.locator("#screen-now blockquote")).to_have_text(question.text, timeout=10_000)

    page.goto(f"{live_server.url}/")
    page.goto(f"{live_server.url}/")
    check_page()
    page.get_by_role("link", name="Meetings").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
