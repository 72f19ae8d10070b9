"""Representatives' pages: who reaches them, what they show, and what bad input does."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from engagement.models import (
    EngagementPlan,
    Feedback,
    FeedbackCriterion,
    Membership,
    PanelMeeting,
    Profile,
    Question,
)
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
REPRESENTATIVES = {"representative", "other_representative"}


@pytest.fixture
def item(watford, chief_inspector):
    plan = factories.make_plan(watford, created_by=chief_inspector)
    version = factories.make_version(plan, document_name="watford-plan.pdf")
    return factories.make_agenda_item(factories.make_meeting(title="Spring panel"), version=version)


@pytest.fixture
def own_question(item, representative):
    return factories.make_question(item, asked_by=representative, text="My own question")


def status_for(client, user, method, url, data=None):
    if user is not None:
        client.force_login(user)
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    if response.status_code == 302 and response.url.startswith(reverse("login")):
        return "sign in"
    return response.status_code


def expect(role, allowed, status=200, refused=403):
    if role == "anonymous":
        return "sign in"
    return status if role in allowed else refused


# Who reaches which page --------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "url_name", ["representative_home", "my_questions", "membership_request_create"]
)
def test_representative_pages_are_for_representatives(client, user_for_role, role, url_name):
    status = status_for(client, user_for_role(role), "get", reverse(f"engagement:{url_name}"))
    assert status == expect(role, REPRESENTATIVES)


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_person_has_a_profile_page(client, user_for_role, role):
    status = status_for(client, user_for_role(role), "get", reverse("engagement:profile_edit"))
    assert status == expect(role, set(ROLES))


@pytest.mark.parametrize("role", ROLES)
def test_published_agenda_item_is_read_by_everyone(client, user_for_role, role, item):
    assert status_for(client, user_for_role(role), "get", item.get_absolute_url()) == 200


@pytest.mark.parametrize("role", ROLES)
def test_draft_plan_on_the_agenda_is_hidden_from_others(client, user_for_role, role, item):
    EngagementPlan.objects.filter(pk=item.plan_id).update(status=EngagementPlan.Status.DRAFT)
    status = status_for(client, user_for_role(role), "get", item.get_absolute_url())
    assert status == (200 if role in {"chief_inspector", "secretariat", "site_admin"} else 404)


@pytest.mark.parametrize("role", ROLES)
def test_scheduled_meeting_items_are_for_panel_members_only(client, user_for_role, role, item):
    PanelMeeting.objects.filter(pk=item.meeting_id).update(status=PanelMeeting.Status.SCHEDULED)
    status = status_for(client, user_for_role(role), "get", item.get_absolute_url())
    assert status == (404 if role == "anonymous" else 200)


def test_public_sees_public_questions_only_once_the_record_is_published(client, item):
    factories.make_question(item, status="accepted", text="Public question")
    factories.make_question(item, status="accepted", is_public=False, text="Private question")
    assert "Public question" not in client.get(item.get_absolute_url()).text
    now = timezone.now()
    PanelMeeting.objects.filter(pk=item.meeting_id).update(
        status=PanelMeeting.Status.MINUTES_PUBLISHED,
        minutes_approved_at=now,
        minutes_published_at=now,
    )
    page = client.get(item.get_absolute_url()).text
    assert "Public question" in page
    assert "Private question" not in page
    assert "Ask a question" not in page


@pytest.mark.parametrize("role", ROLES)
def test_only_representatives_ask(client, user_for_role, role, item):
    url = reverse("engagement:question_create", args=[item.pk])
    assert status_for(client, user_for_role(role), "get", url) == expect(role, REPRESENTATIVES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", ["question_edit", "question_withdraw"])
def test_only_the_asker_changes_a_question(client, user_for_role, role, url_name, own_question):
    url = reverse(f"engagement:{url_name}", args=[own_question.pk])
    expected = expect(role, {"representative"})
    if role == "other_representative":
        expected = 404  # someone else's question waiting for moderation stays invisible
    assert status_for(client, user_for_role(role), "get", url) == expected


@pytest.mark.parametrize("role", ROLES)
def test_others_may_see_an_accepted_public_question_but_not_change_it(
    client, user_for_role, role, own_question
):
    own_question.status = Question.Status.ACCEPTED
    own_question.save()
    url = reverse("engagement:question_edit", args=[own_question.pk])
    assert status_for(client, user_for_role(role), "get", url) == expect(role, {"representative"})


@pytest.mark.parametrize("role", ROLES)
def test_supporting_a_question(client, user_for_role, role, own_question):
    own_question.status = Question.Status.ACCEPTED
    own_question.save()
    url = reverse("engagement:question_upvote", args=[own_question.pk])
    status = status_for(client, user_for_role(role), "post", url, {"support": "yes"})
    # Only another representative may; the asker may not support their own question.
    assert status == expect(role, {"other_representative"}, status=302)


def test_private_accepted_question_of_another_is_404(client, other_representative, own_question):
    own_question.status = Question.Status.ACCEPTED
    own_question.is_public = False
    own_question.save()
    client.force_login(other_representative)
    url = reverse("engagement:question_upvote", args=[own_question.pk])
    assert client.post(url, {"support": "yes"}).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_feedback_page_is_for_the_organisations_representatives(
    client, user_for_role, role, item, organisation
):
    url = reverse("engagement:feedback_edit", args=[item.pk, organisation.pk])
    expected = expect(role, {"representative"})
    if role == "other_representative":
        expected = 404  # not one of their organisations
    assert status_for(client, user_for_role(role), "get", url) == expected


def test_closed_meeting_takes_no_questions(client, representative, item):
    PanelMeeting.objects.filter(pk=item.meeting_id).update(status=PanelMeeting.Status.CLOSED)
    client.force_login(representative)
    assert client.get(reverse("engagement:question_create", args=[item.pk])).status_code == 403
    assert "Ask a question" not in client.get(item.get_absolute_url()).text


# Home and the agenda item page ------------------------------------------------------------


def test_home_shows_organisations_meetings_open_for_questions_and_recent_questions(
    client, representative, item, own_question
):
    factories.make_meeting(title="Not yet open", status=PanelMeeting.Status.SCHEDULED)
    client.force_login(representative)
    page = client.get(reverse("engagement:representative_home")).text
    assert "One Vision" in page
    assert "Spring panel" in page
    assert item.get_absolute_url() in page
    assert "Not yet open" not in page
    assert "My own question" in page


def test_agenda_item_shows_the_plan_sections_and_document(client, representative, item):
    client.force_login(representative)
    page = client.get(item.get_absolute_url()).text
    for section in item.plan_version.sections.select_related("template"):
        assert section.template.title in page
        assert section.body in page
    assert "watford-plan.pdf" in page


def test_agenda_item_shows_accepted_questions_only(client, representative, item):
    factories.make_question(item, status="accepted", text="Accepted and public")
    factories.make_question(item, status="accepted", is_public=False, text="Accepted but private")
    factories.make_question(item, text="Still waiting")
    factories.make_question(item, status="declined", decline_reason="No", text="Declined one")
    client.force_login(representative)
    page = client.get(item.get_absolute_url()).text
    assert "Accepted and public" in page
    assert "Accepted but private" not in page
    assert "Still waiting" not in page
    assert "Declined one" not in page


def test_questions_sort_by_votes_or_by_time(client, representative, item):
    older = factories.make_question(item, status="accepted", text="Older question")
    newer = factories.make_question(item, status="accepted", text="Newer question")
    factories.make_upvote(newer)
    factories.make_upvote(newer)
    factories.make_upvote(older)
    client.force_login(representative)
    by_votes = client.get(item.get_absolute_url()).text
    by_time = client.get(item.get_absolute_url() + "?sort=time").text
    assert by_votes.index("Newer question") < by_votes.index("Older question")
    assert by_time.index("Older question") < by_time.index("Newer question")
    assert "<strong>2</strong> supporters" in by_votes


def test_question_text_is_escaped(client, representative, item):
    factories.make_question(item, status="accepted", text="<script>alert(1)</script>")
    client.force_login(representative)
    page = client.get(item.get_absolute_url()).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_ask_form_states_the_panel_rules(client, representative, item):
    PanelMeeting.objects.filter(pk=item.meeting_id).update(
        max_questions_per_person=3, max_questions_per_organisation=5
    )
    client.force_login(representative)
    page = client.get(item.get_absolute_url()).text
    deadline = timezone.localtime(item.meeting.question_deadline)
    assert f"Questions close {deadline:%A %-d %B %Y}" in page
    assert "At most 3 questions from each person" in page
    assert "At most 5 questions from each organisation" in page
    assert "call 101, or 999 in an emergency" in page
    assert "Up to 1,000 characters" in page
    assert 'name="submission_key"' in page


@pytest.mark.parametrize("sort", ["votes", "time"])
def test_agenda_item_query_count_does_not_grow(
    client, representative, item, django_assert_num_queries, sort
):
    def add_questions(count):
        for _ in range(count):
            question = factories.make_question(item, status="accepted")
            factories.make_upvote(question, representative)
            factories.make_response(question, responded_by=item.plan.created_by)
        factories.make_question(item, asked_by=representative)

    client.force_login(representative)
    url = f"{item.get_absolute_url()}?sort={sort}"
    add_questions(3)
    client.get(url)
    with django_assert_num_queries(12) as first:
        client.get(url)
    add_questions(27)
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(url).status_code == 200


# Asking ------------------------------------------------------------------------------------


def ask_data(client, item, **overrides):
    form = client.get(reverse("engagement:question_create", args=[item.pk])).context["form"]
    data = {
        "organisation": form.fields["organisation"].queryset.first().pk,
        "section": "",
        "text": "How will you reach young people in Holywell?",
        "is_public": "True",
        "submission_key": str(form["submission_key"].initial),
    }
    return {**data, **overrides}


def test_asking_stores_the_question_and_says_what_happens_next(client, representative, item):
    client.force_login(representative)
    section = item.plan_version.sections.first().template
    data = ask_data(client, item, section=section.pk, is_public="False")
    response = client.post(reverse("engagement:question_create", args=[item.pk]), data)
    assert response.status_code == 302
    question = Question.objects.get()
    assert (question.asked_by, question.section, question.is_public) == (
        representative,
        section,
        False,
    )
    page = client.get(response.url).text
    assert "sent to the panel secretariat" in page


def test_double_submit_creates_one_question(client, representative, item):
    client.force_login(representative)
    data = ask_data(client, item)
    url = reverse("engagement:question_create", args=[item.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Question.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"text": ""}, "This field is required."),
        ({"text": "x" * 1001}, "at most 1000 characters"),
        ({"organisation": "999999"}, "Select a valid choice."),
    ],
)
def test_bad_question_is_refused_and_what_was_typed_is_kept(
    client, representative, item, overrides, message
):
    client.force_login(representative)
    data = ask_data(client, item, **overrides)
    response = client.post(reverse("engagement:question_create", args=[item.pk]), data)
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert data["submission_key"] in response.text
    assert not Question.objects.exists()


def test_representative_cannot_ask_for_another_organisation(
    client, representative, item, other_organisation
):
    client.force_login(representative)
    data = ask_data(client, item, organisation=other_organisation.pk)
    response = client.post(reverse("engagement:question_create", args=[item.pk]), data)
    assert "Select a valid choice" in response.text
    assert not Question.objects.exists()


def test_cap_is_explained_and_the_question_kept(client, representative, item, own_question):
    PanelMeeting.objects.filter(pk=item.meeting_id).update(max_questions_per_person=1)
    client.force_login(representative)
    data = ask_data(client, item, text="One question too many")
    response = client.post(reverse("engagement:question_create", args=[item.pk]), data)
    assert response.status_code == 200
    assert "at most 1 question from each person" in response.text
    assert "One question too many" in response.text
    assert Question.objects.count() == 1


def test_late_question_is_accepted_and_marked_late(client, representative, item):
    PanelMeeting.objects.filter(pk=item.meeting_id).update(
        question_deadline=timezone.now() - timedelta(hours=2)
    )
    client.force_login(representative)
    response = client.post(
        reverse("engagement:question_create", args=[item.pk]), ask_data(client, item)
    )
    assert Question.objects.get().is_late
    assert "marked late" in client.get(response.url).text


# Editing, withdrawing, supporting ----------------------------------------------------------


def test_editing_a_question(client, representative, own_question):
    client.force_login(representative)
    url = reverse("engagement:question_edit", args=[own_question.pk])
    assert "My own question" in client.get(url).text
    response = client.post(
        url, {"text": "My clearer question", "is_public": "True", "revision": "1"}
    )
    assert response.status_code == 302
    own_question.refresh_from_db()
    assert own_question.text == "My clearer question"


def test_stale_edit_shows_both_versions(client, representative, own_question):
    Question.objects.filter(pk=own_question.pk).update(text="Secretariat wording", revision=2)
    client.force_login(representative)
    url = reverse("engagement:question_edit", args=[own_question.pk])
    response = client.post(url, {"text": "What I typed", "is_public": "True", "revision": "1"})
    assert response.status_code == 200
    assert "Someone else changed this" in response.text
    assert "Secretariat wording" in response.text
    assert "What I typed" in response.text
    own_question.refresh_from_db()
    assert own_question.text == "Secretariat wording"


def test_question_cannot_be_edited_after_the_deadline(client, representative, own_question):
    PanelMeeting.objects.filter(pk=own_question.agenda_item.meeting_id).update(
        question_deadline=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(representative)
    url = reverse("engagement:question_edit", args=[own_question.pk])
    assert client.post(url, {"text": "Too late", "is_public": "True"}).status_code == 403


def test_withdrawing_a_question(client, representative, own_question):
    client.force_login(representative)
    url = reverse("engagement:question_withdraw", args=[own_question.pk])
    assert "Withdraw this question" in client.get(url).text
    assert client.post(url).status_code == 302
    own_question.refresh_from_db()
    assert own_question.status == Question.Status.WITHDRAWN


def test_support_and_take_back(client, other_representative, own_question):
    own_question.status = Question.Status.ACCEPTED
    own_question.save()
    client.force_login(other_representative)
    url = reverse("engagement:question_upvote", args=[own_question.pk])
    response = client.post(url, {"support": "yes", "sort": "time"})
    assert response.url.endswith(f"?sort=time#question-{own_question.pk}")
    own_question.refresh_from_db()
    assert own_question.vote_count == 1
    assert "Take back my support" in client.get(response.url).text
    client.post(url, {"support": "no"})
    own_question.refresh_from_db()
    assert own_question.vote_count == 0


def test_no_support_button_on_ones_own_question(client, representative, own_question):
    own_question.status = Question.Status.ACCEPTED
    own_question.save()
    client.force_login(representative)
    assert (
        "Support this question" not in client.get(own_question.agenda_item.get_absolute_url()).text
    )


def test_upvote_needs_post(client, other_representative, own_question):
    client.force_login(other_representative)
    url = reverse("engagement:question_upvote", args=[own_question.pk])
    assert client.get(url).status_code == 405


# Feedback ----------------------------------------------------------------------------------


def feedback_data(score="4", **overrides):
    data = {f"criterion_{c.pk}": score for c in FeedbackCriterion.objects.filter(is_active=True)}
    data.update({"what_works": "Ward surgeries", "what_is_missing": "Older people", "revision": ""})
    return {**data, **overrides}


def test_feedback_is_given_and_then_edited(client, representative, item, organisation):
    client.force_login(representative)
    url = reverse("engagement:feedback_edit", args=[item.pk, organisation.pk])
    page = client.get(url).text
    for criterion in item.meeting.criteria.all():
        assert criterion.title in page
    assert client.post(url, feedback_data()).status_code == 302
    feedback = Feedback.objects.get()
    assert "Change your feedback for One Vision" in client.get(item.get_absolute_url()).text
    assert "Ward surgeries" in client.get(url).text
    response = client.post(url, feedback_data(score="2", revision=str(feedback.revision)))
    assert response.status_code == 302
    assert set(feedback.ratings.values_list("score", flat=True)) == {2}


def test_feedback_without_every_rating_is_refused_and_comments_kept(
    client, representative, item, organisation
):
    client.force_login(representative)
    url = reverse("engagement:feedback_edit", args=[item.pk, organisation.pk])
    data = feedback_data(what_works="Kept words")
    del data[next(key for key in data if key.startswith("criterion_"))]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "This field is required" in response.text
    assert "Kept words" in response.text
    assert not Feedback.objects.exists()


def test_feedback_from_a_second_tab_shows_the_saved_one(client, representative, item, organisation):
    factories.make_feedback(
        item.plan_version, representative, organisation, what_works="Saved in the first tab"
    )
    client.force_login(representative)
    url = reverse("engagement:feedback_edit", args=[item.pk, organisation.pk])
    response = client.post(url, feedback_data(what_works="Typed in the second tab"))
    assert "Someone else changed this" in response.text
    assert "Saved in the first tab" in response.text
    assert "Typed in the second tab" in response.text


def test_feedback_closes_at_the_deadline(client, representative, item, organisation):
    PanelMeeting.objects.filter(pk=item.meeting_id).update(
        question_deadline=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(representative)
    url = reverse("engagement:feedback_edit", args=[item.pk, organisation.pk])
    assert client.get(url).status_code == 403


# My questions, profile, joining ------------------------------------------------------------


def test_my_questions_shows_each_state_and_the_response(
    client, representative, other_representative, item
):
    def mine(text, **fields):
        return factories.make_question(item, asked_by=representative, text=text, **fields)

    mine("Still waiting")
    mine("Turned down", status="declined", decline_reason="Not about this plan")
    answered = mine("Got an answer", status="answered")
    factories.make_response(
        answered, text="Surgeries every month", responded_by=item.plan.created_by
    )
    target = factories.make_question(item, status="accepted", text="The question that stayed")
    mine("A duplicate", status="merged", merged_into=target)
    factories.make_question(item, asked_by=other_representative, text="Not mine")
    client.force_login(representative)
    page = client.get(reverse("engagement:my_questions")).text
    for text in ["Still waiting", "Not about this plan", "Surgeries every month"]:
        assert text in page
    assert "The question that stayed" in page
    assert "Merged into another question" in page
    assert "Not mine" not in page


def test_my_questions_query_count_does_not_grow(
    client, representative, item, django_assert_num_queries
):
    def add(count):
        # Alternate answered questions and ones merged into another, each with its response.
        for number in range(count):
            if number % 2:
                answered = factories.make_question(item, asked_by=representative, status="answered")
                factories.make_response(answered, responded_by=item.plan.created_by)
            else:
                target = factories.make_question(item, status="accepted")
                factories.make_question(
                    item, asked_by=representative, status="merged", merged_into=target
                )

    client.force_login(representative)
    url = reverse("engagement:my_questions")
    add(3)
    client.get(url)
    with django_assert_num_queries(5) as first:
        client.get(url)
    add(27)
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(url).status_code == 200
    assert Question.objects.filter(asked_by=representative).count() == 30


def test_profile_choice_changes_how_the_name_appears(client, representative, item, own_question):
    own_question.status = Question.Status.ACCEPTED
    own_question.save()
    client.force_login(representative)
    response = client.post(
        reverse("engagement:profile_edit"),
        {"name_display": "full_name", "email_on_question_update": "on"},
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=representative)
    assert profile.name_display == Profile.NameDisplay.FULL_NAME
    assert profile.email_on_meeting_news is False
    assert "Onevision Tester, One Vision" in client.get(item.get_absolute_url()).text


def test_profile_with_a_bad_choice_is_refused(client, representative):
    client.force_login(representative)
    response = client.post(reverse("engagement:profile_edit"), {"name_display": "shout"})
    assert "There is a problem" in response.text
    assert Profile.objects.get(user=representative).name_display == "organisation"


def test_asking_to_represent_another_organisation(client, representative, other_organisation):
    client.force_login(representative)
    url = reverse("engagement:membership_request_create")
    form = client.get(url).context["form"]
    assert list(form.fields["organisation"].queryset) == [other_organisation]
    response = client.post(url, {"organisation": other_organisation.pk, "note": "Trustee"})
    assert response.status_code == 302
    membership = Membership.objects.get(user=representative, organisation=other_organisation)
    assert membership.status == Membership.Status.PENDING
    assert "Herts Pride" in client.get(reverse("engagement:representative_home")).text


def test_join_request_without_a_note_is_refused(client, representative, other_organisation):
    client.force_login(representative)
    response = client.post(
        reverse("engagement:membership_request_create"), {"organisation": other_organisation.pk}
    )
    assert "There is a problem" in response.text
    assert not Membership.objects.filter(organisation=other_organisation, user=representative)
