"""Long lists come in pages: every row stays reachable, sorts and filters carry across pages,
and a bad page number still shows a page."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from engagement.models import Question
from engagement.review import FIRST_FEW
from engagement.review import PER_PAGE as REVIEW_PAGE_SIZE
from engagement.views.followup import QUESTIONS_PAGE_SIZE as DISTRICT_PAGE_SIZE
from engagement.views.representatives import MY_QUESTIONS_SHOWN, QUESTIONS_PER_PAGE
from tests import factories
from tests.querycount import PanelRows, assert_flat_query_count

pytestmark = pytest.mark.django_db

PER_PAGE = QUESTIONS_PER_PAGE


@pytest.fixture
def item(watford, chief_inspector):
    plan = factories.make_plan(watford, created_by=chief_inspector)
    return factories.make_agenda_item(
        factories.make_meeting(title="Spring panel"), version=factories.make_version(plan)
    )


def accepted_questions(item, count):
    """`count` accepted questions, oldest first; each newer one has one more supporter."""
    asker = factories.make_representative()
    start = timezone.now() - timedelta(days=count)
    questions = []
    for n in range(count):
        question = factories.make_question(
            item, asked_by=asker, status=Question.Status.ACCEPTED, text=f"Question number {n:02d}"
        )
        Question.objects.filter(pk=question.pk).update(
            created_at=start + timedelta(days=n), vote_count=n
        )
        questions.append(question)
    return questions


def numbers_on(page):
    return [n for n in range(PER_PAGE + 5) if f"Question number {n:02d}" in page]


# The agenda item's questions ---------------------------------------------------------------


def test_questions_come_in_pages_in_the_chosen_order(client, representative, item):
    accepted_questions(item, PER_PAGE + 5)
    client.force_login(representative)
    url = item.get_absolute_url()

    first = client.get(url).text
    assert numbers_on(first) == list(range(5, PER_PAGE + 5))
    assert f"{PER_PAGE + 5} accepted questions, 1 to {PER_PAGE} shown here." in first
    assert 'href="?page=2"' in first
    assert numbers_on(client.get(url, {"page": 2}).text) == list(range(5))

    by_time = client.get(url, {"sort": "time"}).text
    assert numbers_on(by_time) == list(range(PER_PAGE))
    assert 'href="?sort=time&amp;page=2"' in by_time
    second = client.get(url, {"sort": "time", "page": 2}).text
    assert numbers_on(second) == list(range(PER_PAGE, PER_PAGE + 5))
    assert 'href="?sort=time&amp;page=1"' in second
    assert f"{PER_PAGE + 1} to {PER_PAGE + 5} shown here" in second


def test_changing_the_sort_starts_again_at_the_first_page(client, representative, item):
    accepted_questions(item, PER_PAGE + 5)
    client.force_login(representative)
    page = client.get(item.get_absolute_url(), {"sort": "time", "page": 2}).text
    assert '<a href="?sort=votes">most supported</a>' in page


def test_questions_tied_on_votes_and_time_are_each_shown_once(client, representative, item):
    questions = accepted_questions(item, PER_PAGE + 5)
    same = timezone.now() - timedelta(days=1)
    Question.objects.filter(pk__in=[q.pk for q in questions]).update(created_at=same, vote_count=1)
    client.force_login(representative)
    url = item.get_absolute_url()
    for sort in ["votes", "time"]:
        seen = numbers_on(client.get(url, {"sort": sort}).text)
        seen += numbers_on(client.get(url, {"sort": sort, "page": 2}).text)
        assert sorted(seen) == list(range(PER_PAGE + 5)), sort


@pytest.mark.parametrize(
    ("page", "shown"),
    [("abc", "first"), ("", "first"), ("1.5", "first"), ("0", "last"), ("-3", "last"),
     ("999", "last"), ("99999999999999999999999", "last")],
)  # fmt: skip
def test_a_bad_page_number_shows_the_first_or_last_page(client, representative, item, page, shown):
    accepted_questions(item, PER_PAGE + 5)
    client.force_login(representative)
    response = client.get(item.get_absolute_url(), {"page": page})
    assert response.status_code == 200
    expected = list(range(5, PER_PAGE + 5)) if shown == "first" else list(range(5))
    assert numbers_on(response.text) == expected


def test_supporting_a_question_returns_to_the_page_it_is_on(client, other_representative, item):
    question = accepted_questions(item, PER_PAGE + 5)[0]
    client.force_login(other_representative)
    page = client.get(item.get_absolute_url(), {"sort": "time", "page": 2}).text
    assert 'name="page" value="2"' in page
    url = reverse("engagement:question_upvote", args=[question.pk])
    response = client.post(url, {"support": "yes", "sort": "time", "page": "2"})
    assert response.url.endswith(f"?sort=time&page=2#question-{question.pk}")
    for junk in ["x", "-1", "2&sort=votes", "1"]:
        response = client.post(url, {"support": "no", "sort": "time", "page": junk})
        assert response.url.endswith(f"?sort=time#question-{question.pk}"), junk


def test_own_questions_on_the_item_are_listed_up_to_a_limit(client, representative, item):
    for n in range(MY_QUESTIONS_SHOWN + 2):
        factories.make_question(item, asked_by=representative, text=f"My question {n:02d}")
    client.force_login(representative)
    page = client.get(item.get_absolute_url()).text
    shown = [n for n in range(MY_QUESTIONS_SHOWN + 2) if f"My question {n:02d}" in page]
    assert shown == list(range(MY_QUESTIONS_SHOWN))
    assert f'<a href="{reverse("engagement:my_questions")}">All your questions</a>' in page


def test_no_link_to_all_ones_questions_when_they_are_all_listed(client, representative, item):
    factories.make_question(item, asked_by=representative, text="My only question")
    client.force_login(representative)
    page = client.get(item.get_absolute_url()).text
    assert "My only question" in page
    assert "All your questions" not in page


# The chief inspector's questions on the district's plans -------------------------------------


def district_questions(item, count, **fields):
    """`count` questions on the item, oldest first, named "<status> number NN"."""
    start = timezone.now() - timedelta(days=count)
    questions = []
    fields.setdefault("status", Question.Status.ACCEPTED)
    for n in range(count):
        question = factories.make_question(
            item, text=f"{fields['status']} number {n:02d}", **fields
        )
        Question.objects.filter(pk=question.pk).update(created_at=start + timedelta(days=n))
        questions.append(question)
    return questions


def listed(page, status, count=30):
    return [n for n in range(count) if f"{status} number {n:02d}" in page]


def test_district_questions_list_waiting_ones_first_then_answered_oldest_first(
    client, chief_inspector, item
):
    answered = district_questions(item, 3, status=Question.Status.ANSWERED)
    for question in answered:
        factories.make_response(question)
    district_questions(item, 3)  # newer than every answered one
    client.force_login(chief_inspector)
    page = client.get(reverse("engagement:district_questions")).text
    order = [page.index(f"accepted number {n:02d}") for n in range(3)]
    order += [page.index(f"answered number {n:02d}") for n in range(3)]
    assert order == sorted(order)


def test_district_questions_come_in_pages_and_keep_the_filter(client, chief_inspector, item):
    size = DISTRICT_PAGE_SIZE
    district_questions(item, size + 3)
    district_questions(item, 2, status=Question.Status.ANSWERED)
    client.force_login(chief_inspector)
    url = reverse("engagement:district_questions")

    first = client.get(url, {"show": "awaiting"}).text
    assert f"{size + 3} questions." in first
    assert listed(first, "accepted") == list(range(size))
    assert 'href="?show=awaiting&amp;page=2"' in first
    second = client.get(url, {"show": "awaiting", "page": 2}).text
    assert listed(second, "accepted") == list(range(size, size + 3))
    assert listed(second, "answered") == []
    assert 'href="?show=awaiting&amp;page=1"' in second

    everything = client.get(url, {"page": 2}).text
    assert f"{size + 5} questions." in everything
    assert listed(everything, "accepted") == list(range(size, size + 3))
    assert listed(everything, "answered") == [0, 1]


@pytest.mark.parametrize(("page", "shown"), [("x", "first"), ("0", "last"), ("500", "last")])
def test_a_bad_district_page_number_shows_the_first_or_last_page(
    client, chief_inspector, item, page, shown
):
    district_questions(item, DISTRICT_PAGE_SIZE + 3)
    client.force_login(chief_inspector)
    response = client.get(reverse("engagement:district_questions"), {"page": page})
    assert response.status_code == 200
    first = list(range(DISTRICT_PAGE_SIZE))
    last = list(range(DISTRICT_PAGE_SIZE, DISTRICT_PAGE_SIZE + 3))
    assert listed(response.text, "accepted") == (first if shown == "first" else last)


# The commissioner's review of a meeting ----------------------------------------------------


@pytest.fixture
def review(watford):
    """A past meeting with Watford's plan, and the URL of its review."""
    meeting = factories.make_past_meeting()
    item = factories.make_plan_item(meeting, watford)
    return SimpleNamespace(
        meeting=meeting, item=item, url=reverse("engagement:meeting_review", args=[meeting.pk])
    )


