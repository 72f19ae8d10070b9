"""The chain made visible: timelines, outcomes, recommendations, actions, "you said, we did",
and the chief inspector's reply to a recommendation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from engagement import services
from engagement.models import Action, Profile, Recommendation, ScrutinyOutcome
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "representative",
    "other_representative",
    "chief_inspector",
    "other_chief_inspector",
    "secretariat",
    "commissioner",
    "site_admin",
]
TODAY = timezone.localdate


@pytest.fixture
def published(watford, representative, organisation):
    """Watford's plan at a past meeting, with the whole chain published."""
    meeting = factories.make_past_meeting(title="Spring panel")
    item = factories.make_plan_item(meeting, watford)
    question = factories.make_answered_question(
        item, asked_by=representative, text="How will you reach young people?"
    )
    outcome = factories.make_outcome(item, rating="amber", rationale="Good aims, few measures.")
    recommendation = factories.make_recommendation(
        outcome,
        text="Run a youth surgery every month.",
        status="accepted",
        reply="Yes.",
        replied_at=timezone.now(),
    )
    recommendation.questions.add(question)
    action = factories.make_action(watford, recommendation=recommendation, title="Youth surgery")
    factories.make_progress_update(action, note="Two surgeries held in Holywell.")
    ScrutinyOutcome.objects.filter(pk=outcome.pk).update(published_at=timezone.now())
    outcome.refresh_from_db()
    return {
        "meeting": meeting,
        "item": item,
        "question": question,
        "outcome": outcome,
        "recommendation": recommendation,
        "action": action,
    }


@pytest.fixture
def draft(watford, representative):
    """Watford's plan at another meeting: a private question, an unpublished outcome."""
    item = factories.make_plan_item(factories.make_past_meeting(days_ago=3), watford)
    question = factories.make_answered_question(
        item, asked_by=representative, is_public=False, text="A private worry"
    )
    outcome = factories.make_outcome(item, rating="red", rationale="Draft reasoning")
    recommendation = factories.make_recommendation(outcome, text="Draft recommendation")
    recommendation.questions.add(question)
    action = factories.make_action(watford, recommendation=recommendation, title="Draft action")
    return {"question": question, "outcome": outcome, "recommendation": recommendation,
            "action": action}  # fmt: skip


def get_as(client, user, url):
    if user:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("role", ROLES)
def test_published_chain_is_open_to_everyone(client, user_for_role, published, role):
    urls = [
        reverse("engagement:question_detail", args=[published["question"].pk]),
        published["outcome"].get_absolute_url(),
        published["recommendation"].get_absolute_url(),
        published["action"].get_absolute_url(),
        reverse("engagement:district_detail", args=["watford"]),
        reverse("engagement:meeting_you_said_we_did", args=[published["meeting"].pk]),
        reverse("engagement:you_said_we_did"),
        reverse("engagement:public_dashboard"),
    ]
    user = user_for_role(role)
    if user:
        client.force_login(user)
    for url in urls:
        assert client.get(url).status_code == 200, url


# Who may see the unpublished Watford outcome, its recommendation and its action.
DRAFT_VISIBLE = {"chief_inspector", "secretariat", "commissioner", "site_admin"}
# The private question: its asker, Watford, and those who see everything.
PRIVATE_VISIBLE = {"representative", "chief_inspector", "secretariat", "commissioner",
                   "site_admin"}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_parts_are_404_to_those_who_may_not_see_them(
    client, user_for_role, draft, role
):
    user = user_for_role(role)
    if user:
        client.force_login(user)
    for key in ["outcome", "recommendation", "action"]:
        response = client.get(draft[key].get_absolute_url())
        assert response.status_code == (200 if role in DRAFT_VISIBLE else 404), (key, role)
    question = client.get(draft["question"].get_absolute_url())
    assert question.status_code == (200 if role in PRIVATE_VISIBLE else 404)


def test_meeting_page_with_nothing_published_is_404(client, commissioner, draft):
    client.force_login(commissioner)
    meeting = draft["outcome"].meeting
    url = reverse("engagement:meeting_you_said_we_did", args=[meeting.pk])
    assert client.get(url).status_code == 404


def test_unknown_district_is_404(client):
    assert client.get(reverse("engagement:district_detail", args=["gotham"])).status_code == 404


