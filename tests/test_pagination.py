"""Long lists come in pages: every row stays reachable, sorts and filters carry across pages,
and a bad page number still shows a page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from engagement.models import Question
from engagement.views.followup import QUESTIONS_PAGE_SIZE as DISTRICT_PAGE_SIZE
from engagement.views.representatives import MY_QUESTIONS_SHOWN, QUESTIONS_PER_PAGE
from tests import factories

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
