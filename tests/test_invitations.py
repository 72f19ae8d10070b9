"""Following an emailed invitation link: the happy path and every way a link can fail."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from engagement import services
from engagement.models import Membership, Profile
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(organisation):
    return factories.make_invitation(
        organisation, email="sam.okafor@example.org", full_name="Sam Okafor"
    )


def link(invitation):
    return reverse("engagement:invitation_accept", args=[services.invitation_token(invitation)])


def account(**overrides):
    return {
        "first_name": "Sam",
        "last_name": "Okafor",
        "username": "sam.okafor",
        "password1": "a long and private passphrase",
        "password2": "a long and private passphrase",
        **overrides,
    }


def test_link_shows_the_organisation_and_prefills_the_name(client, invitation):
    response = client.get(link(invitation))
    assert response.status_code == 200
    assert "Represent One Vision on the panel" in response.text
    assert 'value="Sam"' in response.text
    assert 'value="Okafor"' in response.text


def test_accepting_creates_a_representative_who_lands_signed_in_on_their_home(client, invitation):
    response = client.post(link(invitation), account())
    assert response.status_code == 302
    assert response.url == reverse("engagement:representative_home")
    user = get_user_model().objects.get(username="sam.okafor")
    assert user.email == "sam.okafor@example.org"
    assert user.get_full_name() == "Sam Okafor"
    assert Profile.objects.filter(user=user).exists()
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.status) == (invitation.organisation, "active")
    home = client.get(response.url)
    assert home.status_code == 200
    assert "You now represent One Vision" in home.text


def test_signed_in_person_accepts_for_their_existing_account(
    client, representative, other_organisation
):
    invitation = factories.make_invitation(other_organisation, email=representative.email)
    client.force_login(representative)
    page = client.get(link(invitation)).text
    assert "Accept the invitation" in page
    assert client.post(link(invitation)).status_code == 302
    organisations = set(
        Membership.objects.filter(user=representative, status="active").values_list(
            "organisation__name", flat=True
        )
    )
    assert organisations == {"One Vision", "Herts Pride"}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password2": "something else entirely"}, "The two password fields"),
        ({"password1": "short", "password2": "short"}, "too short"),
        ({"username": ""}, "This field is required"),
        ({"last_name": ""}, "This field is required"),
    ],
)
def test_bad_account_details_are_refused_and_the_names_kept(client, invitation, overrides, message):
    response = client.post(link(invitation), account(**overrides))
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert 'value="Sam"' in response.text
    assert not get_user_model().objects.filter(email="sam.okafor@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_username_already_taken_is_refused(client, invitation):
    factories.make_user(username="sam.okafor")
    response = client.post(link(invitation), account())
    assert "already exists" in response.text
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_used_link_gets_a_clear_page(client, invitation):
    client.post(link(invitation), account())
    client.logout()
    response = client.get(link(invitation))
    assert response.status_code == 410
    assert "already been used" in response.text


def test_double_submit_makes_one_account(client, invitation):
    client.post(link(invitation), account())
    client.logout()
    response = client.post(link(invitation), account(username="sam.again"))
    assert response.status_code == 410
    assert get_user_model().objects.filter(email="sam.okafor@example.org").count() == 1


def test_revoked_link_gets_a_clear_page(client, invitation, secretariat):
    services.revoke_invitation(invitation=invitation, by=secretariat)
    response = client.post(link(invitation), account())
    assert response.status_code == 410
    assert "withdrawn" in response.text
    assert not get_user_model().objects.filter(username="sam.okafor").exists()


def test_link_past_its_signature_age_has_expired(client, invitation, settings):
    long_ago = time.time() - (settings.INVITATION_MAX_AGE_DAYS + 1) * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=long_ago):
        url = link(invitation)
    response = client.get(url)
    assert response.status_code == 410
    assert "has expired" in response.text


def test_invitation_past_its_expiry_date_has_expired(client, invitation):
    invitation.expires_at = timezone.now() - timedelta(minutes=1)
    invitation.save()
    response = client.post(link(invitation), account())
    assert response.status_code == 410
    assert "has expired" in response.text


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "",
        "1:1a2b3c:forged-signature",
    ],
)
def test_tampered_link_gets_a_clear_page(client, token):
    url = reverse("engagement:invitation_accept", args=["x"]).replace("/x/", f"/{token}/")
    response = client.get(url)
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        assert "not valid" in response.text


def test_link_signed_for_another_invitation_number_is_refused(client, invitation):
    token = services.invitation_token(invitation)
    value, rest = token.split(":", 1)
    forged = signing.b64_encode(b"999").decode() + ":" + rest
    response = client.get(reverse("engagement:invitation_accept", args=[forged]))
    assert response.status_code == 400
    assert value != forged.split(":", 1)[0]


def test_link_for_an_invitation_that_no_longer_exists(client, organisation):
    invitation = factories.make_invitation(organisation)
    url = link(invitation)
    invitation.delete()
    response = client.get(url)
    assert response.status_code == 400
    assert "not valid" in response.text


@pytest.mark.parametrize(
    "role",
    [
        "anonymous",
        "representative",
        "other_representative",
        "chief_inspector",
        "other_chief_inspector",
        "secretariat",
        "commissioner",
        "site_admin",
    ],
)
def test_a_valid_link_opens_for_anyone_who_has_it(client, user_for_role, role, invitation):
    user = user_for_role(role)
    if user is not None:
        client.force_login(user)
    response = client.get(link(invitation))
    assert response.status_code == 200
    button = "Create my account" if user is None else "Accept the invitation"
    assert button in response.text