def test_timeline_tells_the_whole_story_in_order(client, published):
    page = client.get(published["question"].get_absolute_url()).text
    steps = [
        "Asked by a representative of One Vision",
        "Accepted for the panel meeting",
        "Answered by the district",
        "Turned into a recommendation to Watford",
        "Watford accepted the recommendation",
        "Action agreed: Youth surgery",
        "Progress: in progress",
        "Outcome published: Amber",
    ]
    positions = [page.index(step) for step in steps]
    assert positions == sorted(positions)
    assert "Two surgeries held in Holywell." in page
    assert published["recommendation"].get_absolute_url() in page
    assert published["action"].get_absolute_url() in page


def test_timeline_includes_the_change_records(client, commissioner, published):
    services.record_change(
        subject=published["question"], action="question.reworded", by=commissioner
    )
    public = client.get(published["question"].get_absolute_url()).text
    assert "Question reworded" in public
    assert "Tester" not in public.split("Record of changes")[1]
    client.force_login(commissioner)
    office = client.get(published["question"].get_absolute_url()).text
    assert "Commissioner Tester" in office.split("Record of changes")[1]


def test_timeline_hides_what_the_reader_may_not_see(client, watford):
    item = factories.make_plan_item(factories.make_past_meeting(), watford)
    question = factories.make_answered_question(item)
    recommendation = factories.make_recommendation(
        factories.make_outcome(item), text="Not yet public"
    )
    recommendation.questions.add(question)
    page = client.get(question.get_absolute_url()).text
    assert question.text in page
    assert "Not yet public" not in page
    assert "Outcome published:" not in page


@pytest.mark.parametrize(
    ("choice", "shown", "hidden"),
    [
        (Profile.NameDisplay.FULL_NAME, "Amara Mensah, One Vision", None),
        (Profile.NameDisplay.ORGANISATION, "A representative of One Vision", "Mensah"),
        (Profile.NameDisplay.HIDDEN, None, "Mensah"),
    ],
)
def test_names_appear_only_as_the_asker_chose(client, organisation, published, choice, shown,
                                              hidden):  # fmt: skip
    asker = factories.make_representative(
        organisation, first_name="Amara", last_name="Mensah", name_display=choice
    )
    question = factories.make_answered_question(
        published["item"], asked_by=asker, text="Who decides the priorities?"
    )
    for url in [
        question.get_absolute_url(),
        reverse("engagement:district_detail", args=["watford"]),
        published["outcome"].get_absolute_url(),
    ]:
        page = client.get(url).text
        assert "Who decides the priorities?" in page
        if shown:
            assert shown in page
        if hidden:
            assert hidden not in page


def test_recommendation_links_back_to_its_questions(client, published, draft):
    page = client.get(published["recommendation"].get_absolute_url()).text
    assert published["question"].get_absolute_url() in page
    assert "How will you reach young people?" in page
    assert "Two surgeries held in Holywell." in page


def test_action_shows_its_progress_and_recommendation(client, published):
    factories.make_progress_update(
        published["action"], note="All wards covered.", reported_on=TODAY()
    )
    page = client.get(published["action"].get_absolute_url()).text
    assert page.index("All wards covered.") < page.index("Two surgeries held in Holywell.")
    assert published["recommendation"].get_absolute_url() in page


def test_district_page_shows_only_published_material(client, published, draft):
    factories.make_answered_question(published["item"], is_public=False, text="Secret question")
    page = client.get(reverse("engagement:district_detail", args=["watford"])).text
    assert "How will you reach young people?" in page
    assert "We will hold monthly street surgeries from June." in page
    assert "Run a youth surgery every month." in page
    assert "Two surgeries held in Holywell." in page
    for unpublished in ["Secret question", "A private worry", "Draft recommendation",
                        "Draft reasoning", "Draft action"]:  # fmt: skip
        assert unpublished not in page


def test_public_pages_show_corrections_with_their_date(client, commissioner, published):
    services.correct_outcome(
        outcome=published["outcome"],
        expected_revision=None,
        values={"rating": "green", "rationale": "Measures were in the annex.", "findings": ""},
        note="We missed the annex.",
        by=commissioner,
    )
    for url in [
        reverse("engagement:district_detail", args=["watford"]),
        reverse("engagement:meeting_you_said_we_did", args=[published["meeting"].pk]),
        published["outcome"].get_absolute_url(),
    ]:
        page = client.get(url).text
        assert f"Correction, {TODAY():%-d %B %Y}" in page
        assert "We missed the annex." in page


