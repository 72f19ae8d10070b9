"""The permission matrix: who gets what from every page, for every role.

One row per (role, URL name, kwargs, method): the expected answer. The table is the readable
spec of who may do what; a URL added without rows fails `test_every_url_has_rows`.
Objects a user may not see answer 404, not 403.

To add a page: add one entry to PAGES with a kwargs builder (a function of `world`, which
makes the objects the URL needs) and the expected answer per role.
"""

from functools import cached_property

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from engagement.models import EngagementPlan, Membership, PlanVersion, Question
from engagement.services import invitation_token
from tests import factories

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
SIGNED_IN = ROLES[1:]

# Expected answers besides plain status codes.
SIGN_IN = "sign in"  # 302 to the sign-in page
REDIRECT = "redirect"  # 302 somewhere else
OK, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 403, 404, 405


def everyone(expected):
    return dict.fromkeys(ROLES, expected)


def signed_in(expected):
    return {"anonymous": SIGN_IN, **dict.fromkeys(SIGNED_IN, expected)}


def only(*roles, allowed=OK, refused=FORBIDDEN):
    return {
        "anonymous": SIGN_IN,
        **{role: allowed if role in roles else refused for role in SIGNED_IN},
    }


CHIEFS = ("chief_inspector", "other_chief_inspector")
# A draft is read by its district, the secretariat and admins; to everyone else, even
# signed-out visitors of these public pages, it does not exist.
DRAFT_READERS = {
    **dict.fromkeys(ROLES, NOT_FOUND),
    **dict.fromkeys(["chief_inspector", "secretariat", "site_admin"], OK),
}
# A draft version has no document yet.
NO_DOCUMENT = dict.fromkeys(["chief_inspector", "secretariat", "site_admin"], NOT_FOUND)
# Only the district changes its draft; those who may read it but not change it get 403.
DRAFT_EDITORS = {
    **DRAFT_READERS,
    "anonymous": SIGN_IN,
    "secretariat": FORBIDDEN,
    "site_admin": FORBIDDEN,
}
REPRESENTATIVES = ("representative", "other_representative")
OFFICE = ("secretariat", "site_admin")
COMMISSIONER = ("commissioner", "site_admin")
# Unpublished chain records (outcomes, recommendations, actions) of Watford: its district,
# the secretariat, the commissioner's office and admins read them; to others they do not exist.
CHAIN_READERS = {
    **dict.fromkeys(ROLES, NOT_FOUND),
    **dict.fromkeys(["chief_inspector", "secretariat", "commissioner", "site_admin"], OK),
}
# A private question: its asker, the plan's district and the panel officers.
PRIVATE_QUESTION_READERS = {**CHAIN_READERS, "representative": OK}
# A representative's unmoderated question: only they change it; the other representative
# cannot see it at all; other roles are turned away by role first.
OWN_QUESTION = {**only("representative"), "other_representative": NOT_FOUND}
OWN_DISTRICT_ACTION = {
    **only("chief_inspector"),
    "other_chief_inspector": NOT_FOUND,
    "representative": NOT_FOUND,
    "other_representative": NOT_FOUND,
}


