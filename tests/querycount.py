"""Query-count discipline: a page costs the same number of queries with 3 rows or 30.

Use it in any view test:

    from tests.querycount import PanelRows, assert_flat_query_count

    def test_meeting_page_queries_do_not_grow(client):
        rows = PanelRows()
        url = reverse("engagement:meeting_detail", args=[rows.meeting.pk])
        assert_flat_query_count(client, url, rows.add)

`add(n)` must add n more of whatever the page lists; `PanelRows.add` adds n of everything
(questions with responses and votes, feedback, outcomes, recommendations, actions with
progress, meetings) around one meeting, plan and district, so one helper serves every page.
Sign the client in first for a signed-in page: the budget follows from that.
"""

from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engagement.models import Action, EngagementPlan, PanelMeeting, PlanVersion, Question
from tests import factories

PUBLIC_BUDGET = 10
SIGNED_IN_BUDGET = 15


def count_queries(client, url):
    """The SQL run to serve one GET of `url` with a cold cache; the page must answer 200."""
    cache.clear()  # a cache entry that expires mid-test would change the count
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"GET {url} answered {response.status_code}"
    return [query["sql"] for query in captured.captured_queries]


def assert_flat_query_count(client, url, add, *, small=3, factor=10, budget=None):
    """Render `url` with `small` rows, then with `small * factor`: same count, within budget.

    Returns the count, so a test can also pin it with `== n` if it wants.
    """
    budget = budget or budget_for(client)
    add(small)
    client.get(url)  # warm up per-process caches (content types and the like)
    few = count_queries(client, url)
    add(small * factor - small)
    many = count_queries(client, url)
    return check_flat_and_within_budget(url, few, many, budget)


def budget_for(client):
    signed_in = "_auth_user_id" in client.session
    return SIGNED_IN_BUDGET if signed_in else PUBLIC_BUDGET


def check_flat_and_within_budget(url, few, many, budget):
    """Fail unless the queries with few rows and with many are as many, and within budget."""
    assert len(many) == len(few), _explain(url, few, many)
    assert len(few) <= budget, f"GET {url}: {len(few)} queries, budget {budget}:\n" + "\n".join(few)
    return len(few)


def _explain(url, few, many):
    more, fewer = (many, few) if len(many) > len(few) else (few, many)
    extra = [sql for sql in more if sql not in fewer] or more
    listing = "\n".join(f"  {sql[:300]}" for sql in extra[:15])
    return (
        f"GET {url}: {len(few)} queries with few rows but {len(many)} with ten times as many "
        "(more usually means an N+1: fetch related rows with select_related or "
        f"prefetch_related). Queries in one run and not the other:\n{listing}"
    )


class PanelRows:
    """One of everything a page can be about, in Watford, and `add(n)` to list n more.

    Built around the role fixtures' people when given, so their pages see the rows: the
    chief inspector leads Watford and the representative asks and gives feedback.
    """

    def __init__(self, chief_inspector=None, representative=None, commissioner=None):
        self.district = factories.get_district("watford")
        self.chief = chief_inspector or factories.make_chief_inspector(self.district)
        self.representative = representative or factories.make_representative()
        self.organisation = self.representative.memberships.first().organisation
        self.commissioner = commissioner or factories.make_commissioner()
        self.plan = factories.make_plan(self.district, created_by=self.chief)
        self.version = factories.make_version(self.plan)
        self.meeting = factories.make_meeting(title="Next panel")
        self.item = factories.make_agenda_item(self.meeting, version=self.version)
        self.past_meeting = self.make_past_meeting("Last panel")
        self.past_plan = factories.make_plan(self.district, created_by=self.chief)
        self.past_version = factories.make_version(self.past_plan)
        self.past_item = factories.make_agenda_item(self.past_meeting, version=self.past_version)
        # An item still waiting for its outcome, for the pages that record one.
        self.review_item = factories.make_agenda_item(
            self.past_meeting, version=factories.make_version(factories.make_plan(self.district))
        )
        self.outcome = factories.make_outcome(
            self.past_item, reviewed_by=self.commissioner, published=True
        )
        self.recommendation = factories.make_recommendation(self.outcome)
        self.action = factories.make_action(
            self.district, recommendation=self.recommendation, created_by=self.commissioner
        )
        self.question = self.ask(self.item, by=self.representative)
        self.past_question = self.ask(self.past_item, by=self.representative, answered=True)
        self.feedback = factories.make_feedback(
            self.version, author=self.representative, organisation=self.organisation
        )
        self.submitted_question = factories.make_question(self.item, asked_by=self.representative)
        self.draft_plan = factories.make_plan(
            self.district, created_by=self.chief, status=EngagementPlan.Status.DRAFT
        )
        self.draft_version = factories.make_version(
            self.draft_plan, status=PlanVersion.Status.DRAFT
        )

    @staticmethod
    def make_past_meeting(title=None):
        now = timezone.now()
        return factories.make_meeting(
            status=PanelMeeting.Status.MINUTES_PUBLISHED,
            days_ahead=-60,
            title=title or f"Past panel {factories._next()}",
            minutes="The panel met.",
            minutes_approved_at=now - timedelta(days=40),
            minutes_published_at=now - timedelta(days=39),
        )

    def ask(self, item, by=None, answered=False):
        question = factories.make_question(
            item,
            asked_by=by,
            status=Question.Status.ANSWERED if answered else Question.Status.ACCEPTED,
            is_public=True,
        )
        if answered:
            factories.make_response(question, responded_by=self.chief)
        factories.make_upvote(question)
        return question

    def add(self, n):
        """n more of every kind of row, on the same meetings, plans and district."""
        for _ in range(n):
            self.ask(self.item)
            self.ask(self.item, by=self.representative)
            self.ask(self.past_item, answered=True)
            factories.make_question(self.item, asked_by=self.representative)  # submitted
            factories.make_feedback(self.version)
            factories.make_feedback(self.past_version)
            recommendation = factories.make_recommendation(self.outcome)
            action = factories.make_action(
                self.district,
                recommendation=recommendation,
                created_by=self.commissioner,
                status=Action.Status.IN_PROGRESS,
            )
            factories.make_progress_update(action, reported_by=self.chief)
            factories.make_meeting()
            past_item = factories.make_agenda_item(self.make_past_meeting())
            factories.make_outcome(past_item, reviewed_by=self.commissioner, published=True)
