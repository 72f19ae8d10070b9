"""Personal data: download everything held, erasure that keeps the public record, retention."""

import json
import re
from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessLog
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from engagement import mfa
from engagement.models import (
    Attendance,
    ChangeRecord,
    Invitation,
    Membership,
    PanelMeeting,
    Question,
)
from engagement.personal_data import erase_person
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def active_representative(representative, organisation, secretariat):
    """A representative who has asked, voted, given feedback, attended and been invited."""
    item = factories.make_agenda_item(
        factories.make_meeting(
            status=PanelMeeting.Status.MINUTES_PUBLISHED,
            minutes_approved_at=timezone.now(),
            minutes_published_at=timezone.now(),
        )
    )
    question = factories.make_question(
        item,
        asked_by=representative,
        status=Question.Status.ACCEPTED,
        text="Will surgeries move to the library on Saturdays?",
    )
    factories.make_response(question, text="Yes, from June.")
    factories.make_upvote(factories.make_question(item), user=representative)
    factories.make_feedback(item.plan_version, author=representative, organisation=organisation)
    Attendance.objects.create(
        meeting=item.meeting, user=representative, name="Amara Mensah", organisation=organisation
    )
    Invitation.objects.create(
        email=representative.email,
        full_name="Amara Mensah",
        organisation=organisation,
        invited_by=secretariat,
        expires_at=timezone.now() + timedelta(days=14),
        accepted_at=timezone.now(),
        accepted_by=representative,
    )
    return representative


def test_download_holds_everything_about_the_person(client, active_representative):
    client.force_login(active_representative)
    response = client.get(reverse("engagement:personal_data_download"))
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["username"] == "rep.onevision"
    assert data["account"]["email"] == "rep.onevision@example.org"
    assert data["profile"]["name_shown_in_public"]
    assert [m["organisation"] for m in data["memberships"]] == ["One Vision"]
    assert data["questions"][0]["text"] == "Will surgeries move to the library on Saturdays?"
    assert data["questions"][0]["response"] == "Yes, from June."
    assert len(data["feedback"]) == 1 and data["feedback"][0]["ratings"]
    assert len(data["votes"]) == 1
    assert data["attendance"][0]["name_in_minutes"] == "Amara Mensah"
    assert data["invitations"][0]["full_name"] == "Amara Mensah"


def test_download_holds_nobody_elses_data(client, active_representative, other_representative):
    client.force_login(other_representative)
    data = json.loads(client.get(reverse("engagement:personal_data_download")).content)
    assert data["questions"] == [] and data["feedback"] == [] and data["attendance"] == []
    assert "Amara" not in json.dumps(data)


def test_download_query_count_does_not_grow(client, representative, django_assert_max_num_queries):
    item = factories.make_agenda_item()
    client.force_login(representative)
    for _ in range(3):
        factories.make_question(item, asked_by=representative)
    with django_assert_max_num_queries(20) as three:
        client.get(reverse("engagement:personal_data_download"))
    for _ in range(27):
        factories.make_question(item, asked_by=representative)
    with django_assert_max_num_queries(len(three.captured_queries)):
        client.get(reverse("engagement:personal_data_download"))