class World:
    """The objects URLs point at, made on first use."""

    def __init__(self, get_fixture):
        self.get_fixture = get_fixture

    @cached_property
    def watford_chief(self):
        return self.get_fixture("chief_inspector")

    @cached_property
    def watford_plan(self):
        """Published, with a submitted first version carrying a document."""
        plan = factories.make_plan(self.get_fixture("watford"), created_by=self.watford_chief)
        version = factories.make_version(plan, number=1)
        version.document.save("plan.pdf", factories.make_upload(), save=False)
        version.document_name, version.document_type = "plan.pdf", "pdf"
        version.save()
        return plan

    @cached_property
    def draft_plan(self):
        return factories.make_plan(
            self.get_fixture("watford"),
            created_by=self.watford_chief,
            status=EngagementPlan.Status.DRAFT,
        )

    @cached_property
    def draft_version(self):
        return factories.make_version(self.watford_plan, number=2, status=PlanVersion.Status.DRAFT)

    @cached_property
    def agenda_item(self):
        plan = self.watford_plan
        return factories.make_agenda_item(plan=plan, version=plan.versions.get(number=1))

    def question(self, is_public):
        return factories.make_question(
            self.agenda_item,
            asked_by=self.get_fixture("representative"),
            status=Question.Status.ACCEPTED,
            is_public=is_public,
        )

    @cached_property
    def submitted_question(self):
        """The representative's own question, waiting for moderation."""
        return factories.make_question(
            self.agenda_item, asked_by=self.get_fixture("representative")
        )

    @cached_property
    def invitation(self):
        return factories.make_invitation(self.get_fixture("organisation"))

    @cached_property
    def join_request(self):
        return factories.make_membership(
            factories.make_user(),
            Membership.Role.REPRESENTATIVE,
            organisation=self.get_fixture("organisation"),
            status=Membership.Status.PENDING,
        )

    @cached_property
    def outcome(self):
        """The commissioner's office's unpublished outcome for the Watford plan."""
        return factories.make_outcome(
            self.agenda_item, reviewed_by=self.get_fixture("commissioner")
        )

    @cached_property
    def published_outcome(self):
        """A published outcome for the Watford plan, from an earlier meeting."""
        plan = self.watford_plan
        item = factories.make_agenda_item(
            factories.make_meeting(), plan=plan, version=plan.versions.get(number=1)
        )
        return factories.make_outcome(item, published=True)

    @cached_property
    def recommendation(self):
        return factories.make_recommendation(self.outcome)

    @cached_property
    def watford_action(self):
        return factories.make_action(self.get_fixture("watford"), created_by=self.watford_chief)

    @cached_property
    def evidence(self):
        update = factories.make_progress_update(self.watford_action, reported_by=self.watford_chief)
        update.evidence_document.save("evidence.pdf", factories.make_upload(), save=False)
        update.evidence_name, update.evidence_type = "evidence.pdf", "pdf"
        update.save()
        return update

    @cached_property
    def reset_link(self):
        return {"uidb64": "MQ", "token": "set-password"}


def no_kwargs(world):
    return {}


def plan_history(world):
    return {"kind": "plan", "pk": world.watford_plan.pk}


def missing_plan_history(world):
    return {"kind": "plan", "pk": 999999}


def unknown_kind_history(world):
    return {"kind": "meeting-room", "pk": 1}


def reset_confirm(world):
    return world.reset_link


def published_plan(world):
    return {"pk": world.watford_plan.pk}


def draft_plan(world):
    return {"pk": world.draft_plan.pk}


def submitted_version(world):
    return {"pk": world.watford_plan.pk, "number": 1}


def draft_version(world):
    return {"pk": world.draft_version.plan_id, "number": world.draft_version.number}


def public_question(world):
    return {"pk": world.question(is_public=True).pk}


def private_question(world):
    return {"pk": world.question(is_public=False).pk}


def watford_action(world):
    return {"pk": world.watford_action.pk}


def open_agenda_item(world):
    return {"pk": world.agenda_item.pk}


def feedback_for_one_vision(world):
    return {"pk": world.agenda_item.pk, "organisation_pk": world.get_fixture("organisation").pk}


def own_submitted_question(world):
    return {"pk": world.submitted_question.pk}


def invitation_link(world):
    return {"token": invitation_token(world.invitation)}


def invitation(world):
    return {"pk": world.invitation.pk}


def meeting_of_item(world):
    return {"pk": world.agenda_item.meeting_id}


def join_request(world):
    return {"pk": world.join_request.pk}


def agenda_item(world):
    return {"pk": world.agenda_item.pk}


def outcome(world):
    return {"pk": world.outcome.pk}


def recommendation(world):
    return {"pk": world.recommendation.pk}


def published_outcome(world):
    return {"pk": world.published_outcome.pk}


def meeting_with_published_outcome(world):
    return {"pk": world.published_outcome.meeting_id}


def watford(world):
    return {"slug": "watford"}


def questions_export(world):
    return {"kind": "questions"}


def evidence(world):
    return {"pk": world.evidence.pk}


