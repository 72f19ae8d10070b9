"""The dashboards and the coverage view cover a period: the last 12 months unless the reader
chooses a year or one meeting, named on the page, with figures from other meetings left out."""

import datetime as dt
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from engagement.models import Question, QuestionResponse
from engagement.periods import periods, year_before
from tests import factories

pytestmark = pytest.mark.django_db

OLD_DAYS_AGO = 500  # more than a year ago, so outside the default period


def answered_after(item, days, **fields):
    """A question answered `days` days after it was asked, a month before its meeting."""
    question = factories.make_answered_question(item, **fields)
    asked = item.meeting.starts_at - timedelta(days=30)
    Question.objects.filter(pk=question.pk).update(created_at=asked)
    QuestionResponse.objects.filter(question=question).update(
        created_at=asked + timedelta(days=days)
    )
    return question


def panel(title, days_ago, district, *, waits, score, rating, action_due):
    """A past meeting at which `district` presented, with answers, feedback, an outcome and
    an action."""
    meeting = factories.make_past_meeting(days_ago=days_ago, title=title)
    item = factories.make_plan_item(meeting, district)
    for days in waits:
        answered_after(item, days)
    factories.make_feedback(item.plan_version, agenda_item=item, score=score)
    factories.make_outcome(item, published=True, rating=rating)
    factories.make_action(district, agenda_item=item, due_on=action_due)
    return meeting


@pytest.fixture
def history(watford):
    today = timezone.localdate()
    recent = panel(
        "Recent panel", 30, watford, waits=(2, 4), score=4, rating="green",
        action_due=today + timedelta(days=30),
    )  # fmt: skip
    old = panel(
        "Old panel", OLD_DAYS_AGO, watford, waits=(10, 10, 10), score=1, rating="red",
        action_due=today - timedelta(days=300),
    )  # fmt: skip
    return {"recent": recent, "old": old}


def old_year():
    return str(timezone.localdate(timezone.now() - timedelta(days=OLD_DAYS_AGO)).year)


def dashboard(client, commissioner, **params):
    client.force_login(commissioner)
    return client.get(reverse("engagement:dashboard"), params)


def test_dashboard_covers_the_last_12_months_by_default(client, commissioner, history):
    response = dashboard(client, commissioner)
    figures = response.context["figures"]
    assert [row["title"] for row in figures.by_meeting] == ["Recent panel"]
    assert figures.totals["received"] == 2
    assert figures.totals["median_days"] == 3.0
    assert figures.totals["total"] == 1 and figures.totals["overdue"] == 0
    assert [row["average"] for row in figures.criteria] == [4.0] * 4
    assert [row["district"] for row in figures.rag_rows] == ["Watford"]
    assert [cell["rating"] for cell in figures.rag_rows[0]["cells"]] == ["green"]
    since = year_before(timezone.localdate())
    assert (
        f"Figures for the last 12 months: meetings from {since:%-d %B %Y} onwards, including "
        "any still to come (1 meeting)." in " ".join(response.text.split())
    )
    assert "<title>Dashboard: the last 12 months" in response.text


def test_figures_from_outside_the_period_are_left_out(client, commissioner, history):
    response = dashboard(client, commissioner)
    assert "Old panel" not in response.text.split('id="scope-summary"')[1]
    figures = response.context["figures"]
    assert figures.scores_by_meeting.keys() == {history["recent"].pk}
    assert figures.by_district[0]["received"] == 2


def test_choosing_the_year_of_an_old_meeting_shows_its_figures(client, commissioner, history):
    figures = dashboard(client, commissioner, period=old_year()).context["figures"]
    assert [row["title"] for row in figures.by_meeting] == ["Old panel"]
    assert figures.totals["received"] == 3
    assert figures.totals["median_days"] == 10.0
    assert figures.totals["overdue"] == 1
    assert [row["average"] for row in figures.criteria] == [1.0] * 4
    assert [cell["rating"] for cell in figures.rag_rows[0]["cells"]] == ["red"]