def test_download_counts_recovery_codes_in_the_same_number_of_queries(
    client, representative, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(representative)
    url = reverse("engagement:personal_data_download")
    client.get(url)
    with django_assert_max_num_queries(20) as without:
        data = json.loads(client.get(url).content)
    assert data["two_factor_sign_in"]["recovery_codes_left"] == 0
    codes = mfa.new_recovery_codes(representative)
    with django_assert_num_queries(len(without.captured_queries)):
        data = json.loads(client.get(url).content)
    assert data["two_factor_sign_in"]["recovery_codes_left"] == len(codes)


def test_erasure_removes_identity_and_keeps_the_public_record(active_representative):
    question = Question.objects.get(asked_by=active_representative)
    old_label = question.asker_label
    erase_person(person=active_representative, by=active_representative)
    person = get_user_model().objects.get(pk=active_representative.pk)
    assert person.username == f"erased-{person.pk}"
    assert (person.first_name, person.last_name, person.email) == ("", "", "")
    assert not person.has_usable_password() and not person.is_active
    assert person.profile.erased_at is not None
    assert set(person.memberships.values_list("status", flat=True)) == {"ended"}
    assert Attendance.objects.get(user=person).name == "A former panel member"
    assert Invitation.objects.get().full_name == ""
    assert "rep.onevision" not in Invitation.objects.get().email
    question.refresh_from_db()
    assert question.text == "Will surgeries move to the library on Saturdays?"
    assert question.response.text == "Yes, from June."
    assert old_label != question.asker_label == "A former representative"
    assert ChangeRecord.objects.filter(action="person.erased", object_id=person.pk).exists()


def test_person_erases_their_own_account_after_giving_their_password(client, representative):
    client.force_login(representative)
    page = client.get(reverse("engagement:account_erase"))
    assert "cannot be undone" in page.text
    response = client.post(
        reverse("engagement:account_erase"),
        {"password": factories.PASSWORD, "understood": "on"},
        follow=True,
    )
    assert "Your account is closed" in response.text
    assert "_auth_user_id" not in client.session
    representative.refresh_from_db()
    assert representative.username.startswith("erased-")
    assert not Client().login(username="rep.onevision", password=factories.PASSWORD)


def test_wrong_password_erases_nothing_and_says_so(client, representative):
    client.force_login(representative)
    response = client.post(
        reverse("engagement:account_erase"), {"password": "not mine", "understood": "on"}
    )
    assert response.status_code == 200
    assert "That is not your password" in response.text
    assert re.search(r'<input[^>]*name="understood"[^>]*checked', response.text)
    representative.refresh_from_db()
    assert representative.username == "rep.onevision"
    assert Membership.objects.get(user=representative).status == "active"


def test_erasure_must_be_confirmed(client, representative):
    client.force_login(representative)
    response = client.post(reverse("engagement:account_erase"), {"password": factories.PASSWORD})
    assert response.status_code == 200
    assert "This field is required" in response.text
    representative.refresh_from_db()
    assert representative.is_active


def test_erase_command_for_requests_made_to_the_secretariat(representative, site_admin):
    out = StringIO()
    call_command("erase_account", "rep.onevision", "--by", "admin", stdout=out)
    assert "Erased account" in out.getvalue()
    record = ChangeRecord.objects.get(action="person.erased")
    assert record.actor == site_admin
    with pytest.raises(CommandError, match="already erased"):
        call_command("erase_account", f"erased-{representative.pk}")
    with pytest.raises(CommandError, match="No account"):
        call_command("erase_account", "nobody")


def make_inactive(user, days):
    get_user_model().objects.filter(pk=user.pk).update(
        last_login=timezone.now() - timedelta(days=days),
        date_joined=timezone.now() - timedelta(days=days + 10),
    )


def test_retention_erases_only_accounts_inactive_too_long(
    settings, representative, other_representative, site_admin
):
    settings.RETENTION_INACTIVE_DAYS = 1095
    make_inactive(representative, 1100)
    make_inactive(other_representative, 1000)
    make_inactive(site_admin, 2000)
    never_signed_in = factories.make_user()
    get_user_model().objects.filter(pk=never_signed_in.pk).update(
        last_login=None, date_joined=timezone.now() - timedelta(days=1200)
    )
    dry = StringIO()
    call_command("apply_retention", "--dry-run", stdout=dry)
    assert "Would erase 2 account(s)" in dry.getvalue()
    representative.refresh_from_db()
    assert representative.username == "rep.onevision"

    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "Erased 2 account(s)" in out.getvalue()
    erased = set(
        get_user_model()
        .objects.filter(profile__erased_at__isnull=False)
        .values_list("pk", flat=True)
    )
    assert erased == {representative.pk, never_signed_in.pk}
    again = StringIO()
    call_command("apply_retention", stdout=again)
    assert "Erased 0 account(s)" in again.getvalue()


def test_privacy_page_is_public_and_plain(client):
    response = client.get(reverse("engagement:privacy"))
    assert response.status_code == 200
    for words in [
        "What we hold",
        "Why we hold it",
        "Who sees it",
        "How long we keep it",
        "UK GDPR",
        "Information Commissioner",
        "for 3 years",
    ]:
        assert words in response.text, words


def test_retention_deletes_old_sign_in_records(settings, representative):
    settings.RETENTION_SIGN_IN_LOG_DAYS = 365
    old, recent = (
        AccessLog.objects.create(username="rep.onevision", ip_address="203.0.113.7")
        for _ in range(2)
    )
    AccessLog.objects.filter(pk=old.pk).update(attempt_time=timezone.now() - timedelta(days=400))
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "Deleted 1 sign-in record(s)" in out.getvalue()
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]