# (url name, kwargs builder, method, {role: expected})
PAGES = [
    # Public and role homes
    ("engagement:home", no_kwargs, "get", everyone(OK)),
    (
        "engagement:role_home",
        no_kwargs,
        "get",
        {**signed_in(REDIRECT), "site_admin": OK},  # an admin holds two homes and chooses
    ),
    (
        "engagement:district_home",
        no_kwargs,
        "get",
        only("chief_inspector", "other_chief_inspector"),
    ),
    (
        "engagement:representative_home",
        no_kwargs,
        "get",
        only("representative", "other_representative"),
    ),
    ("engagement:secretariat_home", no_kwargs, "get", only("secretariat", "site_admin")),
    # Chief inspectors, plans and documents
    ("engagement:district_questions", no_kwargs, "get", only(*CHIEFS)),
    ("engagement:district_actions", no_kwargs, "get", only(*CHIEFS)),
    ("engagement:plan_create", no_kwargs, "get", only(*CHIEFS)),
    ("engagement:plan_detail", published_plan, "get", everyone(OK)),
    ("engagement:plan_detail", draft_plan, "get", DRAFT_READERS),
    ("engagement:plan_compare", published_plan, "get", everyone(OK)),
    ("engagement:plan_compare", draft_plan, "get", DRAFT_READERS),
    ("engagement:plan_version_detail", submitted_version, "get", everyone(OK)),
    ("engagement:plan_version_detail", draft_version, "get", DRAFT_READERS),
    ("engagement:plan_document", submitted_version, "get", everyone(OK)),
    ("engagement:plan_document", draft_version, "get", {**DRAFT_READERS, **NO_DOCUMENT}),
    ("engagement:plan_edit", published_plan, "get", only("chief_inspector")),
    ("engagement:plan_edit", draft_plan, "get", DRAFT_EDITORS),
    ("engagement:plan_version_create", published_plan, "get", only("chief_inspector")),
    ("engagement:plan_version_create", draft_plan, "get", DRAFT_EDITORS),
    ("engagement:plan_version_edit", draft_version, "get", DRAFT_EDITORS),
    ("engagement:plan_version_submit", draft_version, "get", DRAFT_EDITORS),
    ("engagement:question_respond", public_question, "get", only("chief_inspector")),
    (
        "engagement:question_respond",
        private_question,
        "get",
        {
            **only("chief_inspector"),
            "other_chief_inspector": NOT_FOUND,
            "other_representative": NOT_FOUND,
        },
    ),
    ("engagement:action_progress", watford_action, "get", OWN_DISTRICT_ACTION),
    (
        "engagement:evidence_document",
        evidence,
        "get",
        {
            **dict.fromkeys(ROLES, NOT_FOUND),
            **dict.fromkeys(["chief_inspector", "secretariat", "commissioner", "site_admin"], OK),
        },
    ),
    ("engagement:commissioner_home", no_kwargs, "get", only("commissioner", "site_admin")),
    # Public: meetings, "you said, we did", the public record
    ("engagement:meeting_list", no_kwargs, "get", everyone(OK)),
    ("engagement:meeting_feed", no_kwargs, "get", everyone(OK)),
    ("engagement:meeting_detail", meeting_of_item, "get", everyone(OK)),
    ("engagement:meeting_ics", meeting_of_item, "get", everyone(OK)),
    ("engagement:meeting_screen", meeting_of_item, "get", everyone(OK)),
    ("engagement:meeting_screen_now", meeting_of_item, "get", everyone(OK)),
    ("engagement:meeting_you_said_we_did", meeting_with_published_outcome, "get", everyone(OK)),
    # Nothing published for the meeting yet: there is no page.
    ("engagement:meeting_you_said_we_did", meeting_of_item, "get", everyone(NOT_FOUND)),
    ("engagement:you_said_we_did", no_kwargs, "get", everyone(OK)),
    ("engagement:public_dashboard", no_kwargs, "get", everyone(OK)),
    ("engagement:district_detail", watford, "get", everyone(OK)),
    # A public question before the minutes are out: panel members only.
    (
        "engagement:question_detail",
        public_question,
        "get",
        {**signed_in(OK), "anonymous": NOT_FOUND},
    ),
    ("engagement:question_detail", private_question, "get", PRIVATE_QUESTION_READERS),
    ("engagement:outcome_detail", outcome, "get", CHAIN_READERS),
    ("engagement:recommendation_detail", recommendation, "get", CHAIN_READERS),
    ("engagement:action_detail", watford_action, "get", CHAIN_READERS),
    # Secretariat: meetings, agendas, live mode, minutes
    ("engagement:meeting_create", no_kwargs, "get", only(*OFFICE)),
    ("engagement:meeting_manage", meeting_of_item, "get", only(*OFFICE)),
    ("engagement:meeting_edit", meeting_of_item, "get", only(*OFFICE)),
    ("engagement:meeting_status", meeting_of_item, "get", signed_in(NOT_ALLOWED)),
    ("engagement:meeting_status", meeting_of_item, "post", only(*OFFICE, allowed=REDIRECT)),
    ("engagement:meeting_agenda", meeting_of_item, "get", only(*OFFICE)),
    ("engagement:agenda_item_edit", agenda_item, "get", only(*OFFICE)),
    ("engagement:agenda_item_move", agenda_item, "get", signed_in(NOT_ALLOWED)),
    ("engagement:agenda_item_move", agenda_item, "post", only(*OFFICE, allowed=REDIRECT)),
    ("engagement:agenda_item_remove", agenda_item, "get", signed_in(NOT_ALLOWED)),
    ("engagement:agenda_item_remove", agenda_item, "post", only(*OFFICE, allowed=REDIRECT)),
    ("engagement:meeting_invitations", meeting_of_item, "get", only(*OFFICE)),
    ("engagement:meeting_attendance", meeting_of_item, "get", only(*OFFICE)),
    ("engagement:meeting_live", meeting_of_item, "get", only(*OFFICE)),
    ("engagement:live_show_item", agenda_item, "get", signed_in(NOT_ALLOWED)),
    ("engagement:live_show_item", agenda_item, "post", only(*OFFICE, allowed=REDIRECT)),
    ("engagement:live_floor_question", agenda_item, "get", signed_in(NOT_ALLOWED)),
    ("engagement:live_floor_question", agenda_item, "post", only(*OFFICE)),  # empty form: errors
    ("engagement:live_agree_action", agenda_item, "get", signed_in(NOT_ALLOWED)),
    ("engagement:live_agree_action", agenda_item, "post", only(*OFFICE)),  # empty form: errors
    ("engagement:live_take_question", public_question, "get", signed_in(NOT_ALLOWED)),
    ("engagement:live_take_question", public_question, "post", only(*OFFICE, allowed=REDIRECT)),
    ("engagement:live_answer_question", public_question, "get", signed_in(NOT_ALLOWED)),
    ("engagement:live_answer_question", public_question, "post", only(*OFFICE)),  # errors
    ("engagement:live_defer_question", public_question, "get", signed_in(NOT_ALLOWED)),
    ("engagement:live_defer_question", public_question, "post", only(*OFFICE, allowed=REDIRECT)),
    ("engagement:meeting_minutes", meeting_of_item, "get", only(*OFFICE)),
    ("engagement:minutes_draft", meeting_of_item, "get", signed_in(NOT_ALLOWED)),
    ("engagement:minutes_draft", meeting_of_item, "post", only(*OFFICE, allowed=REDIRECT)),
    ("engagement:minutes_approve", meeting_of_item, "get", signed_in(NOT_ALLOWED)),
    ("engagement:minutes_approve", meeting_of_item, "post", only(*OFFICE, allowed=REDIRECT)),
    ("engagement:minutes_publish", meeting_of_item, "get", signed_in(NOT_ALLOWED)),
    ("engagement:minutes_publish", meeting_of_item, "post", only(*OFFICE, allowed=REDIRECT)),
    ("engagement:meeting_pack", meeting_of_item, "get", only(*OFFICE, "commissioner")),
    # Community representatives, invitations and moderation
    ("engagement:agenda_item_detail", open_agenda_item, "get", everyone(OK)),
    ("engagement:my_questions", no_kwargs, "get", only(*REPRESENTATIVES)),
    ("engagement:membership_request_create", no_kwargs, "get", only(*REPRESENTATIVES)),
    ("engagement:profile_edit", no_kwargs, "get", signed_in(OK)),
    ("engagement:question_create", open_agenda_item, "get", only(*REPRESENTATIVES)),
    (
        "engagement:feedback_edit",
        feedback_for_one_vision,
        "get",
        {**only("representative"), "other_representative": NOT_FOUND},
    ),
    ("engagement:question_edit", own_submitted_question, "get", OWN_QUESTION),
    ("engagement:question_withdraw", own_submitted_question, "get", OWN_QUESTION),
    ("engagement:question_upvote", public_question, "get", signed_in(NOT_ALLOWED)),
    (
        "engagement:question_upvote",
        public_question,
        "post",
        {**only(), "other_representative": REDIRECT},  # never one's own question
    ),
    ("engagement:invitation_accept", invitation_link, "get", everyone(OK)),
    ("engagement:moderation_index", no_kwargs, "get", only("secretariat", "site_admin")),
    ("engagement:moderation_queue", meeting_of_item, "get", only("secretariat", "site_admin")),
    (
        "engagement:question_moderate",
        own_submitted_question,
        "get",
        only("secretariat", "site_admin"),
    ),
    ("engagement:invitation_list", no_kwargs, "get", only("secretariat", "site_admin")),
    ("engagement:invitation_revoke", invitation, "get", signed_in(NOT_ALLOWED)),
    (
        "engagement:invitation_revoke",
        invitation,
        "post",
        only("secretariat", "site_admin", allowed=REDIRECT),
    ),
    (
        "engagement:membership_request_list",
        no_kwargs,
        "get",
        only("secretariat", "site_admin"),
    ),
    ("engagement:membership_request_decide", join_request, "get", signed_in(NOT_ALLOWED)),
    (
        "engagement:membership_request_decide",
        join_request,
        "post",
        only("secretariat", "site_admin", allowed=REDIRECT),
    ),
    # Commissioner's office: outcomes, recommendations, reports
    ("engagement:meeting_review", meeting_of_item, "get", only(*COMMISSIONER)),
    ("engagement:meeting_outcome_report", meeting_of_item, "get", only(*COMMISSIONER)),
    ("engagement:outcome_record", agenda_item, "get", only(*COMMISSIONER)),
    ("engagement:outcome_publish", outcome, "get", only(*COMMISSIONER)),
    ("engagement:outcome_correct", published_outcome, "get", only(*COMMISSIONER)),
    # Only a published outcome is corrected; a draft is simply edited.
    (
        "engagement:outcome_correct",
        outcome,
        "get",
        only(*COMMISSIONER, allowed=NOT_FOUND),
    ),
    ("engagement:recommendation_create", outcome, "get", only(*COMMISSIONER)),
    ("engagement:recommendation_edit", recommendation, "get", only(*COMMISSIONER)),
    ("engagement:recommendation_done", recommendation, "get", signed_in(NOT_ALLOWED)),
    (
        "engagement:recommendation_done",
        recommendation,
        "post",
        only(*COMMISSIONER, allowed=REDIRECT),
    ),
    ("engagement:dashboard", no_kwargs, "get", only(*COMMISSIONER)),
    ("engagement:coverage", no_kwargs, "get", only(*COMMISSIONER)),
    ("engagement:export_list", no_kwargs, "get", only(*COMMISSIONER)),
    ("engagement:export_csv", questions_export, "get", only(*COMMISSIONER)),
    ("engagement:recommendation_list", no_kwargs, "get", only(*CHIEFS)),
    (
        "engagement:recommendation_reply",
        recommendation,
        "get",
        {**only("chief_inspector"), "other_chief_inspector": NOT_FOUND},
    ),
    # Operations: the health check answers everyone; the benchmark baseline exists only
    # when BENCH is on, which it never is outside `make bench`.
    ("engagement:healthz", no_kwargs, "get", everyone(OK)),
    ("engagement:healthz", no_kwargs, "post", everyone(NOT_ALLOWED)),
    ("engagement:bench_trivial", no_kwargs, "get", everyone(NOT_FOUND)),
    # Accounts, two-factor sign-in, personal data
    ("engagement:privacy", no_kwargs, "get", everyone(OK)),
    ("engagement:account", no_kwargs, "get", signed_in(OK)),
    ("engagement:mfa_setup", no_kwargs, "get", signed_in(OK)),
    ("engagement:mfa_setup", no_kwargs, "post", signed_in(OK)),  # no code: the form says so
    ("engagement:mfa_verify", no_kwargs, "get", signed_in(REDIRECT)),  # no app yet: set up
    ("engagement:mfa_recover", no_kwargs, "get", signed_in(OK)),
    ("engagement:mfa_recover", no_kwargs, "post", signed_in(OK)),
    ("engagement:mfa_recovery_codes", no_kwargs, "get", signed_in(OK)),
    ("engagement:mfa_recovery_codes", no_kwargs, "post", signed_in(REDIRECT)),  # unverified
    ("engagement:personal_data_download", no_kwargs, "get", signed_in(OK)),
    ("engagement:account_erase", no_kwargs, "get", signed_in(OK)),
    ("engagement:account_erase", no_kwargs, "post", signed_in(OK)),  # no password: refused
    # Change history
    ("engagement:history_list", no_kwargs, "get", only("commissioner", "site_admin")),
    ("engagement:object_history", plan_history, "get", only("commissioner", "site_admin")),
    (
        "engagement:object_history",
        missing_plan_history,
        "get",
        only("commissioner", "site_admin", allowed=NOT_FOUND),
    ),
    (
        "engagement:object_history",
        unknown_kind_history,
        "get",
        only("commissioner", "site_admin", allowed=NOT_FOUND),
    ),
    # Django's sign-in pages
    ("login", no_kwargs, "get", everyone(OK)),
    ("logout", no_kwargs, "get", signed_in(NOT_ALLOWED)),
    ("logout", no_kwargs, "post", signed_in(REDIRECT)),
    ("password_change", no_kwargs, "get", signed_in(OK)),
    ("password_change_done", no_kwargs, "get", signed_in(OK)),
    ("password_reset", no_kwargs, "get", everyone(OK)),
    ("password_reset_done", no_kwargs, "get", everyone(OK)),
    ("password_reset_confirm", reset_confirm, "get", everyone(OK)),  # "link no longer works"
    ("password_reset_complete", no_kwargs, "get", everyone(OK)),
    # The admin site (its own pages are Django's; only the door is tested here)
    (
        "admin:index",
        no_kwargs,
        "get",
        {**dict.fromkeys(ROLES, REDIRECT), "site_admin": OK},
    ),
]

