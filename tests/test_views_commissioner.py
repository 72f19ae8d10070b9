"""The commissioner's office pages: who reaches them, what they show, and bad input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from engagement.models import Correction, Question, Recommendation, ScrutinyOutcome
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
OFFICE = {"commissioner", "site_admin"}
TODAY = timezone.localdate


@pytest.fixture
def chain(watford):
    """A past meeting with Watford's plan, an unpublished outcome and a recommendation, plus a
    published outcome for a second plan."""
    meeting = factories.make_past_meeting()
    item = factories.make_plan_item(meeting, watford)
    question = factories.make_answered_question(item)
    outcome = factories.make_outcome(item, rating="amber", rationale="Few measures.")
    recommendation = factories.make_recommendation(outcome)
    published = factories.make_outcome(factories.make_plan_item(meeting), published=True)
    return {
        "meeting": meeting,
        "item": item,
        "question": question,
        "outcome": outcome,
        "recommendation": recommendation,
        "published": published,
    }


def office_pages(chain):
    return [
        ("commissioner_home", []),
        ("meeting_review", [chain["meeting"].pk]),
        ("meeting_outcome_report", [chain["meeting"].pk]),
        ("outcome_record", [chain["item"].pk]),
        ("outcome_publish", [chain["outcome"].pk]),
        ("outcome_correct", [chain["published"].pk]),
        ("recommendation_create", [chain["outcome"].pk]),
        ("recommendation_edit", [chain["recommendation"].pk]),
        ("dashboard", []),
        ("coverage", []),
        ("export_list", []),
        ("export_csv", ["questions"]),
        ("export_csv", ["feedback"]),
        ("export_csv", ["outcomes"]),
        ("export_csv", ["actions"]),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_reaches_its_pages(client, user_for_role, chain, role):
    user = user_for_role(role)
    if user:
        client.force_login(user)
    for name, args in office_pages(chain):
        url = reverse(f"engagement:{name}", args=args)
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302, name
            assert response.url == f"{reverse('login')}?next={url}"
        else:
            assert response.status_code == (200 if role in OFFICE else 403), (name, role)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_publishes_or_closes(client, user_for_role, chain, role):
    user = user_for_role(role)
    if user:
        client.force_login(user)
    Recommendation.objects.filter(pk=chain["recommendation"].pk).update(status="accepted")
    publish = client.post(reverse("engagement:outcome_publish", args=[chain["outcome"].pk]))
    done = client.post(reverse("engagement:recommendation_done", args=[chain["recommendation"].pk]))
    if role == "anonymous":
        assert (publish.status_code, done.status_code) == (302, 302)
        assert publish.url.startswith(reverse("login"))
    elif role in OFFICE:
        assert (publish.status_code, done.status_code) == (302, 302)
    else:
        assert (publish.status_code, done.status_code) == (403, 403)
    is_office = role in OFFICE
    assert ScrutinyOutcome.objects.get(pk=chain["outcome"].pk).is_published == is_office
    assert (Recommendation.objects.get().status == "done") == is_office


def test_missing_objects_are_404_for_the_office(client, commissioner):
    client.force_login(commissioner)
    for name in ["meeting_review", "outcome_record", "outcome_publish", "recommendation_edit"]:
        assert client.get(reverse(f"engagement:{name}", args=[999])).status_code == 404
    assert client.get(reverse("engagement:export_csv", args=["people"])).status_code == 404


def test_correcting_an_unpublished_outcome_is_404(client, commissioner, chain):
    client.force_login(commissioner)
    url = reverse("engagement:outcome_correct", args=[chain["outcome"].pk])
    assert client.get(url).status_code == 404


def test_home_lists_meetings_replies_due_and_overdue_actions(client, commissioner, chain, watford):
    factories.make_action(watford, title="Late leaflet drop", due_on=TODAY() - timedelta(days=3))
    client.force_login(commissioner)
    page = client.get(reverse("engagement:commissioner_home")).text
    assert chain["meeting"].title in page
    assert reverse("engagement:meeting_review", args=[chain["meeting"].pk]) in page
    assert chain["recommendation"].get_absolute_url() in page
    assert "Late leaflet drop" in page


def test_review_shows_questions_answers_ratings_comments_and_actions(
    client, commissioner, watford, stevenage
):
    earlier = factories.make_past_meeting(days_ago=120)
    carried = factories.make_recommendation(
        factories.make_outcome(factories.make_plan_item(earlier, watford)),
        text="Carry me to the next meeting",
    )
    meeting = factories.make_past_meeting()
    item = factories.make_plan_item(meeting, watford)
    factories.make_answered_question(item, text="Where are the surgeries?")
    factories.make_question(item, text="Still waiting", status=Question.Status.ACCEPTED)
    factories.make_question(item, text="Not for the panel", status=Question.Status.DECLINED,
                            decline_reason="Individual crime")  # fmt: skip
    factories.make_feedback(item.plan_version, agenda_item=item, score=2, what_works="Maps")
    factories.make_feedback(item.plan_version, agenda_item=item, score=5)
    factories.make_action(watford, agenda_item=item, title="Publish surgery dates")
    factories.make_plan_item(meeting, stevenage)
    client.force_login(commissioner)
    response = client.get(reverse("engagement:meeting_review", args=[meeting.pk]))
    page = response.text
    assert "Where are the surgeries?" in page
    assert "We will hold monthly street surgeries from June." in page
    assert "Still waiting" in page and "Not answered yet" in page
    assert "Not for the panel" not in page
    assert "1 more question were declined" in page
    assert "Maps" in page
    assert "Publish surgery dates" in page
    assert "Carry me to the next meeting" in page
    watford_review = response.context["reviews"][0]
    clarity = watford_review.scores[0]
    assert clarity.counts == [0, 1, 0, 0, 1]
    assert clarity.average == pytest.approx(3.5)
    assert carried in watford_review.carried
    assert response.context["reviews"][1].carried == []


def scale(n):
    """n plans on one meeting, each with one answered question, plus one plan with n."""
    meeting = factories.make_past_meeting()
    people = factories.make_outcome_people()
    for _ in range(n):
        factories.make_scrutinised_item(meeting, published=False, people=people)
    factories.make_scrutinised_item(meeting, questions=n, people=people)
    return meeting


def test_review_query_count_does_not_grow(client, commissioner, django_assert_num_queries):
    # An open recommendation from long before, so both meetings carry something over.
    factories.make_recommendation(
        factories.make_outcome(factories.make_plan_item(factories.make_past_meeting(365)))
    )
    client.force_login(commissioner)
    small, large = scale(3), scale(30)
    with django_assert_num_queries(12):
        client.get(reverse("engagement:meeting_review", args=[small.pk]))
    with django_assert_num_queries(12):
        client.get(reverse("engagement:meeting_review", args=[large.pk]))


def test_report_query_count_does_not_grow(client, commissioner, django_assert_num_queries):
    client.force_login(commissioner)
    small, large = scale(3), scale(30)
    with django_assert_num_queries(9):
        response = client.get(reverse("engagement:meeting_outcome_report", args=[small.pk]))
    with django_assert_num_queries(9):
        client.get(reverse("engagement:meeting_outcome_report", args=[large.pk]))
    assert 'media="print"' in response.text


def outcome_url(item):
    return reverse("engagement:outcome_record", args=[item.pk])


def test_outcome_needs_a_rationale_and_keeps_what_was_typed(client, commissioner):
    item = factories.make_plan_item()
    client.force_login(commissioner)
    response = client.post(
        outcome_url(item), {"rating": "red", "rationale": "   ", "findings": "Typed findings"}
    )
    assert response.status_code == 200
    assert "Give the reason for this rating." in response.text
    assert "There is a problem" in response.text
    assert "Typed findings" in response.text
    assert not ScrutinyOutcome.objects.exists()


def test_outcome_needs_a_rating(client, commissioner):
    item = factories.make_plan_item()
    client.force_login(commissioner)
    response = client.post(outcome_url(item), {"rationale": "Because."})
    assert "Choose a RAG rating." in response.text
    assert not ScrutinyOutcome.objects.exists()


def test_recording_an_outcome_returns_to_the_review(client, commissioner):
    item = factories.make_plan_item()
    client.force_login(commissioner)
    response = client.post(
        outcome_url(item), {"rating": "green", "rationale": "Clear.", "findings": ""}
    )
    assert response.url.startswith(reverse("engagement:meeting_review", args=[item.meeting_id]))
    outcome = ScrutinyOutcome.objects.get()
    assert (outcome.rating, outcome.reviewed_by) == ("green", commissioner)


def test_a_stale_outcome_edit_shows_both_versions(client, commissioner, chain):
    outcome = chain["outcome"]
    ScrutinyOutcome.objects.filter(pk=outcome.pk).update(
        rationale="Their newer reason", revision=outcome.revision + 1
    )
    client.force_login(commissioner)
    response = client.post(
        outcome_url(chain["item"]),
        {"rating": "red", "rationale": "My reason", "revision": outcome.revision},
    )
    assert "Someone else changed this" in response.text
    assert "Their newer reason" in response.text
    assert "My reason" in response.text
    assert ScrutinyOutcome.objects.get(pk=outcome.pk).rationale == "Their newer reason"
    again = client.post(outcome_url(chain["item"]), response.context["form"].data)
    assert again.status_code == 302
    assert ScrutinyOutcome.objects.get(pk=outcome.pk).rationale == "My reason"


def test_editing_a_published_outcome_goes_to_corrections(client, commissioner, chain):
    client.force_login(commissioner)
    response = client.get(outcome_url(chain["published"].agenda_item))
    assert response.url == reverse("engagement:outcome_correct", args=[chain["published"].pk])


def test_recommendation_from_questions_and_feedback(client, commissioner, chain, settings):
    settings.RECOMMENDATION_RESPONSE_DAYS = 14
    feedback = factories.make_feedback(chain["item"].plan_version, agenda_item=chain["item"])
    client.force_login(commissioner)
    url = reverse("engagement:recommendation_create", args=[chain["outcome"].pk])
    form_page = client.get(url).text
    assert chain["question"].text in form_page
    due = TODAY() + timedelta(days=60)
    response = client.post(
        url,
        {
            "text": "Hold surgeries at the youth centre.",
            "owner": chain["item"].plan.district_id,
            "due_on": due.isoformat(),
            "questions": [chain["question"].pk],
            "feedback": [feedback.pk],
        },
    )
    assert response.status_code == 302
    recommendation = Recommendation.objects.get(text="Hold surgeries at the youth centre.")
    assert list(recommendation.questions.all()) == [chain["question"]]
    assert list(recommendation.feedback.all()) == [feedback]
    assert recommendation.reply_due_on == TODAY() + timedelta(days=14)


def test_recommendation_due_in_the_past_is_refused(client, commissioner, chain):
    client.force_login(commissioner)
    url = reverse("engagement:recommendation_create", args=[chain["outcome"].pk])
    response = client.post(
        url,
        {
            "text": "Typed recommendation",
            "owner": chain["item"].plan.district_id,
            "due_on": (TODAY() - timedelta(days=1)).isoformat(),
            "questions": [chain["question"].pk],
        },
    )
    assert response.status_code == 200
    assert "The due date cannot be in the past." in response.text
    assert "Typed recommendation" in response.text
    assert Recommendation.objects.count() == 1


def test_only_the_item_questions_can_be_linked(client, commissioner, chain):
    elsewhere = factories.make_answered_question()
    client.force_login(commissioner)
    response = client.post(
        reverse("engagement:recommendation_create", args=[chain["outcome"].pk]),
        {
            "text": "Linked to the wrong question",
            "owner": chain["item"].plan.district_id,
            "due_on": TODAY().isoformat(),
            "questions": [elsewhere.pk],
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert Recommendation.objects.count() == 1


def test_publishing_without_a_rating_is_refused_with_a_message(client, commissioner):
    outcome = factories.make_outcome(rationale="No rating yet")
    client.force_login(commissioner)
    url = reverse("engagement:outcome_publish", args=[outcome.pk])
    assert "cannot be published without a RAG rating" in client.get(url).text
    response = client.post(url, follow=True)
    assert "Give a RAG rating" in response.text
    assert not ScrutinyOutcome.objects.get().is_published


def test_publishing_shows_the_outcome_publicly(client, commissioner, chain):
    client.force_login(commissioner)
    response = client.post(reverse("engagement:outcome_publish", args=[chain["outcome"].pk]))
    assert response.url == chain["outcome"].get_absolute_url()
    client.logout()
    public = client.get(chain["outcome"].get_absolute_url())
    assert public.status_code == 200
    assert "Few measures." in public.text


def test_correction_needs_a_note_then_shows_publicly_with_its_date(client, commissioner, chain):
    published = chain["published"]
    client.force_login(commissioner)
    url = reverse("engagement:outcome_correct", args=[published.pk])
    data = {"rating": "green", "rationale": "Corrected reason", "revision": published.revision}
    response = client.post(url, data)
    assert "Say what was corrected and why." in response.text
    assert "Corrected reason" in response.text
    assert not Correction.objects.exists()
    response = client.post(url, {**data, "note": "Rating entered wrongly."})
    assert response.status_code == 302
    client.logout()
    page = client.get(published.get_absolute_url()).text
    assert f"Correction, {TODAY():%-d %B %Y}" in page
    assert "Rating entered wrongly." in page
    assert "Corrected reason" in page


def test_editing_a_published_recommendation_asks_for_a_correction_note(client, commissioner, chain):
    recommendation = factories.make_recommendation(chain["published"])
    client.force_login(commissioner)
    url = reverse("engagement:recommendation_edit", args=[recommendation.pk])
    data = {
        "text": "Reworded",
        "owner": recommendation.owner_id,
        "due_on": recommendation.due_on.isoformat(),
        "revision": recommendation.revision,
    }
    response = client.post(url, data)
    assert "Say what was corrected and why." in response.text
    assert Recommendation.objects.get(pk=recommendation.pk).text != "Reworded"
    response = client.post(url, {**data, "note": "Clearer wording"})
    assert response.status_code == 302
    assert Recommendation.objects.get(pk=recommendation.pk).text == "Reworded"
    assert Correction.objects.get().note == "Clearer wording"


def test_home_query_count_does_not_grow(client, commissioner, django_assert_num_queries):
    client.force_login(commissioner)
    scale(3)
    with django_assert_num_queries(6):
        client.get(reverse("engagement:commissioner_home"))
    scale(30)
    with django_assert_num_queries(6):
        client.get(reverse("engagement:commissioner_home"))
