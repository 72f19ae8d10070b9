"""Every page's query count stays flat as the data grows, within the budget.

One row per page and role that reads it. Pages from other areas are listed as soon as their
URL name is known; a row whose URL name does not exist yet is skipped, and a new URL name
that has no row here fails `test_every_page_has_a_query_budget_row`.
"""

from types import SimpleNamespace

import pytest
from django.urls import get_resolver, reverse

from engagement.models import District
from tests.querycount import (
    PanelRows,
    assert_flat_query_count,
    budget_for,
    check_flat_and_within_budget,
    count_queries,
)

pytestmark = pytest.mark.django_db

EVERYONE = ["anonymous", "representative", "chief_inspector", "secretariat", "commissioner"]
REP, CHIEF, SEC, PCC = "representative", "chief_inspector", "secretariat", "commissioner"

# url name, the roles to measure it as, its arguments from PanelRows (or None). Rows whose
# URL name does not exist yet are skipped, so other areas' pages are measured as they land.
PAGES = [
    # Public
    ("home", EVERYONE, None),
    ("privacy", ["anonymous"], None),
    ("meeting_list", ["anonymous", SEC], None),
    ("meeting_detail", ["anonymous", REP], lambda r: [r.meeting.pk]),
    ("meeting_feed", ["anonymous"], None),
    ("meeting_ics", ["anonymous"], lambda r: [r.meeting.pk]),
    ("meeting_screen", ["anonymous"], lambda r: [r.meeting.pk]),
    ("meeting_screen_now", ["anonymous"], lambda r: [r.meeting.pk]),
    ("meeting_pack", [SEC], lambda r: [r.meeting.pk]),
    ("plan_detail", ["anonymous", REP], lambda r: [r.plan.pk]),
    ("plan_version_detail", ["anonymous"], lambda r: [r.plan.pk, r.version.number]),
    ("plan_compare", [REP], lambda r: [r.plan.pk]),
    ("you_said_we_did", ["anonymous"], None),
    ("district_detail", ["anonymous"], lambda r: [r.district.slug]),
    ("meeting_you_said_we_did", ["anonymous"], lambda r: [r.past_meeting.pk]),
    ("question_detail", ["anonymous", REP], lambda r: [r.past_question.pk]),
    ("outcome_detail", ["anonymous"], lambda r: [r.outcome.pk]),
    ("recommendation_detail", ["anonymous", PCC], lambda r: [r.recommendation.pk]),
    ("action_detail", ["anonymous", PCC], lambda r: [r.action.pk]),
    ("public_dashboard", ["anonymous"], None),
    # Chief inspectors, plans and documents
    ("district_home", [CHIEF], None),
    ("district_questions", [CHIEF], None),
    ("district_actions", [CHIEF], None),
    ("plan_create", [CHIEF], None),
    ("plan_edit", [CHIEF], lambda r: [r.draft_plan.pk]),
    ("plan_version_create", [CHIEF], lambda r: [r.plan.pk]),
    ("plan_version_edit", [CHIEF], lambda r: [r.draft_plan.pk, r.draft_version.number]),
    ("plan_version_submit", [CHIEF], lambda r: [r.draft_plan.pk, r.draft_version.number]),
    ("question_respond", [CHIEF], lambda r: [r.question.pk]),
    ("action_progress", [CHIEF], lambda r: [r.action.pk]),
    ("recommendation_list", [CHIEF], None),
    ("recommendation_reply", [CHIEF], lambda r: [r.recommendation.pk]),
    # Community representatives
    ("representative_home", [REP], None),
    ("my_questions", [REP], None),
    ("membership_request_create", [REP], None),
    ("profile_edit", [REP], None),
    ("agenda_item_detail", [REP], lambda r: [r.item.pk]),
    ("question_create", [REP], lambda r: [r.item.pk]),
    ("feedback_edit", [REP], lambda r: [r.item.pk, r.organisation.pk]),
    ("question_edit", [REP], lambda r: [r.submitted_question.pk]),
    ("question_withdraw", [REP], lambda r: [r.submitted_question.pk]),
    # Secretariat
    ("secretariat_home", [SEC], None),
    ("moderation_index", [SEC], None),
    ("moderation_queue", [SEC], lambda r: [r.meeting.pk]),
    ("question_moderate", [SEC], lambda r: [r.submitted_question.pk]),
    ("invitation_list", [SEC], None),
    ("membership_request_list", [SEC], None),
    ("meeting_create", [SEC], None),
    ("meeting_manage", [SEC], lambda r: [r.meeting.pk]),
    ("meeting_edit", [SEC], lambda r: [r.meeting.pk]),
    ("meeting_agenda", [SEC], lambda r: [r.meeting.pk]),
    ("agenda_item_edit", [SEC], lambda r: [r.item.pk]),
    ("meeting_invitations", [SEC], lambda r: [r.meeting.pk]),
    ("meeting_attendance", [SEC], lambda r: [r.meeting.pk]),
    ("meeting_live", [SEC], lambda r: [r.meeting.pk]),
    ("meeting_minutes", [SEC], lambda r: [r.past_meeting.pk]),
    # Commissioner's office
    ("commissioner_home", [PCC], None),
    ("meeting_review", [PCC], lambda r: [r.past_meeting.pk]),
    ("meeting_outcome_report", [PCC], lambda r: [r.past_meeting.pk]),
    ("outcome_record", [PCC], lambda r: [r.review_item.pk]),
    ("outcome_correct", [PCC], lambda r: [r.outcome.pk]),
    ("recommendation_create", [PCC], lambda r: [r.outcome.pk]),
    ("recommendation_edit", [PCC], lambda r: [r.recommendation.pk]),
    ("dashboard", [PCC], None),
    ("coverage", [PCC], None),
    ("export_list", [PCC], None),
    ("export_csv", [PCC], lambda r: ["questions"]),
    ("history_list", [PCC], None),
    ("object_history", [PCC], lambda r: ["question", r.past_question.pk]),
    # Accounts
    ("account", [REP], None),
    ("personal_data_download", [REP], None),
    ("account_erase", [REP], None),
]