TABLE = [
    (role, url_name, kwargs, method, expected[role])
    for url_name, kwargs, method, expected in PAGES
    for role in ROLES
]


def row_id(row):
    role, url_name, kwargs, method, _expected = row
    return f"{url_name}-{kwargs.__name__}-{method}-{role}"


@pytest.fixture
def world(request):
    return World(request.getfixturevalue)


def check(response, expected):
    sign_in = reverse("login")
    if expected == SIGN_IN:
        assert response.status_code == 302
        assert response.url.startswith(sign_in)
    elif expected == REDIRECT:
        assert response.status_code == 302
        assert not response.url.startswith(sign_in)
    else:
        assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "url_name", "kwargs", "method", "expected"), TABLE, ids=map(row_id, TABLE)
)
def test_permission_matrix(client, user_for_role, world, role, url_name, kwargs, method, expected):
    user = user_for_role(role)
    if user is not None:
        client.force_login(user)
    url = reverse(url_name, kwargs=kwargs(world))
    response = getattr(client, method)(url)
    check(response, expected)


def named_urls(resolver=None, namespace=""):
    """Every named URL pattern of the site, as 'namespace:name'; the admin's own are skipped."""
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            if inner == "admin":
                continue
            prefix = f"{namespace}{inner}:" if inner else namespace
            names |= named_urls(pattern, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_rows():
    covered = {url_name for url_name, *_ in PAGES}
    missing = named_urls() - covered
    assert not missing, f"add rows to tests/test_permissions.py for: {sorted(missing)}"


def test_every_row_names_every_role():
    for url_name, _kwargs, _method, expected in PAGES:
        assert set(expected) == set(ROLES), url_name