def test_index_lists_districts_and_meetings_with_published_outcomes(client, published, draft):
    page = client.get(reverse("engagement:you_said_we_did")).text
    assert reverse("engagement:district_detail", args=["watford"]) in page
    assert "Spring panel" in page
    assert draft["outcome"].meeting.title not in page


def build_published(n):
    """n published plans at one meeting, each with one question, and one plan with n."""
    meeting = factories.make_past_meeting()
    people = factories.make_outcome_people()
    for _ in range(n):
        factories.make_scrutinised_item(meeting, people=people)
    factories.make_scrutinised_item(meeting, questions=n, people=people)
    return meeting


def test_you_said_we_did_query_counts_do_not_grow(client, django_assert_num_queries):
    small = build_published(3)
    pages = {
        "district": (reverse("engagement:district_detail", args=["watford"]), 6),
        "meeting": (reverse("engagement:meeting_you_said_we_did", args=[small.pk]), 6),
        "index": (reverse("engagement:you_said_we_did"), 3),
    }
    for url, count in pages.values():
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200
    large = build_published(30)
    pages["meeting"] = (reverse("engagement:meeting_you_said_we_did", args=[large.pk]), 6)
    for url, count in pages.values():
        with django_assert_num_queries(count):
            client.get(url)


# Overviews: the first few of each list, the counts, and the way to the rest ---------------


def days(n):
    return TODAY() + timedelta(days=n)


def meeting_overview(client, meeting):
    return client.get(reverse("engagement:meeting_you_said_we_did", args=[meeting.pk])).text


def test_overview_shows_the_most_supported_questions_and_links_to_every_one(client, published):
    item = published["item"]
    for votes, text in [(5, "Most supported"), (3, "Second most"), (1, "Hardly supported")]:
        factories.make_answered_question(item, text=text, vote_count=votes)
    page = meeting_overview(client, published["meeting"])
    assert "4 public questions, 4 answered. The most supported:" in page
    assert page.index("Most supported") < page.index("Second most")
    assert "Hardly supported" not in page
    assert "How will you reach young people?" not in page
    every = reverse("engagement:meeting_detail", args=[published["meeting"].pk])
    assert f'<a href="{every}?item={item.pk}#questions-heading">All 4 questions and answers' in page


def test_overview_lists_every_question_when_there_are_only_a_few(client, published):
    page = meeting_overview(client, published["meeting"])
    assert "1 public question, 1 answered." in page
    assert "All 1 questions" not in page


def test_overview_shows_the_first_recommendations_and_links_to_the_rest(client, published):
    outcome = published["outcome"]
    factories.make_recommendation(outcome, text="Due second", due_on=days(200))
    factories.make_recommendation(outcome, text="Due last", due_on=days(300), status="done")
    page = meeting_overview(client, published["meeting"])
    assert "3 recommendations, 1 done. The first 2:" in page
    assert "Run a youth surgery every month." in page
    assert "Due second" in page
    assert "Due last" not in page
    assert "1 action, 0 done." in page
    assert "Two surgeries held in Holywell." in page
    assert f'<a href="{outcome.get_absolute_url()}">Every recommendation and action' in page


def test_overview_shows_the_first_actions_agreed_at_the_meeting(client, published, watford):
    for due, title in [(10, "Agreed first"), (20, "Agreed second"), (30, "Agreed third")]:
        action = factories.make_action(watford, agenda_item=published["item"], title=title,
                                       due_on=days(due))  # fmt: skip
        factories.make_progress_update(action, note=f"Progress on {title}")
    page = meeting_overview(client, published["meeting"])
    assert "3 actions agreed at the meeting, 0 done. The first 2:" in page
    assert "Progress on Agreed first" in page
    assert "Agreed second" in page
    assert "Agreed third" not in page


def test_overview_counts_nothing_before_the_meetings_record_is_out(client, watford):
    meeting = factories.make_past_meeting(status="closed")
    item = factories.make_plan_item(meeting, watford)
    factories.make_answered_question(item, text="Not public yet")
    factories.make_outcome(item, published=True)
    page = meeting_overview(client, meeting)
    assert "No public questions were published for this plan." in page
    assert "Not public yet" not in page


