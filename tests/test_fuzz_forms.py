"""Property-based tests: whatever is posted to a form, the answer is never a server error,
nothing is half-saved, and the person is told what to fix.

Each form gets arbitrary text and unicode, huge and empty values, numbers and lists where
text is expected, and any subset of its fields missing. Add a test here for each new form.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from engagement import mfa
from engagement.models import (
    Action,
    AgendaItem,
    Attendance,
    EngagementPlan,
    Feedback,
    FeedbackCriterion,
    Invitation,
    Membership,
    PanelMeeting,
    PlanVersion,
    Profile,
    Question,
    QuestionResponse,
    Recommendation,
    ScrutinyOutcome,
    SectionTemplate,
)
from engagement.services import invitation_token
from tests import factories

pytestmark = pytest.mark.django_db

fuzz = hypothesis_settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

NASTY = [
    "",
    " ",
    "\x00",
    "\x00admin",
    "0",
    "-1",
    "1e309",
    "NaN",
    "000000",
    "123456",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u202egnp.exe",
    "🙂" * 300,
    "\uff12\uff10\uff12\uff16-\uff11\uff11-\uff12\uff18",  # full-width digits
    "\u00b2",  # a digit to str.isdigit() that int() refuses
]
text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
# Built on demand, so Hypothesis never prints half a megabyte when describing the strategy.
huge = st.builds(lambda: "x" * 100_000)
value = st.one_of(
    text,
    st.sampled_from(NASTY),
    huge,
    st.integers().map(str),
    st.floats(allow_nan=True).map(str),
    st.lists(st.sampled_from(NASTY[:6]) | st.text(max_size=10), min_size=0, max_size=3),
)


upload = st.builds(
    SimpleUploadedFile,
    st.sampled_from(["plan.pdf", "plan.docx", "page.html", "logo.svg", "setup.exe", "x"]),
    st.one_of(st.binary(max_size=2000), st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b""])),
)


def form_data(*fields, files=()):
    """Any subset of the fields, each with any value; file fields may get any bytes."""
    optional = dict.fromkeys(fields, value)
    optional.update(dict.fromkeys(files, st.one_of(value, upload)))
    return st.fixed_dictionaries({}, optional=optional)


def assert_told_what_went_wrong(response):
    assert response.status_code in {200, 302, 429}, response.status_code
    if response.status_code == 200:
        assert "There is a problem" in response.text
    if response.status_code == 429:
        assert "Too many attempts" in response.text


@pytest.fixture
def quick_sign_in(settings):
    settings.SIGN_IN_DELAY_STEP_SECONDS = 0


@fuzz
@given(data=form_data("username", "password", "next"))
def test_sign_in(client, quick_sign_in, representative, data):
    response = client.post(reverse("login"), data)
    assert_told_what_went_wrong(response)
    if response.status_code != 302:
        assert "_auth_user_id" not in client.session


@fuzz
@given(data=form_data("email"))
def test_password_reset(client, mailoutbox, representative, data):
    sent = len(mailoutbox)
    response = client.post(reverse("password_reset"), data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert len(mailoutbox) == sent


@fuzz
@given(data=form_data("old_password", "new_password1", "new_password2"))
def test_password_change(client, representative, data):
    client.force_login(representative)
    response = client.post(reverse("password_change"), data)
    assert_told_what_went_wrong(response)
    representative.refresh_from_db()
    if response.status_code == 200:
        assert representative.check_password(factories.PASSWORD)


@fuzz
@given(data=form_data("code", "next"))
def test_two_factor_setup(client, chief_inspector, data):
    client.force_login(chief_inspector)
    response = client.post(reverse("engagement:mfa_setup"), data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert not TOTPDevice.objects.filter(user=chief_inspector, confirmed=True).exists()
        assert not StaticToken.objects.filter(device__user=chief_inspector).exists()


@fuzz
@given(data=form_data("code", "next"))
def test_two_factor_verify(client, settings, chief_inspector, data):
    settings.MFA_ENFORCED = True
    TOTPDevice.objects.get_or_create(user=chief_inspector, name="App", confirmed=True)
    client.force_login(chief_inspector)
    response = client.post(reverse("engagement:mfa_verify"), data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert client.get(reverse("engagement:district_home")).status_code == 302


@fuzz
@given(data=form_data("code", "next"))
def test_recovery_code(client, representative, data):
    if not StaticToken.objects.filter(device__user=representative).exists():
        mfa.new_recovery_codes(representative)
    codes = StaticToken.objects.filter(device__user=representative).count()
    client.force_login(representative)
    response = client.post(reverse("engagement:mfa_recover"), data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert StaticToken.objects.filter(device__user=representative).count() == codes


@fuzz
@given(data=form_data("password", "understood"))
def test_erase_account(client, representative, data):
    client.force_login(representative)
    response = client.post(reverse("engagement:account_erase"), data)
    assert_told_what_went_wrong(response)
    representative.refresh_from_db()
    if response.status_code == 200:
        assert representative.username == "rep.onevision" and representative.is_active
        assert Membership.objects.get(user=representative).status == "active"


@fuzz
@given(data=form_data("kind", "record", "action", "person", "since", "until", "page"))
def test_change_history_filters(client, commissioner, data):
    client.force_login(commissioner)
    response = client.get(reverse("engagement:history_list"), data)
    assert response.status_code == 200
    form = response.context["filter_form"]
    if form.errors:
        assert "There is a problem" in response.text


# Chief inspectors' forms -------------------------------------------------------------------


@pytest.fixture
def watford_plan(chief_inspector, watford):
    plan = factories.make_plan(watford, created_by=chief_inspector)
    factories.make_version(plan, number=1)
    return plan


def section_fields():
    return [f"section_{slug}" for slug in SectionTemplate.objects.values_list("slug", flat=True)]


@fuzz
@given(data=form_data("district", "title", "period_start", "period_end", "revision"))
def test_plan_create(client, chief_inspector, data):
    client.force_login(chief_inspector)
    before = EngagementPlan.objects.count()
    response = client.post(reverse("engagement:plan_create"), data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert EngagementPlan.objects.count() == before


@fuzz
@given(data=form_data("title", "period_start", "period_end", "revision"))
def test_plan_edit(client, chief_inspector, watford_plan, data):
    client.force_login(chief_inspector)
    before = EngagementPlan.objects.values().get(pk=watford_plan.pk)
    response = client.post(reverse("engagement:plan_edit", args=[watford_plan.pk]), data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert EngagementPlan.objects.values().get(pk=watford_plan.pk) == before


@fuzz
@given(data=st.data())
def test_plan_version_form(client, chief_inspector, watford_plan, data):
    client.force_login(chief_inspector)
    posted = data.draw(
        form_data("change_summary", "revision", *section_fields(), files=["document"])
    )
    before = list(PlanVersion.objects.filter(plan=watford_plan).values())
    draft = watford_plan.versions.filter(status=PlanVersion.Status.DRAFT).first()
    url = (
        reverse("engagement:plan_version_edit", args=[watford_plan.pk, draft.number])
        if draft
        else reverse("engagement:plan_version_create", args=[watford_plan.pk])
    )
    response = client.post(url, posted)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert list(PlanVersion.objects.filter(plan=watford_plan).values()) == before
    templates = SectionTemplate.objects.filter(is_active=True).count()
    for version in watford_plan.versions.all():
        assert version.sections.count() == templates


@fuzz
@given(data=form_data("agenda_item", "revision"))
def test_plan_version_submit(client, chief_inspector, watford_plan, data):
    version = watford_plan.versions.filter(status=PlanVersion.Status.DRAFT).first()
    version = version or factories.make_version(watford_plan, status=PlanVersion.Status.DRAFT)
    client.force_login(chief_inspector)
    url = reverse("engagement:plan_version_submit", args=[watford_plan.pk, version.number])
    response = client.post(url, data)
    assert_told_what_went_wrong(response)
    version.refresh_from_db()
    if response.status_code == 200:
        assert version.status == PlanVersion.Status.DRAFT


@fuzz
@given(data=form_data("text", "revision"))
def test_question_respond(client, chief_inspector, watford_plan, data):
    item = factories.make_agenda_item(plan=watford_plan, version=watford_plan.versions.get())
    question = factories.make_question(item, status=Question.Status.ACCEPTED)
    client.force_login(chief_inspector)
    response = client.post(reverse("engagement:question_respond", args=[question.pk]), data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert not QuestionResponse.objects.filter(question=question).exists()


@fuzz
@given(data=form_data("status", "note", "evidence_url", "revision", files=["evidence_document"]))
def test_action_progress(client, chief_inspector, watford, data):
    action = factories.make_action(watford, created_by=chief_inspector)
    client.force_login(chief_inspector)
    response = client.post(reverse("engagement:action_progress", args=[action.pk]), data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert not action.progress_updates.exists()
        assert Action.objects.get(pk=action.pk).status == action.status


# Community representatives, invitations and moderation -------------------------------------


@pytest.fixture
def open_item(watford_plan):
    return factories.make_agenda_item(plan=watford_plan, version=watford_plan.versions.get())


def criterion_fields():
    return [f"criterion_{pk}" for pk in FeedbackCriterion.objects.values_list("pk", flat=True)]


@fuzz
@given(data=form_data("organisation", "section", "text", "is_public", "submission_key"))
def test_question_create(client, representative, open_item, data):
    client.force_login(representative)
    before = Question.objects.count()
    response = client.post(reverse("engagement:question_create", args=[open_item.pk]), data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert Question.objects.count() == before


@fuzz
@given(data=form_data("section", "text", "is_public", "revision"))
def test_question_edit(client, representative, open_item, data):
    question = factories.make_question(open_item, asked_by=representative, text="As asked.")
    client.force_login(representative)
    response = client.post(reverse("engagement:question_edit", args=[question.pk]), data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert Question.objects.get(pk=question.pk).text == "As asked."


@fuzz
@given(data=st.data())
def test_feedback(client, representative, organisation, open_item, data):
    client.force_login(representative)
    posted = data.draw(form_data("what_works", "what_is_missing", "revision", *criterion_fields()))
    before = list(Feedback.objects.values())
    url = reverse("engagement:feedback_edit", args=[open_item.pk, organisation.pk])
    response = client.post(url, posted)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert list(Feedback.objects.values()) == before
    for feedback in Feedback.objects.all():
        assert feedback.ratings.count() == open_item.meeting.criteria.count()


@fuzz
@given(data=form_data("name_display", "email_on_question_update", "email_on_meeting_news"))
def test_profile(client, representative, data):
    client.force_login(representative)
    before = Profile.objects.values().get(user=representative)
    response = client.post(reverse("engagement:profile_edit"), data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert Profile.objects.values().get(user=representative) == before


@fuzz
@given(data=form_data("organisation", "note"))
def test_membership_request(client, representative, other_organisation, data):
    client.force_login(representative)
    before = Membership.objects.count()
    response = client.post(reverse("engagement:membership_request_create"), data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert Membership.objects.count() == before


@fuzz
@given(data=form_data("full_name", "email", "organisation"))
def test_invitation(client, secretariat, organisation, mailoutbox, data):
    client.force_login(secretariat)
    before = Invitation.objects.count()
    response = client.post(reverse("engagement:invitation_list"), data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert Invitation.objects.count() == before


@fuzz
@given(
    data=form_data("first_name", "last_name", "username", "password1", "password2"),
)
def test_accept_invitation(client, organisation, data):
    invitation = factories.make_invitation(organisation)
    before = get_user_model().objects.count()
    url = reverse("engagement:invitation_accept", args=[invitation_token(invitation)])
    response = client.post(url, data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert get_user_model().objects.count() == before
        assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


@fuzz
@given(
    data=form_data(
        "action",
        "decline-reason",
        "decline-other_reason",
        "merge-target",
        "reword-text",
        "reword-note",
        "reword-revision",
    )
)
def test_moderate_question(client, secretariat, open_item, data):
    question = factories.make_question(open_item, text="As asked.")
    client.force_login(secretariat)
    response = client.post(reverse("engagement:question_moderate", args=[question.pk]), data)
    assert response.status_code in {200, 302}
    question.refresh_from_db()
    if response.status_code == 200:
        assert question.status == Question.Status.SUBMITTED and question.text == "As asked."
        if isinstance(data.get("action"), str) and data["action"] in {"decline", "merge", "reword"}:
            assert "There is a problem" in response.text


# Meetings and the commissioner's office ----------------------------------------------------


@fuzz
@given(
    data=form_data(
        "title",
        "starts_at",
        "ends_at",
        "venue",
        "chair",
        "question_deadline",
        "max_questions_per_person",
        "max_questions_per_organisation",
        "criteria",
        "revision",
    )
)
def test_meeting_create(client, secretariat, data):
    client.force_login(secretariat)
    before = PanelMeeting.objects.count()
    response = client.post(reverse("engagement:meeting_create"), data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert PanelMeeting.objects.count() == before


@fuzz
@given(data=form_data("rating", "rationale", "findings", "revision"))
def test_outcome_record(client, commissioner, open_item, data):
    client.force_login(commissioner)
    response = client.post(reverse("engagement:outcome_record", args=[open_item.pk]), data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert not ScrutinyOutcome.objects.filter(agenda_item=open_item).exists()


@fuzz
@given(data=form_data("text", "owner", "due_on", "questions", "feedback", "revision"))
def test_recommendation_create(client, commissioner, open_item, data):
    outcome = ScrutinyOutcome.objects.filter(agenda_item=open_item).first()
    outcome = outcome or factories.make_outcome(open_item, reviewed_by=commissioner)
    before = Recommendation.objects.count()
    client.force_login(commissioner)
    response = client.post(reverse("engagement:recommendation_create", args=[outcome.pk]), data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert Recommendation.objects.count() == before


@fuzz
@given(
    data=form_data(
        "decision",
        "reason",
        "action_title",
        "action_description",
        "action_owner_name",
        "action_due_on",
        "revision",
    )
)
def test_recommendation_reply(client, chief_inspector, open_item, data):
    outcome = ScrutinyOutcome.objects.filter(agenda_item=open_item).first()
    recommendation = factories.make_recommendation(outcome or factories.make_outcome(open_item))
    client.force_login(chief_inspector)
    url = reverse("engagement:recommendation_reply", args=[recommendation.pk])
    response = client.post(url, data)
    assert_told_what_went_wrong(response)
    recommendation.refresh_from_db()
    if response.status_code == 200:
        assert recommendation.status == Recommendation.Status.OPEN
        assert not recommendation.actions.exists()


MEETING_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "venue",
    "chair",
    "question_deadline",
    "max_questions_per_person",
    "max_questions_per_organisation",
    "criteria",
    "revision",
)


def meeting_state(meeting):
    row = PanelMeeting.objects.values().get(pk=meeting.pk)
    return row, sorted(meeting.criteria.values_list("pk", flat=True))


@fuzz
@given(data=form_data(*MEETING_FIELDS))
def test_meeting_edit(client, secretariat, data):
    meeting = factories.make_meeting(status=PanelMeeting.Status.SCHEDULED)
    before = meeting_state(meeting)
    client.force_login(secretariat)
    response = client.post(reverse("engagement:meeting_edit", args=[meeting.pk]), data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert meeting_state(meeting) == before


@fuzz
@given(data=form_data("kind", "plan", "title", "presenter", "minutes_allowed"))
def test_agenda_item_add(client, secretariat, watford_plan, data):
    meeting = factories.make_meeting(status=PanelMeeting.Status.SCHEDULED)
    client.force_login(secretariat)
    response = client.post(reverse("engagement:meeting_agenda", args=[meeting.pk]), data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert not AgendaItem.objects.filter(meeting=meeting).exists()


@fuzz
@given(data=st.data())
def test_attendance_register(client, secretariat, organisation, data):
    meeting = factories.make_meeting(status=PanelMeeting.Status.IN_SESSION, days_ahead=0)
    people = [
        factories.make_attendee(meeting),
        factories.make_attendee(meeting, organisation=organisation),
    ]
    posted = data.draw(form_data(*(f"person_{person.pk}" for person in people), "person_0"))
    before = list(Attendance.objects.filter(meeting=meeting).values())
    client.force_login(secretariat)
    response = client.post(reverse("engagement:meeting_attendance", args=[meeting.pk]), posted)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert list(Attendance.objects.filter(meeting=meeting).values()) == before


@fuzz
@given(
    button=st.sampled_from(["invite", "add_person"]),
    data=form_data(
        "organisations", "person-name", "person-organisation", "person-capacity", "person-status"
    ),
)
def test_meeting_invitations(client, secretariat, organisation, button, data):
    meeting = factories.make_meeting(status=PanelMeeting.Status.SCHEDULED)
    before = list(Attendance.objects.filter(meeting=meeting).values())
    client.force_login(secretariat)
    url = reverse("engagement:meeting_invitations", args=[meeting.pk])
    response = client.post(url, {**data, button: ""})
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert list(Attendance.objects.filter(meeting=meeting).values()) == before
        assert not meeting.invited_organisations.exists()


def test_an_organisation_ticked_by_a_number_no_row_can_have_is_refused(client, secretariat):
    meeting = factories.make_meeting(status=PanelMeeting.Status.SCHEDULED)
    client.force_login(secretariat)
    url = reverse("engagement:meeting_invitations", args=[meeting.pk])
    for number in ("\u00b2", "\u0663", str(2**63)):
        response = client.post(url, {"organisations": [number], "invite": ""})
        assert response.status_code == 200
        assert "There is a problem" in response.text
    assert not meeting.invited_organisations.exists()


@pytest.fixture
def live_item():
    meeting = factories.make_live_meeting(questions=1)
    return meeting.agenda_items.get()


@fuzz
@given(data=form_data("floor-text", "floor-organisation"))
def test_live_floor_question(client, secretariat, organisation, live_item, data):
    before = Question.objects.count()
    client.force_login(secretariat)
    response = client.post(reverse("engagement:live_floor_question", args=[live_item.pk]), data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert Question.objects.count() == before


@fuzz
@given(data=st.data())
def test_live_spoken_answer(client, secretariat, live_item, data):
    question = live_item.questions.get()
    posted = data.draw(form_data(f"q{question.pk}-spoken_answer", "spoken_answer"))
    before = Question.objects.values().get(pk=question.pk)
    client.force_login(secretariat)
    url = reverse("engagement:live_answer_question", args=[question.pk])
    response = client.post(url, posted)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert Question.objects.values().get(pk=question.pk) == before


@fuzz
@given(data=form_data("action-title", "action-district", "action-owner_name", "action-due_on"))
def test_live_agree_action(client, secretariat, watford, live_item, data):
    before = Action.objects.count()
    client.force_login(secretariat)
    response = client.post(reverse("engagement:live_agree_action", args=[live_item.pk]), data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert Action.objects.count() == before


@fuzz
@given(data=form_data("minutes", "revision"))
def test_minutes_edit(client, secretariat, data):
    meeting = factories.make_meeting(
        status=PanelMeeting.Status.CLOSED, days_ahead=-1, minutes="As drafted."
    )
    before = PanelMeeting.objects.values().get(pk=meeting.pk)
    client.force_login(secretariat)
    response = client.post(reverse("engagement:meeting_minutes", args=[meeting.pk]), data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert PanelMeeting.objects.values().get(pk=meeting.pk) == before


@fuzz
@given(data=st.data())
def test_moderation_bulk_action(client, secretariat, open_item, data):
    asked = [factories.make_question(open_item, text=f"Asked {n}.") for n in range(2)]
    ids = [str(question.pk) for question in asked]
    tick = st.lists(st.sampled_from(ids) | value.filter(lambda v: isinstance(v, str)), max_size=3)
    posted = data.draw(
        st.fixed_dictionaries(
            {},
            optional={
                "questions": tick,
                "decision": value,
                "reason": value,
                "other_reason": value,
            },
        )
    )
    before = list(Question.objects.values())
    client.force_login(secretariat)
    url = reverse("engagement:moderation_queue", args=[open_item.meeting_id])
    response = client.post(url, posted)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert list(Question.objects.values()) == before


@fuzz
@given(data=form_data("show", "meeting", "section", "page"))
def test_district_questions_filter(client, chief_inspector, open_item, data):
    factories.make_question(open_item, status=Question.Status.ACCEPTED)
    client.force_login(chief_inspector)
    response = client.get(reverse("engagement:district_questions"), data)
    assert response.status_code == 200
    if response.context["form"].errors:
        assert "There is a problem" in response.text


@fuzz
@given(data=form_data("item", "page"))
def test_meeting_questions_filter(client, representative, open_item, data):
    factories.make_question(open_item, status=Question.Status.ACCEPTED)
    client.force_login(representative)  # who sees the accepted questions before the meeting
    response = client.get(reverse("engagement:meeting_detail", args=[open_item.meeting_id]), data)
    assert response.status_code == 200
    assert response.context["page"].paginator.count >= 1
    if response.context["form"].errors:
        assert "There is a problem" in response.text


@fuzz
@given(data=form_data("rating", "rationale", "findings", "note", "revision"))
def test_outcome_correct(client, commissioner, open_item, data):
    outcome = ScrutinyOutcome.objects.filter(agenda_item=open_item).first()
    outcome = outcome or factories.make_outcome(open_item, reviewed_by=commissioner, published=True)
    before = ScrutinyOutcome.objects.values().get(pk=outcome.pk)
    client.force_login(commissioner)
    response = client.post(reverse("engagement:outcome_correct", args=[outcome.pk]), data)
    assert_told_what_went_wrong(response)
    if response.status_code == 200:
        assert ScrutinyOutcome.objects.values().get(pk=outcome.pk) == before


def test_recommendation_refuses_a_row_number_past_64_bits(client, commissioner, open_item):
    outcome = factories.make_outcome(open_item, reviewed_by=commissioner)
    client.force_login(commissioner)
    url = reverse("engagement:recommendation_create", args=[outcome.pk])
    response = client.post(url, {"text": "Do it.", "questions": str(2**63)})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert not Recommendation.objects.exists()


def test_ticked_rows_refuse_a_row_number_past_64_bits(client, secretariat, open_item):
    meeting = open_item.meeting
    factories.make_question(open_item, text="As asked.")
    client.force_login(secretariat)
    big = str(2**63)
    posts = [
        ("meeting_create", [], {"criteria": big}),
        ("meeting_edit", [meeting.pk], {"criteria": big}),
        ("meeting_invitations", [meeting.pk], {"invite": "", "organisations": big}),
        ("moderation_queue", [meeting.pk], {"questions": big, "decision": "accept"}),
    ]
    before = (
        meeting_state(meeting),
        list(Question.objects.values()),
        list(Attendance.objects.values()),
    )
    for name, args, data in posts:
        response = client.post(reverse(f"engagement:{name}", args=args), data)
        assert response.status_code == 200, name
        assert "There is a problem" in response.text, name
    after = (
        meeting_state(meeting),
        list(Question.objects.values()),
        list(Attendance.objects.values()),
    )
    assert after == before
    assert PanelMeeting.objects.count() == 1