# URL names that are not pages to measure, and why.
NOT_PAGES = {
    "role_home": "redirects to the one role home most people have",
    "healthz": "one query by design (tests/test_operations.py)",
    "bench_trivial": "no query at all by design (tests/test_operations.py)",
    "invitation_accept": "needs a freshly signed token (tested with the invitations)",
    "plan_document": "a file download: one permission check, then the file",
    "evidence_document": "a file download: one permission check, then the file",
    "mfa_setup": "two-factor steps depend on the person's devices, which do not grow",
    "mfa_verify": "two-factor steps depend on the person's devices, which do not grow",
    "mfa_recover": "two-factor steps depend on the person's devices, which do not grow",
    "mfa_recovery_codes": "two-factor steps depend on the person's devices, which do not grow",
}
# POST-only actions: they change something and redirect, so they list nothing.
NOT_PAGES |= dict.fromkeys(
    [
        "question_upvote",
        "invitation_revoke",
        "membership_request_decide",
        "meeting_status",
        "agenda_item_move",
        "agenda_item_remove",
        "live_show_item",
        "live_take_question",
        "live_answer_question",
        "live_defer_question",
        "live_floor_question",
        "live_agree_action",
        "minutes_draft",
        "minutes_approve",
        "minutes_publish",
        "outcome_publish",
        "recommendation_done",
    ],
    "a POST-only action",
)

# Pages over budget or not flat when last measured (issue 8), kept visible until fixed.
# Strict: a page that gets fixed fails here until it leaves this list.
KNOWN_OVER_BUDGET = {}

# Pages whose honest budget is above the usual one, with the reason. Still flat (the same
# count with 3 rows or 30), and pinned: a page that gets cheaper lowers its budget here.
OWN_BUDGETS = {}

CASES = [
    pytest.param(
        name,
        role,
        id=f"{name}-{role}",
        marks=[pytest.mark.xfail(reason=KNOWN_OVER_BUDGET[name, role], strict=True)]
        if (name, role) in KNOWN_OVER_BUDGET
        else [],
    )
    for name, roles, _ in PAGES
    for role in roles
]


def engagement_url_names():
    resolver = get_resolver().namespace_dict["engagement"][1]
    return {name for name in resolver.reverse_dict if isinstance(name, str)}


# Each role's pages are measured together, on one set of rows, the first time one of them
# is tested: building ten times the rows again for each of ninety pages took minutes. Each
# page's own test then judges its own counts.
_measured_by_role = {}


def measure_pages_of(role, client, user_for_role):
    rows = PanelRows(*map(user_for_role, [CHIEF, REP, PCC]))
    if role != "anonymous":
        client.force_login(user_for_role(role))
    names = engagement_url_names()
    urls = {
        name: reverse(f"engagement:{name}", args=args(rows) if args else None)
        for name, roles, args in PAGES
        if role in roles and name in names
    }
    measured = {name: {"url": url} for name, url in urls.items()}
    for size in ("few", "many"):
        rows.add(3 if size == "few" else 27)
        for result in measured.values():
            if "error" in result:
                continue
            try:
                client.get(result["url"])  # warm up per-process caches (content types)
                result[size] = count_queries(client, result["url"])
            except Exception as error:
                result["error"] = error  # raised again by this page's own test
    return measured, budget_for(client)


@pytest.mark.xdist_group("query-budgets")
@pytest.mark.parametrize(("url_name", "role"), CASES)
def test_page_query_count_is_flat_and_within_budget(client, user_for_role, url_name, role):
    if url_name not in engagement_url_names():
        pytest.skip(f"engagement:{url_name} does not exist yet")
    if role not in _measured_by_role:
        _measured_by_role[role] = measure_pages_of(role, client, user_for_role)
    measured, usual_budget = _measured_by_role[role]
    result = measured[url_name]
    if "error" in result:
        raise result["error"]

    budget, _ = OWN_BUDGETS.get((url_name, role), (None, None))
    count = check_flat_and_within_budget(
        result["url"], result["few"], result["many"], budget or usual_budget
    )
    if budget is not None:
        assert count == budget, f"{url_name} now runs {count} queries: lower OWN_BUDGETS to it"


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
