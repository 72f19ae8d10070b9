"""The secretariat's pages: the moderation queue, invitations and requests to join."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from engagement.forms import DECLINE_REASONS, OTHER_REASON
from engagement.models import ChangeRecord, Invitation, Membership, Question
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
SECRETARIAT = {"secretariat", "site_admin"}
CRIME = DECLINE_REASONS[0]


@pytest.fixture
def meeting():
    return factories.make_meeting(title="Spring panel")


@pytest.fixture
def item(meeting):
    return factories.make_agenda_item(meeting)


@pytest.fixture
def waiting(item, representative):
    return factories.make_question(item, asked_by=representative, text="Waiting question")


def result(client, user, method, url, data=None):
    if user is not None:
        client.force_login(user)
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    if response.status_code == 302 and response.url.startswith(reverse("login")):
        return "sign in"
    return response.status_code


# Who reaches which page --------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("url_name", "method", "ok"),
    [
        ("moderation_index", "get", 200),
        ("moderation_queue", "get", 200),
        ("question_moderate", "get", 200),
        ("invitation_list", "get", 200),
        ("invitation_revoke", "post", 302),
        ("membership_request_list", "get", 200),
        ("membership_request_decide", "post", 302),
    ],
)
def test_secretariat_pages_are_for_the_secretariat(
    client, user_for_role, role, url_name, method, ok, meeting, waiting, other_organisation
):
    args = {
        "moderation_queue": [meeting.pk],
        "question_moderate": [waiting.pk],
        "invitation_revoke": [factories.make_invitation().pk],
        "membership_request_decide": [
            Membership.objects.create(
                user=factories.make_user(),
                role="representative",
                organisation=other_organisation,
                status="pending",
            ).pk
        ],
    }.get(url_name, [])
    url = reverse(f"engagement:{url_name}", args=args)
    expected = "sign in" if role == "anonymous" else ok if role in SECRETARIAT else 403
    assert result(client, user_for_role(role), method, url) == expected


def test_missing_meeting_or_question_is_404(client, secretariat):
    client.force_login(secretariat)
    assert client.get(reverse("engagement:moderation_queue", args=[999])).status_code == 404
    assert client.get(reverse("engagement:question_moderate", args=[999])).status_code == 404


# The queue ---------------------------------------------------------------------------------


def test_index_counts_questions_waiting_per_meeting(client, secretariat, meeting, waiting):
    client.force_login(secretariat)
    page = client.get(reverse("engagement:moderation_index")).text
    assert "Spring panel" in page
    assert "1 question waiting" in page


def test_queue_lists_this_meetings_submitted_questions_with_the_late_mark(
    client, secretariat, meeting, item, waiting
):
    factories.make_question(item, status="accepted", text="Already accepted")
    factories.make_question(item, is_late=True, text="Came in late")
    factories.make_question(factories.make_agenda_item(), text="Another meeting's question")
    client.force_login(secretariat)
    page = client.get(reverse("engagement:moderation_queue", args=[meeting.pk])).text
    assert "Waiting question" in page
    assert "Came in late" in page
    assert ">Late<" in page
    assert "Already accepted" not in page
    assert "Another meeting" not in page


def test_queue_query_count_does_not_grow(client, secretariat, meeting, django_assert_num_queries):
    items = [factories.make_agenda_item(meeting) for _ in range(3)]

    def add(count):
        for number in range(count):
            factories.make_question(items[number % 3], section=None)

    client.force_login(secretariat)
    url = reverse("engagement:moderation_queue", args=[meeting.pk])
    add(3)
    client.get(url)
    with django_assert_num_queries(6) as first:
        client.get(url)
    add(27)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)


def test_bulk_accept(client, secretariat, meeting, item):
    chosen = [factories.make_question(item) for _ in range(2)]
    left = factories.make_question(item)
    client.force_login(secretariat)
    response = client.post(
        reverse("engagement:moderation_queue", args=[meeting.pk]),
        {"questions": [q.pk for q in chosen], "decision": "accept"},
    )
    assert response.status_code == 302
    assert set(Question.objects.filter(status="accepted")) == set(chosen)
    left.refresh_from_db()
    assert left.status == Question.Status.SUBMITTED
    assert "2 question(s) accepted" in client.get(response.url).text


def test_bulk_decline_with_a_written_reason(client, secretariat, meeting, item):
    chosen = [factories.make_question(item) for _ in range(2)]
    client.force_login(secretariat)
    client.post(
        reverse("engagement:moderation_queue", args=[meeting.pk]),
        {
            "questions": [q.pk for q in chosen],
            "decision": "decline",
            "reason": OTHER_REASON,
            "other_reason": "Covered by the force's annual report",
        },
    )
    reasons = set(Question.objects.values_list("status", "decline_reason"))
    assert reasons == {("declined", "Covered by the force's annual report")}


def test_bulk_decline_without_a_reason_keeps_the_selection(client, secretariat, meeting, item):
    chosen = factories.make_question(item)
    other = factories.make_question(item)
    client.force_login(secretariat)
    response = client.post(
        reverse("engagement:moderation_queue", args=[meeting.pk]),
        {"questions": [chosen.pk], "decision": "decline"},
    )
    assert response.status_code == 200
    assert "Choose a reason for declining" in response.text
    assert f'value="{chosen.pk}" id="id_questions_0" checked' in response.text
    assert f'value="{other.pk}" id="id_questions_1">' in response.text
    assert not Question.objects.exclude(status="submitted").exists()


def test_bulk_action_with_nothing_selected_says_so(client, secretariat, meeting, waiting):
    client.force_login(secretariat)
    response = client.post(
        reverse("engagement:moderation_queue", args=[meeting.pk]), {"decision": "accept"}
    )
    assert "Select at least one question" in response.text
    assert 'href="#id_questions_0"' in response.text


# One question ------------------------------------------------------------------------------


def moderate(client, question, **data):
    return client.post(reverse("engagement:question_moderate", args=[question.pk]), data)


def test_accept_one(client, secretariat, meeting, waiting):
    client.force_login(secretariat)
    response = moderate(client, waiting, action="accept")
    assert response.url == reverse("engagement:moderation_queue", args=[meeting.pk])
    waiting.refresh_from_db()
    assert waiting.status == Question.Status.ACCEPTED


def test_decline_with_the_101_999_reason(client, secretariat, waiting, mailoutbox):
    client.force_login(secretariat)
    page = client.get(reverse("engagement:question_moderate", args=[waiting.pk])).text
    assert "call 101, or 999 in an emergency" in page
    response = moderate(client, waiting, **{"action": "decline", "decline-reason": CRIME})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.decline_reason == CRIME


def test_decline_with_another_reason_needs_it_written(client, secretariat, waiting):
    client.force_login(secretariat)
    response = moderate(client, waiting, **{"action": "decline", "decline-reason": OTHER_REASON})
    assert response.status_code == 200
    assert "Write the reason" in response.text
    waiting.refresh_from_db()
    assert waiting.status == Question.Status.SUBMITTED


def test_merge_into_a_duplicate(client, secretariat, item, waiting):
    target = factories.make_question(item, status="accepted", text="The one that stays")
    client.force_login(secretariat)
    page = client.get(reverse("engagement:question_moderate", args=[waiting.pk])).text
    assert "The one that stays" in page
    moderate(client, waiting, **{"action": "merge", "merge-target": target.pk})
    waiting.refresh_from_db()
    assert waiting.merged_into == target
    target.refresh_from_db()
    assert target.vote_count == 1


def test_merge_target_must_be_on_the_same_item(client, secretariat, waiting):
    elsewhere = factories.make_question(factories.make_agenda_item(), status="accepted")
    client.force_login(secretariat)
    response = moderate(client, waiting, **{"action": "merge", "merge-target": elsewhere.pk})
    assert "Select a valid choice" in response.text
    waiting.refresh_from_db()
    assert waiting.status == Question.Status.SUBMITTED


def test_reword_keeps_the_original_in_the_history(client, secretariat, waiting):
    client.force_login(secretariat)
    response = moderate(
        client,
        waiting,
        **{
            "action": "reword",
            "reword-text": "A clearer question",
            "reword-note": "Shortened",
            "reword-revision": waiting.revision,
        },
    )
    assert response.status_code == 302
    page = client.get(response.url).text
    assert "Wording before: <q>Waiting question</q>" in page
    assert "Wording after: <q>A clearer question</q>" in page
    assert ChangeRecord.objects.for_object(waiting).filter(action="question.reworded").exists()


def test_stale_reword_shows_both_wordings(client, secretariat, waiting):
    Question.objects.filter(pk=waiting.pk).update(text="Asker changed it", revision=2)
    client.force_login(secretariat)
    response = moderate(
        client,
        waiting,
        **{"action": "reword", "reword-text": "My wording", "reword-revision": "1"},
    )
    assert "Someone else changed this question" in response.text
    assert "Asker changed it" in response.text
    assert "My wording" in response.text
    waiting.refresh_from_db()
    assert waiting.text == "Asker changed it"


def test_empty_reword_is_refused(client, secretariat, waiting):
    client.force_login(secretariat)
    response = moderate(client, waiting, **{"action": "reword", "reword-text": ""})
    assert "There is a problem" in response.text
    waiting.refresh_from_db()
    assert waiting.text == "Waiting question"


def test_moderated_question_shows_no_actions(client, secretariat, item):
    declined = factories.make_question(item, status="declined", decline_reason="Off topic")
    client.force_login(secretariat)
    page = client.get(reverse("engagement:question_moderate", args=[declined.pk])).text
    assert "has been dealt with" in page
    response = moderate(client, declined, action="accept")
    assert response.status_code == 302
    declined.refresh_from_db()
    assert declined.status == Question.Status.DECLINED


# Invitations -------------------------------------------------------------------------------


def test_sending_an_invitation_emails_a_link(
    client, secretariat, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("engagement:invitation_list"),
            {
                "full_name": "Sam Okafor",
                "email": "sam@example.org",
                "organisation": organisation.pk,
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.expires_at > timezone.now() + timedelta(days=13)
    assert mailoutbox[0].to == ["sam@example.org"]
    assert "http://testserver/invitation/" in mailoutbox[0].body
    assert "sam@example.org" in client.get(response.url).text


def test_invitation_with_a_bad_email_keeps_what_was_typed(client, secretariat, organisation):
    client.force_login(secretariat)
    response = client.post(
        reverse("engagement:invitation_list"),
        {"full_name": "Sam Okafor", "email": "not-an-email", "organisation": organisation.pk},
    )
    assert "Enter a valid email address" in response.text
    assert 'value="Sam Okafor"' in response.text
    assert not Invitation.objects.exists()


def test_revoking_an_invitation(client, secretariat):
    invitation = factories.make_invitation()
    client.force_login(secretariat)
    client.post(reverse("engagement:invitation_revoke", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_invitation_list_query_count_does_not_grow(
    client, secretariat, organisation, django_assert_num_queries
):
    client.force_login(secretariat)
    for _ in range(3):
        factories.make_invitation(organisation, invited_by=secretariat)
    client.get(reverse("engagement:invitation_list"))
    with django_assert_num_queries(6) as first:
        client.get(reverse("engagement:invitation_list"))
    for _ in range(27):
        factories.make_invitation(organisation, invited_by=secretariat)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(reverse("engagement:invitation_list"))


# Requests to join --------------------------------------------------------------------------


@pytest.mark.parametrize(("decision", "status"), [("approve", "active"), ("decline", "declined")])
def test_deciding_a_join_request(
    client, secretariat, representative, other_organisation, decision, status
):
    membership = Membership.objects.create(
        user=representative,
        role="representative",
        organisation=other_organisation,
        status="pending",
        request_note="Trustee since 2024",
    )
    client.force_login(secretariat)
    page = client.get(reverse("engagement:membership_request_list")).text
    assert "Trustee since 2024" in page
    client.post(
        reverse("engagement:membership_request_decide", args=[membership.pk]),
        {"decision": decision},
    )
    membership.refresh_from_db()
    assert (membership.status, membership.decided_by) == (status, secretariat)
