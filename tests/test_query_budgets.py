"""Every page's query count stays flat as the data grows, within the budget.

One row per page and role that reads it. Pages from other areas are listed as soon as their
URL name is known; a row whose URL name does not exist yet is skipped, and a new URL name
that has no row here fails `test_every_page_has_a_query_budget_row`.
"""

from types import SimpleNamespace

import pytest
from django.urls import get_resolver, reverse

from engagement.models import District
from tests.querycount import PanelRows, assert_flat_query_count

pytestmark = pytest.mark.django_db

EVERYONE = ["anonymous", "representative", "chief_inspector", "secretariat", "commissioner"]

# url name, the roles to measure it as, its arguments from PanelRows (or None)
PAGES = [
    # Public
    ("home", EVERYONE, None),
    # Chief inspectors
    ("district_home", ["chief_inspector"], None),
    # Community representatives
    ("representative_home", ["representative"], None),
    # Secretariat
    ("secretariat_home", ["secretariat"], None),
    # Commissioner's office
    ("commissioner_home", ["commissioner"], None),
    # Detail pages the models already link to (their views come with issues 3 to 6).
    ("meeting_detail", ["anonymous"], lambda rows: [rows.meeting.pk]),
    ("agenda_item_detail", ["anonymous"], lambda rows: [rows.item.pk]),
    ("plan_detail", ["anonymous"], lambda rows: [rows.plan.pk]),
    ("plan_version_detail", ["anonymous"], lambda rows: [rows.plan.pk, rows.version.number]),
    ("question_detail", ["anonymous"], lambda rows: [rows.past_question.pk]),
    ("outcome_detail", ["anonymous"], lambda rows: [rows.outcome.pk]),
    ("recommendation_detail", ["commissioner"], lambda rows: [rows.recommendation.pk]),
    ("action_detail", ["commissioner"], lambda rows: [rows.action.pk]),
    ("district_detail", ["anonymous"], lambda rows: [rows.district.slug]),
]

# URL names that are not pages to measure, and why.
NOT_PAGES = {
    "role_home": "redirects to the one role home most people have",
    "healthz": "one query by design (tests/test_operations.py)",
    "bench_trivial": "no query at all by design (tests/test_operations.py)",
}

CASES = [
    pytest.param(name, role, args, id=f"{name}-{role}")
    for name, roles, args in PAGES
    for role in roles
]


def engagement_url_names():
    resolver = get_resolver().namespace_dict["engagement"][1]
    return {name for name in resolver.reverse_dict if isinstance(name, str)}


@pytest.mark.parametrize(("url_name", "role", "args"), CASES)
def test_page_query_count_is_flat_and_within_budget(
    client, user_for_role, chief_inspector, representative, commissioner, url_name, role, args
):
    if url_name not in engagement_url_names():
        pytest.skip(f"engagement:{url_name} does not exist yet")
    rows = PanelRows(chief_inspector, representative, commissioner)
    if role != "anonymous":
        client.force_login(user_for_role(role))
    url = reverse(f"engagement:{url_name}", args=args(rows) if args else None)

    assert_flat_query_count(client, url, rows.add)


def test_every_page_has_a_query_budget_row():
    listed = {name for name, _, _ in PAGES} | set(NOT_PAGES)
    missing = sorted(engagement_url_names() - listed)
    assert not missing, (
        f"Add a row to PAGES in {__file__} for each of {missing} (or to NOT_PAGES with the "
        "reason it is not a page, e.g. a POST-only action)."
    )


class PageWithAnNPlusOne:
    """A stand-in client whose page runs one query per row, as a forgotten prefetch would."""

    session = {}

    def __init__(self):
        self.rows = 0

    def get(self, url):
        for _ in range(self.rows + 1):
            list(District.objects.all()[:1])
        return SimpleNamespace(status_code=200)

    def add(self, n):
        self.rows += n


def test_the_helper_catches_a_query_count_that_grows():
    page = PageWithAnNPlusOne()
    with pytest.raises(AssertionError, match="N\\+1"):
        assert_flat_query_count(page, "/", page.add)


def test_the_helper_enforces_the_budget():
    page = PageWithAnNPlusOne()
    page.rows = 4  # five queries, whatever the data
    with pytest.raises(AssertionError, match="5 queries, budget 2"):
        assert_flat_query_count(page, "/", lambda n: None, budget=2)