def test_every_period_offered_shows_exactly_its_meetings(client, commissioner, history):
    choices = dashboard(client, commissioner).context["form"].fields["period"].choices
    assert choices[0] == ("last-12-months", "Last 12 months")
    years = [slug for slug, _ in choices[1:]]
    assert years == sorted(years, reverse=True) and old_year() in years
    meetings = [history["recent"], history["old"]]
    for period in periods([meeting.starts_at for meeting in meetings]):
        response = dashboard(client, commissioner, period=period.slug)
        assert response.status_code == 200
        assert response.context["scope"].period == period
        shown = {row["title"] for row in response.context["figures"].by_meeting}
        assert shown == {m.title for m in meetings if period.includes(m.starts_at)}, period


def test_a_meeting_chosen_on_its_own_is_shown_whatever_the_period(client, commissioner, history):
    response = dashboard(client, commissioner, meeting=history["old"].pk)
    assert [row["title"] for row in response.context["figures"].by_meeting] == ["Old panel"]
    assert f"Figures for one meeting: {history['old']}." in " ".join(response.text.split())


def test_the_district_filter_works_within_the_period(client, commissioner, history, stevenage):
    factories.make_plan_item(history["recent"], stevenage)
    response = dashboard(client, commissioner, district=stevenage.pk)
    assert response.context["figures"].totals["received"] == 0
    assert "Stevenage only" in response.text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "1999"}, "Period: Choose one of the periods in the list."),
        ({"period": "everything"}, "Period: Choose one of the periods in the list."),
        ({"district": "Watford"}, "District: Choose one of the districts in the list."),
        ({"meeting": "999999"}, "One meeting: Choose one of the meetings in the list."),
    ],
)
def test_a_bad_choice_gets_a_clear_message_and_no_figures(
    client, commissioner, history, params, message
):
    response = dashboard(client, commissioner, **params)
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in " ".join(response.text.split())
    assert response.context["figures"] is None
    assert "No figures are shown until the choices above are put right." in response.text
    assert 'id="chart-rag-history"' not in response.text


def test_feedback_without_an_agenda_item_counts_where_its_version_was_presented(
    client, commissioner, history
):
    item = history["recent"].agenda_items.get(plan__isnull=False)
    factories.make_feedback(item.plan_version, score=1)  # no agenda item
    figures = dashboard(client, commissioner).context["figures"]
    assert [row["average"] for row in figures.criteria] == [2.5] * 4


def test_public_dashboard_covers_the_last_12_months_unless_a_year_is_chosen(client, history):
    url = reverse("engagement:public_dashboard")
    recent = client.get(url).context["figures"]
    assert [row["title"] for row in recent.by_meeting] == ["Recent panel"]
    assert recent.totals["received"] == 2
    old = client.get(url, {"period": old_year()}).context["figures"]
    assert [row["title"] for row in old.by_meeting] == ["Old panel"]
    assert client.get(url, {"period": "soon"}).context["figures"] is None


def test_coverage_covers_the_period(client, commissioner, watford):
    youth = factories.make_organisation("Watford Youth Voice", sector="youth")
    faith = factories.make_organisation("Watford Mosque", sector="faith")
    recent = factories.make_plan_item(factories.make_past_meeting(days_ago=30), watford)
    old = factories.make_plan_item(factories.make_past_meeting(days_ago=OLD_DAYS_AGO), watford)
    factories.make_question(
        recent, organisation=faith, asked_by=factories.make_representative(faith)
    )
    factories.make_question(old, organisation=youth, asked_by=factories.make_representative(youth))
    client.force_login(commissioner)
    url = reverse("engagement:coverage")
    (row,) = client.get(url).context["rows"]
    assert "youth" in row.sentence and "faith" not in row.sentence
    (row,) = client.get(url, {"period": old_year()}).context["rows"]
    assert "faith" in row.sentence and "youth" not in row.sentence
    response = client.get(url, {"period": "last year"})
    assert "Choose one of the periods in the list." in response.text
    assert response.context["rows"] == []


def test_a_year_ago_from_29_february_is_28_february():
    assert year_before(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)
    assert year_before(dt.date(2026, 12, 2)) == dt.date(2025, 12, 2)