def test_overview_shows_the_latest_correction_and_links_to_every_one(
    client, commissioner, published
):
    for note in ["First correction.", "Second correction."]:
        services.correct_outcome(
            outcome=published["outcome"],
            expected_revision=None,
            values={"rating": "green", "rationale": "Fine.", "findings": ""},
            note=note,
            by=commissioner,
        )
    page = meeting_overview(client, published["meeting"])
    assert "Second correction." in page
    assert "First correction." not in page
    assert "Every correction, on the full outcome" in page


@pytest.fixture
def many_outcomes(watford):
    """Twelve meetings at which Watford's plan was scrutinised and the outcome published."""
    people = factories.make_outcome_people(watford)
    meetings = [
        factories.make_past_meeting(days_ago=20 + n, title=f"Panel {n:02}") for n in range(12)
    ]
    for meeting in meetings:
        factories.make_scrutinised_item(meeting, watford, people=people)
    return meetings  # newest first


def district_page(client, **params):
    return client.get(reverse("engagement:district_detail", args=["watford"]), params)


def test_district_page_sums_up_the_latest_outcome_then_lists_every_meeting(client, many_outcomes):
    response = district_page(client)
    page = response.text
    assert '<h2 id="ysw-' in page and "Latest: Panel 00</h2>" in page
    assert "12 published outcomes for Watford, newest first." in page
    assert "Page 1 of 2" in page
    listed = [outcome.meeting.title for outcome in response.context["page"]]
    assert listed == [f"Panel {n:02}" for n in range(10)]
    # Every meeting listed has its own counts, not only the one summed up above.
    every_row = "1 public question, 1 answered. 1 recommendation, 0 done. 0 actions agreed"
    assert " ".join(page.split()).count(every_row) == 10
    newest = response.context["page"][0]
    anchor = reverse("engagement:meeting_you_said_we_did", args=[newest.meeting_id])
    assert f'<a href="{anchor}#ysw-{newest.pk}">Panel 00</a>' in page


def test_district_page_two_lists_the_older_outcomes_only(client, many_outcomes):
    response = district_page(client, page=2)
    assert [o.meeting.title for o in response.context["page"]] == ["Panel 10", "Panel 11"]
    assert "Latest:" not in response.text
    assert 'href="?page=1#every-meeting">Previous' in response.text


@pytest.mark.parametrize(("asked", "shown"), [("abc", 1), ("-3", 2), ("999", 2), ("", 1)])
def test_district_page_copes_with_any_page_number(client, many_outcomes, asked, shown):
    response = district_page(client, page=asked)
    assert response.status_code == 200
    assert response.context["page"].number == shown


def test_district_with_nothing_published_says_so(client, draft):
    response = district_page(client)
    assert "Nothing has been published for Watford yet." in response.text
    assert "Every meeting" not in response.text


def test_index_pages_the_meetings_with_published_outcomes(client, watford):
    people = factories.make_outcome_people(watford)
    for n in range(21):
        meeting = factories.make_past_meeting(days_ago=20 + n, title=f"Panel {n:02}")
        item = factories.make_plan_item(meeting, watford)
        factories.make_outcome(item, reviewed_by=people["commissioner"], published=True)
    url = reverse("engagement:you_said_we_did")
    first = client.get(url).text
    assert "21 meetings with published outcomes, newest first." in first
    assert "Panel 19" in first and "Panel 20" not in first
    assert 'href="?page=2#by-meeting">Next' in first
    assert "Panel 20" in client.get(url, {"page": 2}).text
    assert "Watford</a> (21 published outcomes" in first


def test_question_timeline_query_count_is_fixed(client, published, django_assert_num_queries):
    url = published["question"].get_absolute_url()
    with django_assert_num_queries(7):
        client.get(url)
    for _ in range(5):
        factories.make_progress_update(published["action"])
    with django_assert_num_queries(7):
        client.get(url)


# The chief inspector's reply ---------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_recommendation_list_is_for_chief_inspectors(client, user_for_role, draft, role):
    url = reverse("engagement:recommendation_list")
    response = get_as(client, user_for_role(role), url)
    if role == "anonymous":
        assert response.status_code == 302
    else:
        is_chief = role in {"chief_inspector", "other_chief_inspector"}
        assert response.status_code == (200 if is_chief else 403)
    if role == "chief_inspector":
        assert "Draft recommendation" in response.text
    if role == "other_chief_inspector":
        assert "Draft recommendation" not in response.text


