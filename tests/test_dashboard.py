"""The dashboards, their charts and the coverage view: right figures, accessible charts, and
query counts that do not grow with the data."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from engagement.charts import Series, bar_chart
from engagement.coverage import build_coverage, gap_sentence
from engagement.models import Action, District, PanelMeeting, Question, QuestionResponse
from engagement.periods import periods, scope_for
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def scope(meeting=None, district=None):
    """The default period (the last 12 months), or one meeting, as the filter would make it."""
    meetings = list(PanelMeeting.objects.all())
    districts = {place.pk: place for place in District.objects.all()}
    period = periods([one.starts_at for one in meetings])[0]
    return scope_for(meetings, districts, period=period, meeting=meeting, district=district)


def answered_after(item, days, **fields):
    """A question answered `days` days after it was asked."""
    question = factories.make_answered_question(item, **fields)
    asked = timezone.now() - timedelta(days=30)
    Question.objects.filter(pk=question.pk).update(created_at=asked)
    QuestionResponse.objects.filter(question=question).update(
        created_at=asked + timedelta(days=days)
    )
    return question


@pytest.fixture
def figures(watford, stevenage):
    meeting = factories.make_past_meeting(title="Autumn panel")
    watford_item = factories.make_plan_item(meeting, watford)
    for days in (2, 3, 10):
        answered_after(watford_item, days)
    factories.make_question(watford_item, status=Question.Status.ACCEPTED)
    factories.make_question(
        watford_item, status=Question.Status.DECLINED, decline_reason="Individual crime"
    )
    stevenage_item = factories.make_plan_item(meeting, stevenage)
    answered_after(stevenage_item, 6)
    factories.make_feedback(watford_item.plan_version, agenda_item=watford_item, score=2)
    factories.make_feedback(watford_item.plan_version, agenda_item=watford_item, score=5)
    due = TODAY() - timedelta(days=10)
    factories.make_action(watford, agenda_item=watford_item, due_on=due, status="done",
                          completed_on=due - timedelta(days=1))  # fmt: skip
    factories.make_action(watford, agenda_item=watford_item, due_on=due, status="done",
                          completed_on=due + timedelta(days=4))  # fmt: skip
    factories.make_action(watford, agenda_item=watford_item, due_on=due)
    factories.make_action(watford, agenda_item=watford_item)
    factories.make_outcome(watford_item, published=True, rating="red")
    factories.make_outcome(stevenage_item, rating="green", rationale="Unpublished")
    return meeting


def test_dashboard_figures_by_district(client, commissioner, figures):
    client.force_login(commissioner)
    response = client.get(reverse("engagement:dashboard"))
    rows = {row["key"]: row for row in response.context["figures"].by_district}
    watford = rows["Watford"]
    assert (watford["received"], watford["accepted"], watford["answered"]) == (5, 4, 3)
    assert watford["share_answered"] == 75
    assert watford["median_days"] == 3.0
    assert (watford["done_on_time"], watford["done_late"], watford["overdue"]) == (1, 1, 1)
    assert rows["Stevenage"]["median_days"] == 6.0
    totals = response.context["figures"].totals
    assert totals["median_days"] == 4.5
    assert totals["share_on_time"] == 25


def test_dashboard_feedback_scores_and_rag_history(client, commissioner, figures):
    client.force_login(commissioner)
    figures_ = client.get(reverse("engagement:dashboard")).context["figures"]
    assert [row["average"] for row in figures_.criteria] == [3.5] * 4
    assert figures_.score_rows_by_district == [("Watford", [3.5] * 4)]
    assert figures_.score_rows_by_meeting == [("Autumn panel", [3.5] * 4)]
    ratings = {row["district"]: row["cells"][0]["rating"] for row in figures_.rag_rows}
    assert ratings == {"Watford": "red", "Stevenage": "green"}


def test_dashboard_filters_by_district(client, commissioner, figures, stevenage):
    client.force_login(commissioner)
    response = client.get(reverse("engagement:dashboard"), {"district": stevenage.pk})
    figures_ = response.context["figures"]
    assert [row["key"] for row in figures_.by_district] == ["Stevenage"]
    assert figures_.totals["received"] == 1


def test_public_dashboard_counts_only_published_material(client, figures, watford):
    private = factories.make_answered_question(
        factories.make_plan_item(figures, watford), is_public=False
    )
    response = client.get(reverse("engagement:public_dashboard"))
    figures_ = response.context["figures"]
    assert figures_.totals["received"] == 5  # public, accepted, minutes published
    assert private.text not in response.text
    ratings = {row["district"] for row in figures_.rag_rows}
    assert ratings == {"Watford"}
    assert figures_.criteria == []
    assert "Feedback score per criterion" not in response.text


class ChartReader(HTMLParser):
    """Collects, per <figure class="chart">, the SVG's text and the table's cells."""

    def __init__(self):
        super().__init__()
        self.charts = []
        self.inside = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure" and "chart" in attrs.get("class", ""):
            self.charts.append({"svg": [], "cells": [], "svg_attrs": None, "parts": set()})
        elif self.charts and tag == "svg":
            self.charts[-1]["svg_attrs"] = attrs
        elif self.charts and tag in {"text", "td", "title", "desc"}:
            self.inside = tag
            self.charts[-1]["parts"].add(tag)

    def handle_endtag(self, tag):
        if tag == self.inside:
            self.inside = None

    def handle_data(self, data):
        if self.inside == "text":
            self.charts[-1]["svg"].append(data.strip())
        elif self.inside == "td":
            self.charts[-1]["cells"].append(data.strip())


@pytest.mark.parametrize("url_name", ["dashboard", "public_dashboard"])
def test_each_chart_is_accessible_svg_with_its_figures_in_a_table(
    client, commissioner, figures, url_name
):
    client.force_login(commissioner)
    reader = ChartReader()
    reader.feed(client.get(reverse(f"engagement:{url_name}")).text)
    assert len(reader.charts) >= 5
    for chart in reader.charts:
        assert chart["svg_attrs"]["role"] == "img"
        assert {"title", "desc"} <= chart["parts"]
        assert chart["cells"], "every chart has a table of figures"
        letters = {"Red": "R", "Amber": "A", "Green": "G", "Not rated": "\u2013"}
        for cell in chart["cells"]:
            assert letters.get(cell, cell) in chart["svg"]


def test_bar_chart_scales_bars_to_the_largest_value():
    chart = bar_chart(
        chart_id="c",
        title="t",
        description="d",
        labels=["A", "B", "C"],
        series=[Series("Share", [100, 50, None], "%")],
        maximum=100,
    )
    widths = [row["bars"][0]["width"] for row in chart.rows]
    assert widths[0] == 2 * widths[1]
    assert widths[2] == 0
    assert chart.table_rows == [("A", ["100%"]), ("B", ["50%"]), ("C", ["no data"])]


def test_coverage_calls_out_the_gaps_in_plain_words(client, commissioner, stevenage, watford):
    meeting = factories.make_past_meeting()
    item = factories.make_plan_item(meeting, stevenage)
    youth = factories.make_organisation("Stevenage Youth Voice", sector="youth")
    women = factories.make_organisation("Stevenage Women", sector="women")
    factories.make_question(item, organisation=youth, asked_by=factories.make_representative(youth))
    factories.make_feedback(item.plan_version, organisation=women, agenda_item=item)
    factories.make_organisation("Stevenage Mosque", sector="faith", districts=["stevenage"])
    factories.make_plan_item(meeting, watford)
    _, rows = build_coverage(scope(meeting=meeting))
    stevenage_row = next(row for row in rows if row.district == stevenage)
    sentence = gap_sentence(stevenage_row)
    assert sentence.startswith("No business, disability, ethnic minority, faith, LGBTQ+")
    assert sentence.endswith("or victims and survivors organisation has asked about or "
                             "commented on the Stevenage plan.")  # fmt: skip
    assert "youth" not in sentence and "women" not in sentence
    assert stevenage_row.could_ask == ["Stevenage Mosque"]
    client.force_login(commissioner)
    page = client.get(reverse("engagement:coverage"), {"meeting": meeting.pk}).text
    assert sentence in page
    assert "Stevenage Mosque" in page


def test_coverage_of_a_single_gap_reads_naturally(stevenage):
    item = factories.make_plan_item(district=stevenage)
    for sector in ["business", "disability", "ethnic-minority", "faith", "older-people",
                   "residents", "victims-and-survivors", "women", "youth"]:  # fmt: skip
        organisation = factories.make_organisation(sector=sector)
        factories.make_question(item, organisation=organisation)
    _, rows = build_coverage(scope(district=stevenage))
    assert gap_sentence(rows[0]) == (
        "No LGBTQ+ organisation has asked about or commented on the Stevenage plan."
    )


def scale(n):
    meeting = factories.make_past_meeting()
    people = factories.make_outcome_people()
    for index in range(n):
        factories.make_scrutinised_item(meeting, published=index % 2 == 0, people=people)
    factories.make_scrutinised_item(meeting, questions=n, people=people)
    Action.objects.filter(pk__in=Action.objects.values("pk")[: n // 2]).update(
        due_on=TODAY() - timedelta(days=1)
    )


@pytest.mark.parametrize(
    ("url_name", "signed_in", "count"),
    [("dashboard", True, 10), ("coverage", True, 11), ("public_dashboard", False, 5)],
)
def test_query_counts_do_not_grow(
    client, commissioner, django_assert_num_queries, url_name, signed_in, count
):
    if signed_in:
        client.force_login(commissioner)
    url = reverse(f"engagement:{url_name}")
    scale(3)
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200
    scale(30)
    with django_assert_num_queries(count):
        client.get(url)
