"""Chief inspectors' pages: who reaches them, what the forms refuse, and query budgets."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from engagement.models import (
    Action,
    ChangeRecord,
    EngagementPlan,
    PlanVersion,
    Question,
    SectionTemplate,
)
from engagement.views.districts import HOME_LIST_SIZE
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


def fetch(client, user, url, data=None):
    if user is not None:
        client.force_login(user)
    return client.get(url) if data is None else client.post(url, data)


def assert_status(response, expected, url):
    if expected == "sign in":
        assert response.status_code == 302
        assert response.url == f"{reverse('login')}?next={url}"
    else:
        assert response.status_code == expected


def expected_for(role, table):
    """Look a role up in a {role: status} table; roles not named get 403."""
    return table.get(role, 403)


@pytest.fixture
def published_plan(chief_inspector, watford):
    plan = factories.make_plan(watford, created_by=chief_inspector)
    factories.make_version(plan, number=1)
    return plan


@pytest.fixture
def draft_plan(chief_inspector, watford):
    return factories.make_plan(
        watford, created_by=chief_inspector, status=EngagementPlan.Status.DRAFT
    )


@pytest.fixture
def draft_version(published_plan):
    return factories.make_version(published_plan, number=2, status=PlanVersion.Status.DRAFT)


@pytest.fixture
def agenda_item(published_plan):
    version = published_plan.versions.get(number=1)
    return factories.make_agenda_item(
        factories.make_meeting(), plan=published_plan, version=version
    )


# Who reaches which page ---------------------------------------------------------------------

# Each chief inspector reaches these pages, for their own district.
ANY_CHIEF = {"anonymous": "sign in", "chief_inspector": 200, "other_chief_inspector": 200}
CHIEF_ONLY = {"anonymous": "sign in", "chief_inspector": 200}


@pytest.mark.parametrize(
    "url_name", ["district_home", "district_questions", "district_actions", "plan_create"]
)
@pytest.mark.parametrize("role", ROLES)
def test_chief_inspector_pages_are_for_chief_inspectors(client, user_for_role, url_name, role):
    url = reverse(f"engagement:{url_name}")
    response = fetch(client, user_for_role(role), url)
    assert_status(response, expected_for(role, ANY_CHIEF), url)


# Other districts and the commissioner's office never learn a draft exists.
DRAFT_HIDDEN = {
    "anonymous": "sign in",
    "chief_inspector": 200,
    "other_chief_inspector": 404,
    "representative": 404,
    "other_representative": 404,
    "commissioner": 404,
}


@pytest.mark.parametrize("url_name", ["plan_edit", "plan_version_create"])
@pytest.mark.parametrize("role", ROLES)
def test_published_plan_is_changed_only_by_its_district(
    client, user_for_role, published_plan, url_name, role
):
    url = reverse(f"engagement:{url_name}", args=[published_plan.pk])
    response = fetch(client, user_for_role(role), url)
    assert_status(response, expected_for(role, CHIEF_ONLY), url)


@pytest.mark.parametrize("url_name", ["plan_edit", "plan_version_create"])
@pytest.mark.parametrize("role", ROLES)
def test_draft_plan_is_invisible_outside_its_district(
    client, user_for_role, draft_plan, url_name, role
):
    url = reverse(f"engagement:{url_name}", args=[draft_plan.pk])
    response = fetch(client, user_for_role(role), url)
    assert_status(response, expected_for(role, DRAFT_HIDDEN), url)


@pytest.mark.parametrize("url_name", ["plan_version_edit", "plan_version_submit"])
@pytest.mark.parametrize("role", ROLES)
def test_draft_version_is_invisible_outside_its_district(
    client, user_for_role, draft_version, url_name, role
):
    url = reverse(f"engagement:{url_name}", args=[draft_version.plan_id, draft_version.number])
    response = fetch(client, user_for_role(role), url)
    assert_status(response, expected_for(role, DRAFT_HIDDEN), url)


@pytest.mark.parametrize(
    ("is_public", "table"),
    [
        (True, {"anonymous": "sign in", "chief_inspector": 200}),
        (
            False,
            {
                "anonymous": "sign in",
                "chief_inspector": 200,
                "other_chief_inspector": 404,
                "other_representative": 404,
            },
        ),
    ],
    ids=["public", "private"],
)
@pytest.mark.parametrize("role", ROLES)
def test_only_the_plans_district_responds(
    client, user_for_role, agenda_item, representative, is_public, table, role
):
    question = factories.make_question(
        agenda_item, asked_by=representative, status=Question.Status.ACCEPTED, is_public=is_public
    )
    url = reverse("engagement:question_respond", args=[question.pk])
    response = fetch(client, user_for_role(role), url)
    assert_status(response, expected_for(role, table), url)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_actions_district_reports_progress(client, user_for_role, watford, role):
    action = factories.make_action(watford)
    table = {
        "anonymous": "sign in",
        "chief_inspector": 200,
        "other_chief_inspector": 404,
        "representative": 404,
        "other_representative": 404,
    }
    url = reverse("engagement:action_progress", args=[action.pk])
    response = fetch(client, user_for_role(role), url)
    assert_status(response, expected_for(role, table), url)


def test_published_action_of_another_district_is_read_only(client, other_chief_inspector):
    outcome = factories.make_outcome(published=True)
    action = factories.make_action(
        outcome.plan.district, recommendation=factories.make_recommendation(outcome)
    )
    url = reverse("engagement:action_progress", args=[action.pk])
    response = fetch(client, other_chief_inspector, url, {"status": "done", "note": "Hijack"})
    assert response.status_code == 403
    assert not action.progress_updates.exists()


def test_another_district_cannot_post_a_version(client, other_chief_inspector, draft_plan):
    url = reverse("engagement:plan_version_create", args=[draft_plan.pk])
    response = fetch(client, other_chief_inspector, url, factories.section_data())
    assert response.status_code == 404
    assert not draft_plan.versions.exists()


def test_unmoderated_question_cannot_be_answered_yet(client, chief_inspector, agenda_item):
    question = factories.make_question(agenda_item, status=Question.Status.ACCEPTED)
    Question.objects.filter(pk=question.pk).update(status=Question.Status.SUBMITTED)
    client.force_login(chief_inspector)
    url = reverse("engagement:question_respond", args=[question.pk])
    assert client.get(url).status_code == 404


# District home -------------------------------------------------------------------------------


def test_district_home_shows_what_needs_doing(client, chief_inspector, agenda_item, watford):
    older = factories.make_question(agenda_item, status=Question.Status.ACCEPTED, text="Older?")
    factories.make_question(agenda_item, status=Question.Status.ACCEPTED, text="Newer?")
    factories.make_question(agenda_item, status=Question.Status.SUBMITTED, text="Unmoderated?")
    Question.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=3))
    factories.make_action(watford, title="Due later", due_on=timezone.localdate() + timedelta(9))
    factories.make_action(watford, title="Overdue one", due_on=timezone.localdate() - timedelta(2))
    factories.make_action(factories.get_district("stevenage"), title="Not ours")
    client.force_login(chief_inspector)
    page = client.get(reverse("engagement:district_home")).text
    assert "2 questions waiting, oldest first" in page
    assert page.index("Older?") < page.index("Newer?")
    assert "Unmoderated?" not in page
    assert "1 overdue" in page
    assert page.index("Overdue one") < page.index("Due later")
    assert "Not ours" not in page
    assert agenda_item.meeting.title in page
    assert "Questions close" in page
    assert agenda_item.plan.title in page


def test_district_home_query_count_does_not_grow(
    client, chief_inspector, watford, django_assert_num_queries
):
    meeting = factories.make_meeting()

    def add_rows(count):
        for _ in range(count):
            plan = factories.make_plan(watford)
            version = factories.make_version(plan)
            item = factories.make_agenda_item(meeting, plan=plan, version=version)
            factories.make_question(item, status=Question.Status.ACCEPTED)
            factories.make_action(watford, due_on=timezone.localdate() - timedelta(days=1))

    client.force_login(chief_inspector)
    add_rows(3)
    with django_assert_num_queries(12):
        client.get(reverse("engagement:district_home"))
    add_rows(27)
    with django_assert_num_queries(12):
        response = client.get(reverse("engagement:district_home"))
    assert "30 questions waiting" in response.text
    oldest = Question.objects.order_by("created_at", "pk")[:HOME_LIST_SIZE]
    # Each list is a callable the template reads only when it draws it.
    assert response.context["awaiting"]() == list(oldest)


def test_district_home_lists_the_newest_plans_a_few_at_a_time(client, chief_inspector, watford):
    starts = timezone.localdate().replace(day=1)
    for months_ago in range(HOME_LIST_SIZE + 2):
        factories.make_plan(
            watford,
            title=f"Plan {months_ago} months old",
            period_start=starts - timedelta(days=31 * months_ago),
            period_end=starts - timedelta(days=31 * months_ago) + timedelta(days=180),
        )
    factories.make_plan(factories.get_district("stevenage"), title="Stevenage plan")
    client.force_login(chief_inspector)
    url = reverse("engagement:district_home")
    first = client.get(url).text
    shown = [f"Plan {n} months old" for n in range(HOME_LIST_SIZE)]
    assert all(title in first for title in shown)
    assert [first.index(title) for title in shown] == sorted(first.index(t) for t in shown)
    assert f"Plan {HOME_LIST_SIZE} months old" not in first
    assert "?page=2" in first
    second = client.get(url, {"page": 2}).text
    assert f"Plan {HOME_LIST_SIZE + 1} months old" in second
    assert "Plan 0 months old" not in second
    assert "Stevenage plan" not in first + second


def test_district_home_counts_only_its_own_districts_waiting_questions(
    client, chief_inspector, agenda_item
):
    factories.make_question(agenda_item, status=Question.Status.ACCEPTED, text="Ours?")
    theirs = factories.make_plan_item(factories.make_meeting(), factories.get_district("stevenage"))
    factories.make_question(theirs, status=Question.Status.ACCEPTED, text="Theirs?")
    factories.make_question(agenda_item, status=Question.Status.ANSWERED, text="Answered?")
    client.force_login(chief_inspector)
    page = client.get(reverse("engagement:district_home")).text
    assert "1 question waiting, oldest first" in page
    assert "Ours?" in page
    assert "Theirs?" not in page
    assert "Answered?" not in page


# Plans ---------------------------------------------------------------------------------------


def plan_data(**overrides):
    return {
        "title": "Watford plan 2027",
        "period_start": "2027-04-01",
        "period_end": "2028-03-31",
        **overrides,
    }


def test_create_plan_then_go_on_to_its_first_version(client, chief_inspector):
    client.force_login(chief_inspector)
    response = client.post(reverse("engagement:plan_create"), plan_data())
    plan = EngagementPlan.objects.get()
    assert response.url == reverse("engagement:plan_version_create", args=[plan.pk])
    assert (plan.district.slug, plan.status) == ("watford", EngagementPlan.Status.DRAFT)
    assert plan.created_by == chief_inspector


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"period_end": "2027-03-01"}, "The period must end after it starts."),
        ({"title": ""}, "This field is required."),
        ({"period_start": "not a date"}, "Enter a valid date."),
    ],
)
def test_create_plan_refuses_bad_input_and_keeps_it(client, chief_inspector, overrides, message):
    client.force_login(chief_inspector)
    response = client.post(reverse("engagement:plan_create"), plan_data(**overrides))
    assert response.status_code == 200
    assert message in response.text
    assert "There is a problem" in response.text
    for value in plan_data(**overrides).values():
        if value:
            assert f'value="{value}"' in response.text, "what was typed is kept"
    assert not EngagementPlan.objects.exists()


def test_create_plan_refuses_a_second_plan_for_the_same_period(client, chief_inspector, watford):
    factories.make_plan(watford, period_start=timezone.datetime(2027, 4, 1).date())
    client.force_login(chief_inspector)
    response = client.post(reverse("engagement:plan_create"), plan_data())
    assert "Watford already has a plan for the period starting 1 April 2027" in response.text
    assert EngagementPlan.objects.count() == 1


def test_chief_of_two_districts_chooses_the_district(client, chief_inspector, stevenage):
    factories.make_membership(chief_inspector, "chief_inspector", district=stevenage)
    client.force_login(chief_inspector)
    client.post(reverse("engagement:plan_create"), plan_data(district=stevenage.pk))
    assert EngagementPlan.objects.get().district == stevenage


def test_second_editor_of_plan_details_sees_both_and_loses_nothing(
    client, chief_inspector, draft_plan
):
    url = reverse("engagement:plan_edit", args=[draft_plan.pk])
    client.force_login(chief_inspector)
    opened = draft_plan.revision
    client.post(url, plan_data(title="Saved first", revision=opened))
    response = client.post(url, plan_data(title="Typed second", revision=opened))
    assert "Someone else changed this since you opened it" in response.text
    assert "Saved first" in response.text
    assert 'value="Typed second"' in response.text
    draft_plan.refresh_from_db()
    assert draft_plan.title == "Saved first"
    # Having seen both, saving again goes through.
    client.post(url, plan_data(title="Typed second", revision=draft_plan.revision))
    draft_plan.refresh_from_db()
    assert draft_plan.title == "Typed second"


# Versions ------------------------------------------------------------------------------------


def zipped(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_first_version_is_saved_with_document_and_sections(client, chief_inspector, draft_plan):
    client.force_login(chief_inspector)
    data = {**factories.section_data(), "document": upload("Our plan.pdf", factories.PDF_BYTES)}
    response = client.post(reverse("engagement:plan_version_create", args=[draft_plan.pk]), data)
    version = draft_plan.versions.get()
    assert response.url == version.get_absolute_url()
    assert version.document_name == "Our plan.pdf"
    assert version.sections.get(template__slug="risks").body == "Risks: our plan."


def test_new_version_starts_with_the_previous_text(client, chief_inspector, published_plan):
    client.force_login(chief_inspector)
    response = client.get(reverse("engagement:plan_version_create", args=[published_plan.pk]))
    assert "Risks for v1." in response.text
    assert "start with the text of version 1" in response.text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.pdf", b"MZ\x90\x00" + b"\x00" * 64, "must be a PDF"),
        ("page.pdf", b"<!doctype html><script>alert(1)</script>", "must be a PDF"),
        ("logo.pdf", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "must be a PDF"),
        ("evil.docx", zipped({"evil.exe": "MZ"}), "must be a PDF"),
        ("empty.pdf", b"", "empty"),
        ("huge.pdf", factories.PDF_BYTES + b"0" * 4096, "largest allowed is 1"),
    ],
    ids=["executable", "html", "svg", "zip", "empty", "too-large"],
)
def test_bad_upload_is_refused_and_the_typed_text_kept(
    client, chief_inspector, draft_plan, settings, name, content, message
):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(chief_inspector)
    data = {
        **factories.section_data("{title}: typed before the upload failed."),
        "change_summary": "My summary",
        "document": upload(name, content),
    }
    response = client.post(reverse("engagement:plan_version_create", args=[draft_plan.pk]), data)
    assert response.status_code == 200
    assert message in response.text
    assert "Risks: typed before the upload failed." in response.text
    assert "My summary" in response.text
    assert not draft_plan.versions.exists()


def test_starting_a_version_while_a_draft_exists_continues_the_draft(
    client, chief_inspector, draft_version
):
    client.force_login(chief_inspector)
    response = client.get(reverse("engagement:plan_version_create", args=[draft_version.plan_id]))
    assert response.url == reverse(
        "engagement:plan_version_edit", args=[draft_version.plan_id, draft_version.number]
    )


def test_second_editor_of_a_draft_sees_both_texts(client, chief_inspector, draft_version):
    url = reverse("engagement:plan_version_edit", args=[draft_version.plan_id, 2])
    opened = draft_version.revision
    colleague = factories.make_chief_inspector(draft_version.plan.district)
    client.force_login(colleague)
    client.post(url, {**factories.section_data("{title}: colleague's words."), "revision": opened})
    client.force_login(chief_inspector)
    mine = factories.section_data("{title}: my words.")
    response = client.post(url, {**mine, "revision": opened})
    assert response.status_code == 200
    assert "Someone else changed this since you opened it" in response.text
    assert "Risks: colleague&#x27;s words." in response.text
    assert "Risks: my words." in response.text
    body = draft_version.sections.get(template__slug="risks").body
    assert body == "Risks: colleague's words."


def test_submitted_version_cannot_be_edited(client, chief_inspector, published_plan):
    client.force_login(chief_inspector)
    url = reverse("engagement:plan_version_edit", args=[published_plan.pk, 1])
    response = client.post(url, {**factories.section_data("{title}: changed."), "revision": 1})
    assert response.url == reverse("engagement:plan_version_detail", args=[published_plan.pk, 1])
    assert not published_plan.versions.get().sections.filter(body__contains="changed").exists()


# Submitting a version --------------------------------------------------------------------------


@pytest.fixture
def ready_version(draft_version):
    draft_version.document = factories.make_upload()
    draft_version.document_type = "pdf"
    draft_version.save()
    return draft_version


def submit_url(version):
    return reverse("engagement:plan_version_submit", args=[version.plan_id, version.number])


def test_submit_version_to_the_upcoming_meeting(
    client, chief_inspector, ready_version, agenda_item
):
    client.force_login(chief_inspector)
    page = client.get(submit_url(ready_version)).text
    assert agenda_item.meeting.title in page
    response = client.post(submit_url(ready_version), {"agenda_item": agenda_item.pk})
    assert response.url == ready_version.get_absolute_url()
    ready_version.refresh_from_db()
    agenda_item.refresh_from_db()
    assert ready_version.status == PlanVersion.Status.SUBMITTED
    assert agenda_item.plan_version == ready_version
    assert ready_version.plan.versions.get(number=1).status == PlanVersion.Status.SUPERSEDED


def test_submit_refused_once_the_question_deadline_passed(
    client, chief_inspector, ready_version, agenda_item
):
    client.force_login(chief_inspector)
    meeting = agenda_item.meeting
    meeting.question_deadline = timezone.now() - timedelta(minutes=5)
    meeting.save()
    response = client.post(submit_url(ready_version), {"agenda_item": agenda_item.pk})
    assert response.status_code == 200
    assert "A version can only be submitted before the deadline." in response.text
    ready_version.refresh_from_db()
    assert ready_version.status == PlanVersion.Status.DRAFT


def test_submit_page_explains_when_no_meeting_is_open(client, chief_inspector, ready_version):
    client.force_login(chief_inspector)
    response = client.get(submit_url(ready_version))
    assert "No upcoming meeting has this plan on its agenda" in response.text


def test_submit_refused_with_empty_sections(client, chief_inspector, ready_version, agenda_item):
    ready_version.sections.filter(template__slug="measures").update(body="")
    client.force_login(chief_inspector)
    response = client.post(submit_url(ready_version), {"agenda_item": agenda_item.pk})
    assert "Fill in every section before submitting. Empty: Measures." in response.text
    ready_version.refresh_from_db()
    assert ready_version.status == PlanVersion.Status.DRAFT


def test_submit_refuses_a_meeting_not_offered(client, chief_inspector, ready_version):
    other_item = factories.make_agenda_item(factories.make_meeting())
    client.force_login(chief_inspector)
    response = client.post(submit_url(ready_version), {"agenda_item": other_item.pk})
    assert "Select a valid choice" in response.text
    other_item.refresh_from_db()
    assert other_item.plan_version != ready_version


# Questions -----------------------------------------------------------------------------------


def test_question_list_filters(client, chief_inspector, agenda_item, watford):
    measures = SectionTemplate.objects.get(slug="measures")
    factories.make_question(agenda_item, status=Question.Status.ACCEPTED, text="Waiting one?")
    answered = factories.make_question(
        agenda_item, status=Question.Status.ACCEPTED, text="Answered one?", section=measures
    )
    factories.make_response(answered)
    Question.objects.filter(pk=answered.pk).update(status=Question.Status.ANSWERED)
    later_meeting = factories.make_meeting(days_ahead=90)
    later_item = factories.make_agenda_item(later_meeting, plan=agenda_item.plan)
    factories.make_question(later_item, status=Question.Status.ACCEPTED, text="Later one?")
    stevenage_plan = factories.make_plan(factories.get_district("stevenage"))
    other = factories.make_agenda_item(agenda_item.meeting, plan=stevenage_plan)
    factories.make_question(other, status=Question.Status.ACCEPTED, text="Not ours?")
    client.force_login(chief_inspector)
    url = reverse("engagement:district_questions")

    def shown(**params):
        page = client.get(url, params).text
        return {
            t for t in ["Waiting one?", "Answered one?", "Later one?", "Not ours?"] if t in page
        }

    assert shown() == {"Waiting one?", "Answered one?", "Later one?"}
    assert shown(show="awaiting") == {"Waiting one?", "Later one?"}
    assert shown(show="answered") == {"Answered one?"}
    assert shown(meeting=later_meeting.pk) == {"Later one?"}
    assert shown(section=measures.pk) == {"Answered one?"}


def test_question_list_says_whether_each_question_is_public(client, chief_inspector, agenda_item):
    factories.make_question(agenda_item, status=Question.Status.ACCEPTED, is_public=False)
    client.force_login(chief_inspector)
    page = client.get(reverse("engagement:district_questions")).text
    assert "Not public: only the panel sees it." in page


def test_question_list_query_count_does_not_grow(
    client, chief_inspector, agenda_item, django_assert_num_queries
):
    client.force_login(chief_inspector)
    url = reverse("engagement:district_questions")
    for _ in range(3):
        factories.make_question(agenda_item, status=Question.Status.ACCEPTED)
    with django_assert_num_queries(8):
        client.get(url, {"show": "awaiting"})
    for _ in range(27):
        factories.make_question(agenda_item, status=Question.Status.ACCEPTED)
    with django_assert_num_queries(8):
        response = client.get(url, {"show": "awaiting"})
    assert "30 questions." in response.text


def test_respond_to_a_question(client, chief_inspector, agenda_item):
    question = factories.make_question(agenda_item, status=Question.Status.ACCEPTED)
    client.force_login(chief_inspector)
    url = reverse("engagement:question_respond", args=[question.pk])
    response = client.post(url, {"text": "Street surgeries from June."})
    assert response.url == reverse("engagement:district_questions")
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert question.response.text == "Street surgeries from June."


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "This field is required."), ("x" * 5001, "at most 5000 characters")],
)
def test_response_refuses_bad_input(client, chief_inspector, agenda_item, text, message):
    question = factories.make_question(agenda_item, status=Question.Status.ACCEPTED)
    client.force_login(chief_inspector)
    response = client.post(
        reverse("engagement:question_respond", args=[question.pk]), {"text": text}
    )
    assert message in response.text
    question.refresh_from_db()
    assert question.status == Question.Status.ACCEPTED


def test_second_responder_sees_both_answers(client, chief_inspector, agenda_item):
    question = factories.make_question(agenda_item, status=Question.Status.ACCEPTED)
    url = reverse("engagement:question_respond", args=[question.pk])
    colleague = factories.make_chief_inspector(agenda_item.plan.district)
    client.force_login(colleague)
    client.post(url, {"text": "The colleague's answer."})
    client.force_login(chief_inspector)
    response = client.post(url, {"text": "My answer, typed meanwhile."})  # opened with none
    assert "Someone else changed this since you opened it" in response.text
    assert "The colleague&#x27;s answer." in response.text
    assert "My answer, typed meanwhile." in response.text
    question.refresh_from_db()
    assert question.response.text == "The colleague's answer."


# Actions and progress ------------------------------------------------------------------------


def test_action_list_puts_overdue_first_then_open_then_finished(client, chief_inspector, watford):
    today = timezone.localdate()
    factories.make_action(
        watford,
        title="Done early",
        status="done",
        completed_on=today,
        due_on=today - timedelta(days=30),
    )
    factories.make_action(watford, title="Open later", due_on=today + timedelta(days=5))
    factories.make_action(watford, title="Overdue now", due_on=today - timedelta(days=5))
    client.force_login(chief_inspector)
    page = client.get(reverse("engagement:district_actions")).text
    assert page.index("Overdue now") < page.index("Open later") < page.index("Done early")


def test_action_list_query_count_does_not_grow(
    client, chief_inspector, watford, django_assert_num_queries
):
    client.force_login(chief_inspector)
    outcome = factories.make_outcome(published=True)
    recommendation = factories.make_recommendation(outcome, owner=watford)
    for _ in range(3):
        factories.make_action(watford, recommendation=recommendation)
    with django_assert_num_queries(5):
        client.get(reverse("engagement:district_actions"))
    for _ in range(27):
        factories.make_action(watford, recommendation=recommendation)
    with django_assert_num_queries(5):
        client.get(reverse("engagement:district_actions"))


def test_report_progress_with_evidence(client, chief_inspector, watford):
    action = factories.make_action(watford)
    client.force_login(chief_inspector)
    response = client.post(
        reverse("engagement:action_progress", args=[action.pk]),
        {
            "status": "done",
            "note": "Surgeries held in every ward.",
            "evidence_url": "https://example.org/surgeries",
            "evidence_document": upload("report.pdf", factories.PDF_BYTES),
            "revision": action.revision,
        },
    )
    assert response.url == reverse("engagement:district_actions")
    action.refresh_from_db()
    update = action.progress_updates.get()
    assert action.status == Action.Status.DONE
    assert (update.evidence_url, update.evidence_name) == (
        "https://example.org/surgeries",
        "report.pdf",
    )
    assert update.reported_by == chief_inspector
    assert ChangeRecord.objects.for_object(action).get().actor == chief_inspector


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "not_accepted", "note": ""}, "Give the reason the action was not accepted."),
        (
            {"status": "in_progress", "note": "x", "evidence_url": "javascript:alert(1)"},
            "valid URL",
        ),
        ({"status": "finished", "note": "x"}, "Select a valid choice"),
        (
            {"status": "done", "note": "Typed note", "evidence_document": "html"},
            "must be a PDF",
        ),
    ],
    ids=["no-reason", "bad-link", "bad-status", "html-evidence"],
)
def test_progress_form_refuses_bad_input(client, chief_inspector, watford, data, message):
    action = factories.make_action(watford)
    if data.get("evidence_document") == "html":
        data = {**data, "evidence_document": upload("report.pdf", b"<html><body>hi</body>")}
    client.force_login(chief_inspector)
    response = client.post(reverse("engagement:action_progress", args=[action.pk]), data)
    assert response.status_code == 200
    assert message in response.text
    if data["note"]:
        assert data["note"] in response.text
    assert not action.progress_updates.exists()
    action.refresh_from_db()
    assert action.status == Action.Status.NOT_STARTED


def test_second_progress_report_on_a_changed_action_sees_the_first(
    client, chief_inspector, watford
):
    action = factories.make_action(watford)
    url = reverse("engagement:action_progress", args=[action.pk])
    client.force_login(chief_inspector)
    client.post(url, {"status": "in_progress", "note": "Started by me.", "revision": 1})
    response = client.post(url, {"status": "not_started", "note": "Stale view.", "revision": 1})
    assert "Someone else changed this since you opened it" in response.text
    assert "Started by me." in response.text
    assert "Stale view." in response.text
    assert action.progress_updates.count() == 1