REPLY_STATUS = {
    "chief_inspector": 200,
    "other_chief_inspector": 404,  # cannot see another district's unpublished work
    "representative": 403,
    "other_representative": 403,
    "secretariat": 403,
    "commissioner": 403,
    "site_admin": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_district_replies(client, user_for_role, draft, role):
    url = reverse("engagement:recommendation_reply", args=[draft["recommendation"].pk])
    response = get_as(client, user_for_role(role), url)
    if role == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == REPLY_STATUS[role]
    post = client.post(url, {"decision": "rejected", "reason": "No."})
    assert post.status_code in {302, REPLY_STATUS[role]}
    replied = Recommendation.objects.get(pk=draft["recommendation"].pk).status == "rejected"
    assert replied == (role == "chief_inspector")


def test_another_district_is_refused_a_published_recommendation(
    client, other_chief_inspector, published
):
    Recommendation.objects.filter(pk=published["recommendation"].pk).update(status="open")
    client.force_login(other_chief_inspector)
    url = reverse("engagement:recommendation_reply", args=[published["recommendation"].pk])
    assert client.get(url).status_code == 403


def reply_url(recommendation):
    return reverse("engagement:recommendation_reply", args=[recommendation.pk])


def test_rejecting_without_a_reason_is_refused(client, chief_inspector, draft):
    client.force_login(chief_inspector)
    response = client.post(
        reply_url(draft["recommendation"]), {"decision": "rejected", "reason": "  "}
    )
    assert response.status_code == 200
    assert "Give the reason for rejecting or only partly accepting." in response.text
    assert Recommendation.objects.get(pk=draft["recommendation"].pk).status == "open"


def test_accepting_needs_an_action_and_keeps_what_was_typed(client, chief_inspector, draft):
    client.force_login(chief_inspector)
    response = client.post(
        reply_url(draft["recommendation"]),
        {
            "decision": "accepted",
            "action_owner_name": "Sgt Typed Name",
            "action_due_on": (TODAY() - timedelta(days=1)).isoformat(),
        },
    )
    assert "Say what action the district will take." in response.text
    assert "The due date cannot be in the past." in response.text
    assert "Sgt Typed Name" in response.text
    assert Action.objects.filter(recommendation=draft["recommendation"]).count() == 1
    assert Recommendation.objects.get(pk=draft["recommendation"].pk).status == "open"


def test_accepting_creates_the_action_on_the_timeline(client, chief_inspector, draft):
    recommendation = draft["recommendation"]
    before = Action.objects.filter(recommendation=recommendation).count()
    client.force_login(chief_inspector)
    response = client.post(
        reply_url(recommendation),
        {
            "decision": "accepted",
            "action_title": "Monthly surgery at the youth centre",
            "action_due_on": (TODAY() + timedelta(days=45)).isoformat(),
            "revision": recommendation.revision,
        },
    )
    assert response.url == recommendation.get_absolute_url()
    assert Recommendation.objects.get(pk=recommendation.pk).status == "accepted"
    assert Action.objects.filter(recommendation=recommendation).count() == before + 1
    page = client.get(draft["question"].get_absolute_url()).text
    assert "Watford accepted the recommendation" in page
    assert "Action agreed: Monthly surgery at the youth centre" in page


def test_a_second_reply_is_turned_away_politely(client, chief_inspector, draft):
    Recommendation.objects.filter(pk=draft["recommendation"].pk).update(
        status="rejected", reply="No."
    )
    client.force_login(chief_inspector)
    response = client.get(reply_url(draft["recommendation"]), follow=True)
    assert "already replied" in response.text


def test_late_reply_is_still_taken_and_flagged(client, chief_inspector, draft):
    Recommendation.objects.filter(pk=draft["recommendation"].pk).update(
        reply_due_on=TODAY() - timedelta(days=1)
    )
    client.force_login(chief_inspector)
    assert "Your reply is overdue." in client.get(reply_url(draft["recommendation"])).text


def test_recommendation_list_query_count_does_not_grow(
    client, chief_inspector, watford, django_assert_num_queries
):
    def add(n):
        meeting = factories.make_past_meeting()
        for _ in range(n):
            factories.make_recommendation(
                factories.make_outcome(factories.make_plan_item(meeting, watford))
            )

    client.force_login(chief_inspector)
    url = reverse("engagement:recommendation_list")
    add(3)
    with django_assert_num_queries(5):
        client.get(url)
    add(30)
    with django_assert_num_queries(5):
        assert "Page 1 of 2" in client.get(url).text
