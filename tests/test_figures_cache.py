"""The dashboards' and coverage's figures, the markup drawn from them, the district
question list's filter and the district home's lists are worked out once per content
revision and never shown after a committed change.

The rest of the suite runs with these caches off (tests/conftest.py); here they are on.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engagement.models import Question
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def item(watford):
    return factories.make_plan_item(factories.make_past_meeting(title="Autumn panel"), watford)


def commit():
    """Run what the test's transaction, which never commits, would run on commit: the
    revision's bump among it. (Writes made before a capture block already queued theirs.)"""
    pending, connection.run_on_commit[:] = list(connection.run_on_commit), []
    for _, callback, _ in pending:
        callback()


def received(response):
    return response.context["figures"].totals["received"]


def test_a_second_view_reuses_the_figures_and_their_markup(client, commissioner, item):
    factories.make_question(item, status=Question.Status.ACCEPTED)
    client.force_login(commissioner)
    url = reverse("engagement:dashboard")
    with CaptureQueriesContext(connection) as first:
        first_page = client.get(url)
    with CaptureQueriesContext(connection) as second:
        second_page = client.get(url)
    assert received(second_page) == received(first_page) == 1
    assert len(second.captured_queries) < len(first.captured_queries)
    assert not any("engagement_question" in q["sql"] for q in second.captured_queries)
    assert 'id="chart-answered-by-district"' in second_page.text


def test_a_committed_change_shows_at_once(client, commissioner, item):
    client.force_login(commissioner)
    url = reverse("engagement:dashboard")
    assert received(client.get(url)) == 0
    factories.make_question(item, status=Question.Status.ACCEPTED)
    commit()
    page = client.get(url)
    assert received(page) == 1
    totals = page.text.split('id="totals-heading"', 1)[1].split("</dl>", 1)[0]
    assert "<dd>1</dd>" in totals


def test_each_choice_has_figures_of_its_own(client, commissioner, item, stevenage):
    factories.make_question(item, status=Question.Status.ACCEPTED)
    client.force_login(commissioner)
    url = reverse("engagement:dashboard")
    assert received(client.get(url)) == 1
    just_stevenage = client.get(url, {"district": stevenage.pk})
    assert received(just_stevenage) == 0
    assert f'<option value="{stevenage.pk}" selected>' in just_stevenage.text


def test_a_bad_choice_is_refused_even_after_a_good_one_was_kept(client, commissioner, item):
    client.force_login(commissioner)
    url = reverse("engagement:dashboard")
    client.get(url)
    refused = client.get(url, {"period": "last year"})
    assert "Choose one of the periods in the list." in refused.text
    assert refused.context["figures"] is None
    again = client.get(url)
    assert "Choose one of the periods in the list." not in again.text


def test_the_public_dashboard_keeps_its_figures_apart_from_the_offices(client, commissioner, item):
    factories.make_question(item, status=Question.Status.ACCEPTED, is_public=False)
    client.force_login(commissioner)
    assert received(client.get(reverse("engagement:dashboard"))) == 1
    client.logout()
    assert received(client.get(reverse("engagement:public_dashboard"))) == 0


def test_coverage_follows_a_committed_change(client, commissioner, item, watford):
    youth = factories.make_organisation("Watford Youth Voice", sector="youth")
    client.force_login(commissioner)
    url = reverse("engagement:coverage")
    (row,) = client.get(url).context["rows"]
    assert "youth" in row.sentence
    factories.make_question(item, organisation=youth, asked_by=factories.make_representative(youth))
    commit()
    page = client.get(url)
    (row,) = page.context["rows"]
    assert "youth" not in row.sentence
    assert "1 question, 0 feedback" in page.text


def dashboard_meeting_options(page):
    form = page.text.split('name="meeting"', 1)[1].split("</select>", 1)[0]
    return form.count("<option") - 1  # less "Every meeting in the period"


@pytest.mark.parametrize("name", ["dashboard", "coverage"])
def test_the_filter_offers_every_meeting_without_reading_them_again(
    client, commissioner, item, watford, name
):
    client.force_login(commissioner)
    url = reverse(f"engagement:{name}")
    assert dashboard_meeting_options(client.get(url)) == 1
    with CaptureQueriesContext(connection) as again:
        assert dashboard_meeting_options(client.get(url)) == 1
    tables = " ".join(q["sql"] for q in again.captured_queries)
    assert "engagement_panelmeeting" not in tables
    assert "engagement_district" not in tables
    factories.make_plan_item(factories.make_past_meeting(title="Winter panel"), watford)
    commit()
    page = client.get(url)
    assert dashboard_meeting_options(page) == 2
    assert "Winter panel" in page.text


def test_the_filter_offers_a_new_year_once_the_day_comes(client, commissioner, item, monkeypatch):
    client.force_login(commissioner)
    url = reverse("engagement:dashboard")
    next_year = (
        timezone.localdate().replace(month=1, day=1).replace(year=timezone.localdate().year + 1)
    )
    assert f">{next_year.year}<" not in client.get(url).text
    monkeypatch.setattr(timezone, "localdate", lambda *args: next_year)
    assert f">{next_year.year}<" in client.get(url).text


