"""CSV exports: Excel-friendly, safe against formula injection, filtered as asked."""

import csv
import io

import pytest
from django.urls import reverse

from engagement.exports import safe_cell
from tests import factories

pytestmark = pytest.mark.django_db


def download(client, kind, **filters):
    response = client.get(reverse("engagement:export_csv", args=[kind]), filters)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="{kind}-')
    return b"".join(response.streaming_content)


def rows_of(body):
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tTabbed", "'\tTabbed"),
        ("\rReturn", "'\rReturn"),
        ("Plain words = fine", "Plain words = fine"),
        (42, 42),
        (None, ""),
        (True, "yes"),
    ],
)
def test_cells_that_could_run_as_formulas_are_neutralised(value, expected):
    assert safe_cell(value) == expected


@pytest.mark.parametrize("kind", ["questions", "feedback", "outcomes", "actions"])
def test_every_export_starts_with_a_byte_order_mark(client, commissioner, kind):
    factories.make_scrutinised_item()
    client.force_login(commissioner)
    body = download(client, kind)
    assert body.startswith("\ufeff".encode())
    header, *rows = rows_of(body)
    assert header and len(rows) == 1


def test_question_export_neutralises_a_formula_and_keeps_unicode(client, commissioner):
    item = factories.make_plan_item()
    factories.make_answered_question(item, text='=cmd|"/c calc"!A1 — Beyoncé\u2019s café')
    client.force_login(commissioner)
    header, row = rows_of(download(client, "questions"))
    text = row[header.index("Question text")]
    assert text == '\'=cmd|"/c calc"!A1 — Beyoncé\u2019s café'


def test_question_export_names_the_asker_only_as_they_chose(client, commissioner, organisation):
    hidden = factories.make_representative(
        organisation, first_name="Secret", last_name="Person", name_display="hidden"
    )
    factories.make_answered_question(asked_by=hidden)
    client.force_login(commissioner)
    body = download(client, "questions").decode("utf-8-sig")
    assert "Secret" not in body


def test_feedback_export_has_a_column_per_criterion(client, commissioner):
    factories.make_feedback(score=4, what_is_missing="@nothing for older people")
    client.force_login(commissioner)
    header, row = rows_of(download(client, "feedback"))
    assert "Clarity (1 to 5)" in header
    assert row[header.index("Clarity (1 to 5)")] == "4"
    assert row[header.index("What is missing")] == "'@nothing for older people"


def test_exports_apply_the_filters(client, commissioner, watford, stevenage):
    first = factories.make_past_meeting()
    second = factories.make_past_meeting(days_ago=2)
    factories.make_scrutinised_item(first, watford)
    factories.make_scrutinised_item(first, stevenage)
    factories.make_scrutinised_item(second, watford)
    client.force_login(commissioner)
    for kind in ["questions", "feedback", "outcomes", "actions"]:
        header, *rows = rows_of(download(client, kind, district=watford.pk))
        district = header.index("District")
        assert {row[district] for row in rows} == {"Watford"}, kind
        assert len(rows) == 2, kind
        header, *rows = rows_of(download(client, kind, meeting=first.pk, district=watford.pk))
        assert len(rows) == 1, kind
        header, *rows = rows_of(download(client, kind))
        assert len(rows) == 3, kind


def test_export_page_links_carry_the_filters(client, commissioner, watford):
    client.force_login(commissioner)
    page = client.get(reverse("engagement:export_list"), {"district": watford.pk}).text
    assert f'href="/commissioner/exports/questions.csv?district={watford.pk}"' in page


def test_export_query_count_does_not_grow(client, commissioner, django_assert_num_queries):
    people = factories.make_outcome_people()
    for _ in range(3):
        factories.make_scrutinised_item(people=people)
    client.force_login(commissioner)
    counts = {"questions": 4, "feedback": 6, "outcomes": 6, "actions": 5}
    for kind, count in counts.items():
        with django_assert_num_queries(count):
            download(client, kind)
    for _ in range(12):
        factories.make_scrutinised_item(people=people)
    for kind, count in counts.items():
        with django_assert_num_queries(count):
            download(client, kind)
