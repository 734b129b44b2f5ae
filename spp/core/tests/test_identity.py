"""Signing in with FranceConnect (citizens) and ProConnect (agents), end to end against an
OpenID provider the test starts on 127.0.0.1 (spp/core/testing/oidc_provider.py): the button
posts, the browser's trip to the provider and back is followed with ``requests``, and
allauth's callback does the real exchange with the provider's token, userinfo and JWKS."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from spp.core.models import User
from spp.core.personal_data import personal_data_export
from spp.core.services.people import user_erase
from spp.core.testing.oidc_provider import LocalOpenIDProvider
from spp.core.tests.factories import UserFactory

# A server in a thread, and requests waiting on it: left out of the faked-clock runs.
pytestmark = [pytest.mark.django_db, pytest.mark.processes]

FRANCECONNECT_SCOPE = ["openid", "given_name", "family_name", "email"]
PROCONNECT_SCOPE = ["openid", "given_name", "usual_name", "email", "uid", "siret", "idp_id"]


@pytest.fixture
def provider(settings):
    """The local provider, configured as FranceConnect (the settings' shape, its address)."""
    with LocalOpenIDProvider() as local:
        settings.SOCIALACCOUNT_PROVIDERS = {"public_oidc": {"APPS": [local.app(
            "franceconnect", "FranceConnect", scope=FRANCECONNECT_SCOPE,
            auth_params={"acr_values": "eidas1"})]}}
        yield local


def _sign_in(client, provider_id="franceconnect"):
    """Click the button, let the provider consent, come back: allauth's callback's response."""
    leave = client.post(reverse("public_oidc_login", kwargs={"provider_id": provider_id}))
    assert leave.status_code == 302, leave.content
    at_provider = requests.get(leave["Location"], allow_redirects=False, timeout=5)
    assert at_provider.status_code == 303, at_provider.text
    back = urlsplit(at_provider.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


def _signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_a_first_franceconnect_sign_in_creates_an_account_with_the_names_given(client,
                                                                                 provider):
    response = _sign_in(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("core:my_engagement")
    user = _signed_in_user(client)
    assert (user.email, user.first_name, user.last_name) == (
        "camille.durand@exemple.fr", "Camille Marie", "Durand")
    assert EmailAddress.objects.get(user=user).verified
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == ("franceconnect", provider.identity["sub"])


def test_the_provider_is_asked_with_a_nonce_a_long_state_and_the_eidas_level(client,
                                                                               provider):
    _sign_in(client)

    [asked] = provider.authorize_requests
    assert sorted(asked["scope"].split()) == sorted(FRANCECONNECT_SCOPE)
    assert asked["acr_values"] == "eidas1"
    assert len(asked["state"]) >= 32 and len(asked["nonce"]) >= 32
    assert asked["redirect_uri"] == "http://testserver/accounts/franceconnect/login/callback/"


def test_the_visitor_cannot_change_what_the_provider_is_asked(client, provider):
    url = reverse("public_oidc_login", kwargs={"provider_id": "franceconnect"})
    leave = client.post(f"{url}?auth_params=acr_values%3Deidas0&scope=birthdate")

    asked = parse_qs(urlsplit(leave["Location"]).query)
    assert asked["acr_values"] == ["eidas1"]
    assert sorted(asked["scope"][0].split()) == sorted(FRANCECONNECT_SCOPE)


def test_an_address_already_registered_signs_into_that_account_and_links_it(client, provider):
    existing = UserFactory(email="camille.durand@exemple.fr", first_name="Camille",
                           last_name="Durand-Martin")

    _sign_in(client)
    client.logout()
    _sign_in(client)

    assert _signed_in_user(client) == existing
    assert User.objects.filter(email__iexact="camille.durand@exemple.fr").count() == 1
    assert SocialAccount.objects.get(provider="franceconnect").user == existing
    existing.refresh_from_db()
    assert existing.last_name == "Durand-Martin"  # the person's own record is left as it is


def test_an_address_in_another_case_is_still_the_same_account(client, provider):
    existing = UserFactory(email="camille.durand@exemple.fr")
    provider.identity["email"] = "Camille.Durand@Exemple.FR"

    _sign_in(client)

    assert _signed_in_user(client) == existing
    assert User.objects.count() == 1


def test_a_userinfo_whose_signature_is_forged_is_refused(client, provider):
    provider.forge_userinfo_signature = True

    response = _sign_in(client)

    assert response.status_code == 401  # allauth's page "the sign-in failed"
    assert _signed_in_user(client) is None
    assert not User.objects.exists() and not SocialAccount.objects.exists()


def test_a_userinfo_that_is_not_signed_is_refused(client, provider):
    provider.userinfo_as_plain_json = True

    _sign_in(client)

    assert _signed_in_user(client) is None
    assert not User.objects.exists()


def test_an_id_token_carrying_another_nonce_is_refused(client, provider):
    provider.id_token_nonce = "n" * 43

    _sign_in(client)

    assert _signed_in_user(client) is None
    assert not User.objects.exists()


def test_an_identity_of_a_lower_level_than_asked_is_refused(client, provider):
    provider.acr = "eidas0"

    _sign_in(client)

    assert _signed_in_user(client) is None
    assert not User.objects.exists()


def test_a_return_without_the_state_sent_is_refused(client, provider):
    leave = client.post(reverse("public_oidc_login", kwargs={"provider_id": "franceconnect"}))
    at_provider = requests.get(leave["Location"], allow_redirects=False, timeout=5)
    back = urlsplit(at_provider.headers["Location"])
    code = parse_qs(back.query)["code"][0]

    client.get(f"{back.path}?code={code}&state={'x' * 43}")

    assert _signed_in_user(client) is None
    assert not User.objects.exists()


def test_an_es256_signing_provider_is_accepted(client, settings):
    with LocalOpenIDProvider(algorithm="ES256") as local:
        settings.SOCIALACCOUNT_PROVIDERS = {"public_oidc": {"APPS": [local.app(
            "franceconnect", "FranceConnect", scope=FRANCECONNECT_SCOPE)]}}
        _sign_in(client)

    assert _signed_in_user(client).email == "camille.durand@exemple.fr"


def test_a_proconnect_agent_gets_the_usual_name_as_last_name(client, settings):
    with LocalOpenIDProvider() as local:
        settings.SOCIALACCOUNT_PROVIDERS = {"public_oidc": {"APPS": [local.app(
            "proconnect", "ProConnect", scope=PROCONNECT_SCOPE)]}}
        local.identity = {"sub": "agent-1", "given_name": "Jean", "usual_name": "Martin",
                          "email": "jean.martin@ville.fr", "uid": "1", "siret": "21380563500017",
                          "idp_id": "fia1", "phone_number": "0600000000"}
        _sign_in(client, "proconnect")

    user = _signed_in_user(client)
    assert (user.first_name, user.last_name) == ("Jean", "Martin")
    kept = SocialAccount.objects.get(user=user).extra_data
    assert kept["userinfo"]["siret"] == "21380563500017"
    assert "phone_number" not in kept["userinfo"]  # not asked for, not kept


def test_signing_out_ends_the_provider_session_with_the_id_token(client, provider):
    _sign_in(client)

    leave = client.post(reverse("account_logout"))

    assert leave.status_code == 302
    assert leave["Location"].startswith(f"{provider.issuer}/end_session?")
    assert _signed_in_user(client) is None
    at_provider = requests.get(leave["Location"], allow_redirects=False, timeout=5)
    [asked] = provider.end_session_requests
    assert asked["id_token_hint"] == provider.issued_id_tokens[-1]
    assert len(asked["state"]) >= 32
    assert asked["post_logout_redirect_uri"] == (
        "http://testserver/accounts/franceconnect/logout/callback/")
    back = urlsplit(at_provider.headers["Location"])
    home = client.get(f"{back.path}?{back.query}", follow=True)
    assert home.redirect_chain[0][0] == reverse("core:home")
    assert "Votre session FranceConnect est aussi fermée." in home.content.decode()


def test_a_return_from_logout_with_another_state_says_nothing(client, provider):
    _sign_in(client)
    client.post(reverse("account_logout"))

    url = reverse("public_oidc_logout_callback", kwargs={"provider_id": "franceconnect"})
    home = client.get(f"{url}?state={'x' * 43}", follow=True)

    assert home.redirect_chain[0][0] == reverse("core:home")
    assert "aussi fermée" not in home.content.decode()


def test_signing_out_after_a_password_sign_in_stays_on_the_site(client, provider):
    client.force_login(UserFactory())

    leave = client.post(reverse("account_logout"))

    assert leave["Location"] == reverse("core:home")
    assert provider.end_session_requests == []


def test_the_sign_in_page_shows_the_configured_federations_buttons(client, settings, provider):
    page = client.get(reverse("account_login")).content.decode()

    assert "S’identifier avec FranceConnect" in page
    assert 'action="/accounts/franceconnect/login/?process=login"' in page
    assert "S’identifier avec ProConnect" not in page


def test_without_configuration_the_sign_in_page_has_no_federation_button(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"public_oidc": {"APPS": []}}

    page = client.get(reverse("account_login")).content.decode()

    assert "S’identifier avec" not in page
    assert client.post("/accounts/franceconnect/login/").status_code == 404


def test_the_linked_identity_is_in_the_export_and_erasure_unlinks_it(client, provider):
    _sign_in(client)
    user = _signed_in_user(client)

    [linked] = personal_data_export(user)["identites_reliees"]
    assert linked["fournisseur"] == "franceconnect"
    assert linked["donnees_recues"]["userinfo"]["family_name"] == "Durand"

    user_erase(user=user)
    assert not SocialAccount.objects.exists()