# The district question list's filter, which lists every meeting of the district ----------


def meeting_options(page):
    form = page.text.split('name="meeting"', 1)[1].split("</select>", 1)[0]
    return form.count("<option") - 1  # less "All meetings"


def test_question_filter_is_drawn_once_and_shows_a_new_meeting_at_once(
    client, chief_inspector, item, watford
):
    client.force_login(chief_inspector)
    url = reverse("engagement:district_questions")
    assert meeting_options(client.get(url)) == 1
    with CaptureQueriesContext(connection) as again:
        assert meeting_options(client.get(url)) == 1
    assert not any("engagement_panelmeeting" in q["sql"] for q in again.captured_queries)
    factories.make_plan_item(factories.make_past_meeting(title="Winter panel"), watford)
    commit()
    page = client.get(url)
    assert meeting_options(page) == 2
    assert "Winter panel" in page.text


def test_question_filter_keeps_each_choice_and_each_district_apart(
    client, chief_inspector, other_chief_inspector, item, stevenage
):
    url = reverse("engagement:district_questions")
    client.force_login(chief_inspector)
    client.get(url)
    chosen = client.get(url, {"meeting": item.meeting.pk})
    assert f'<option value="{item.meeting.pk}" selected>' in chosen.text
    refused = client.get(url, {"meeting": "nonsense"})
    assert "Select a valid choice" in refused.text
    assert "Select a valid choice" not in client.get(url).text
    client.force_login(other_chief_inspector)
    theirs = client.get(url)
    assert meeting_options(theirs) == 0
    assert "Autumn panel" not in theirs.text


LIST_TABLES = ("engagement_engagementplan", "engagement_question", "engagement_action")


def test_district_home_lists_are_drawn_once_and_show_a_change_at_once(
    client, chief_inspector, item
):
    question = factories.make_question(item, text="Why close the front desk?", status="accepted")
    client.force_login(chief_inspector)
    url = reverse("engagement:district_home")
    first = client.get(url).text
    assert "1 question waiting" in first
    with CaptureQueriesContext(connection) as again:
        second = client.get(url).text
    assert second.count("Why close the front desk?") == 1
    assert "1 question waiting" in second
    read = [q["sql"] for q in again.captured_queries]
    assert not any(f'FROM "{table}"' in sql for sql in read for table in LIST_TABLES)
    factories.make_response(question)
    Question.objects.filter(pk=question.pk).update(status=Question.Status.ANSWERED)
    commit()
    assert "0 questions waiting" in client.get(url).text


def test_district_home_lists_are_kept_apart_for_each_district(
    client, chief_inspector, other_chief_inspector, item, stevenage
):
    factories.make_action(item.plan.district, title="Watford ward surgeries")
    factories.make_action(stevenage, title="Stevenage town centre patrols")
    url = reverse("engagement:district_home")
    client.force_login(chief_inspector)
    client.get(url)
    assert "Watford ward surgeries" in client.get(url).text
    client.force_login(other_chief_inspector)
    theirs = client.get(url).text
    assert "Stevenage town centre patrols" in theirs
    assert "Watford ward surgeries" not in theirs


def test_district_home_shows_an_action_overdue_the_day_after_it_was_due(
    client, chief_inspector, item, monkeypatch
):
    today = timezone.localdate()
    factories.make_action(item.plan.district, title="Due today", due_on=today)
    client.force_login(chief_inspector)
    url = reverse("engagement:district_home")
    client.get(url)
    assert "0 overdue" in client.get(url).text
    monkeypatch.setattr(timezone, "localdate", lambda *args: today + timedelta(days=1))
    page = client.get(url).text
    assert "1 overdue" in page
    assert "<strong>Overdue:</strong> was due" in page


def test_district_question_list_is_drawn_once_and_shows_a_new_question_at_once(
    client, chief_inspector, item
):
    factories.make_question(item, text="Why close the front desk?", status="accepted")
    client.force_login(chief_inspector)
    url = reverse("engagement:district_questions")
    assert "1 question." in client.get(url).text
    with CaptureQueriesContext(connection) as again:
        assert "Why close the front desk?" in client.get(url).text
    assert not any('FROM "engagement_question"' in q["sql"] for q in again.captured_queries)
    factories.make_question(item, text="When will the new patrols start?", status="accepted")
    commit()
    page = client.get(url).text
    assert "2 questions." in page
    assert "When will the new patrols start?" in page


def test_district_question_list_keeps_each_page_apart(client, chief_inspector, item):
    for number in range(12):
        factories.make_question(item, text=f"Question number {number:02d}", status="accepted")
    client.force_login(chief_inspector)
    url = reverse("engagement:district_questions")
    first = client.get(url).text
    second = client.get(url, {"page": 2}).text
    assert "Question number 00" in first
    assert "Question number 00" not in second
    assert "Question number 11" in second
    assert client.get(url).text.count("Question number") == 10