def supported_questions(item, count):
    """`count` answered questions on the item; question NN has NN supporters."""
    asker = factories.make_representative()
    for n in range(count):
        question = factories.make_answered_question(item, asked_by=asker, text=f"Asked {n:02d}")
        Question.objects.filter(pk=question.pk).update(vote_count=n)


def asked(page, count):
    return [n for n in range(count) if f"Asked {n:02d}" in page]


def test_review_shows_the_most_supported_questions_and_links_to_them_all(
    client, commissioner, review
):
    supported_questions(review.item, FIRST_FEW + 2)
    client.force_login(commissioner)
    page = client.get(review.url).text
    assert f"Questions ({FIRST_FEW + 2})" in page
    assert asked(page, FIRST_FEW + 2) == list(range(2, FIRST_FEW + 2))
    link = f'href="?item={review.item.pk}&amp;list=questions">All {FIRST_FEW + 2} questions'
    assert link in page
    full = client.get(review.url, {"item": review.item.pk, "list": "questions"}).text
    assert asked(full, FIRST_FEW + 2) == list(range(FIRST_FEW + 2))


def test_review_lists_page_through_every_question_most_supported_first(
    client, commissioner, review
):
    supported_questions(review.item, REVIEW_PAGE_SIZE + 2)
    client.force_login(commissioner)
    params = {"item": review.item.pk, "list": "questions"}
    first = client.get(review.url, params).text
    assert f"1 to {REVIEW_PAGE_SIZE} shown here" in first
    assert asked(first, REVIEW_PAGE_SIZE + 2) == list(range(2, REVIEW_PAGE_SIZE + 2))
    assert f'href="?item={review.item.pk}&amp;list=questions&amp;page=2"' in first
    second = client.get(review.url, {**params, "page": 2}).text
    assert asked(second, REVIEW_PAGE_SIZE + 2) == [0, 1]
    assert client.get(review.url, {**params, "page": "x"}).text.count("Asked ") == REVIEW_PAGE_SIZE
    assert asked(client.get(review.url, {**params, "page": 0}).text, REVIEW_PAGE_SIZE + 2) == [0, 1]


def test_review_lists_of_feedback_actions_and_carried_recommendations(
    client, commissioner, review, watford
):
    for n in range(FIRST_FEW + 1):
        organisation = factories.make_organisation(name=f"Group {n:02d}")
        factories.make_feedback(
            review.item.plan_version, organisation=organisation, agenda_item=review.item
        )
        factories.make_action(watford, agenda_item=review.item, title=f"Agreed action {n:02d}")
    earlier = factories.make_outcome(
        factories.make_plan_item(factories.make_past_meeting(days_ago=120), watford)
    )
    for n in range(FIRST_FEW + 1):
        carried = factories.make_recommendation(earlier, text=f"Carried over {n:02d}")
        factories.make_action(watford, recommendation=carried, title=f"Follow-up {n:02d}")
    client.force_login(commissioner)
    overview = client.get(review.url).text
    for text in ["Group", "Agreed action", "Carried over"]:
        shown = [n for n in range(FIRST_FEW + 1) if f"{text} {n:02d}" in overview]
        assert shown == list(range(FIRST_FEW)), text
    assert f"All {FIRST_FEW + 1} feedback comments" in overview
    assert f"All {FIRST_FEW + 1} actions agreed" in overview
    assert f"All {FIRST_FEW + 1} recommendations still open for Watford" in overview
    assert "Follow-up 00" not in overview
    assert "1 action, 0 done" in overview

    def full(kind):
        return client.get(review.url, {"item": review.item.pk, "list": kind}).text

    assert f"Group {FIRST_FEW:02d}" in full("feedback")
    assert f"Agreed action {FIRST_FEW:02d}" in full("actions")
    carried_page = full("carried")
    assert f"Carried over {FIRST_FEW:02d}" in carried_page
    assert f"Follow-up {FIRST_FEW:02d}: not started" in carried_page
    assert "Asked" not in full("nonsense") and "accepted questions" in full("nonsense")


@pytest.mark.parametrize("item", ["x", "-1", "99999999999999999999999", ""])
def test_review_list_of_no_such_item_is_404(client, commissioner, review, item):
    client.force_login(commissioner)
    assert client.get(review.url, {"item": item}).status_code == 404


def test_review_list_of_another_meetings_item_is_404(client, commissioner, review, watford):
    other = factories.make_plan_item(factories.make_past_meeting(), watford)
    client.force_login(commissioner)
    assert client.get(review.url, {"item": other.pk}).status_code == 404
    assert client.get(review.url, {"item": review.item.pk}).status_code == 200


@pytest.mark.parametrize("kind", ["questions", "feedback", "actions", "carried"])
def test_review_list_query_count_does_not_grow(client, commissioner, kind):
    rows = PanelRows(commissioner=commissioner)
    client.force_login(commissioner)
    url = reverse("engagement:meeting_review", args=[rows.past_meeting.pk])
    assert_flat_query_count(client, f"{url}?item={rows.past_item.pk}&list={kind}", rows.add)
