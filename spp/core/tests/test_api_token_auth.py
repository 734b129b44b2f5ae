"""An API token authenticates an integration (#15): ``Authorization: Bearer``, for its
organisation only, within its scope (a read token never writes); a revoked, expired or unknown
token is a 401 in problem+json; a write made with a session keeps its CSRF check, one made
with a token needs none."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from spp.core import services
from spp.core.models import ApiToken
from spp.core.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("spp.core.tests.api_token_urls")]

CSRF = "a" * 32


@pytest.fixture
def organisation():
    return OrganisationFactory()


@pytest.fixture
def admin(organisation):
    return MembershipFactory(organisation=organisation, role="admin").user


def _token(organisation, admin, scope="read", **kwargs) -> tuple[ApiToken, str]:
    return services.api_token_create(actor=admin, organisation=organisation, name="Intégration",
                                     scope=scope, **kwargs)


def _bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _strict_client() -> Client:
    """A client whose requests go through Django's CSRF check, as a browser's do."""
    return Client(enforce_csrf_checks=True)


def _notes(organisation) -> str:
    return f"/api/test-tokens/organisations/{organisation.slug}/notes"


def test_a_token_describes_itself_and_its_organisation(client, organisation, admin):
    token, raw = _token(organisation, admin)
    response = client.get("/api/v1/core/token", **_bearer(raw))
    assert response.status_code == 200
    body = response.json()
    assert body["organisation"]["slug"] == organisation.slug
    assert (body["scope"], body["prefix"]) == ("read", token.prefix)


def test_a_write_token_writes_without_any_csrf_token(organisation, admin):
    _token_row, raw = _token(organisation, admin, scope="write")
    response = _strict_client().post(_notes(organisation), **_bearer(raw))
    assert response.status_code == 200
    assert response.json() == {"organisation": organisation.slug}


def test_a_read_token_cannot_write(organisation, admin):
    _token_row, raw = _token(organisation, admin, scope="read")
    response = _strict_client().post(_notes(organisation), **_bearer(raw))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "lecture" in response.json()["title"]


def test_a_token_acts_for_its_own_organisation_only(organisation, admin):
    _token_row, raw = _token(organisation, admin, scope="write")
    elsewhere = OrganisationFactory()
    response = _strict_client().post(_notes(elsewhere), **_bearer(raw))
    assert response.status_code == 404


def test_a_revoked_token_is_refused_with_401(client, organisation, admin):
    token, raw = _token(organisation, admin)
    services.api_token_revoke(actor=admin, token=token)
    response = client.get("/api/v1/core/token", **_bearer(raw))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 401 and "révoqué" in body["detail"]


def test_an_expired_token_is_refused_with_401(client, organisation, admin):
    token, raw = _token(organisation, admin, lifetime_days=30)
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=timezone.now() - timedelta(days=31),
        expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/core/token", **_bearer(raw)).status_code == 401


@pytest.mark.parametrize("raw", ["spp_inconnu", "o311_pas-un-jeton", "n’importe quoi"])
def test_an_unknown_token_is_refused_with_401(client, raw):
    response = client.get("/api/v1/core/token", **_bearer(raw))
    assert response.status_code == 401 and response.json()["title"]


def test_a_refused_token_never_falls_back_to_the_session(organisation, admin):
    """Signed in as a member, but sending a revoked token: the token decides (401)."""
    token, raw = _token(organisation, admin, scope="write")
    services.api_token_revoke(actor=admin, token=token)
    browser = Client()
    browser.force_login(admin)
    assert browser.post(_notes(organisation), **_bearer(raw)).status_code == 401


def test_a_session_write_without_its_csrf_token_is_refused(organisation, admin):
    browser = _strict_client()
    browser.force_login(admin)
    response = browser.post(_notes(organisation))
    assert response.status_code == 403
    assert response.json()["title"] == "Vérification CSRF échouée"
    # the API's default authentication (a person's session) checks it too
    assert browser.post("/api/test-tokens/me/notes").status_code == 403


def test_a_session_write_to_the_platforms_api_without_csrf_is_refused(admin):
    """The same on a real endpoint (answering a call-out): refused before it even looks."""
    browser = _strict_client()
    browser.force_login(admin)
    url = "/api/v1/rosters/callouts/999999/answer"
    refused = browser.post(url, {"accept": True}, content_type="application/json")
    assert refused.status_code == 403
    browser.cookies["csrftoken"] = CSRF
    passed = browser.post(url, {"accept": True}, content_type="application/json",
                          HTTP_X_CSRFTOKEN=CSRF)
    assert passed.status_code == 404  # past the CSRF check: no such call-out


def test_a_session_write_with_its_csrf_token_goes_through(organisation, admin):
    browser = _strict_client()
    browser.force_login(admin)
    browser.cookies["csrftoken"] = CSRF
    response = browser.post(_notes(organisation), HTTP_X_CSRFTOKEN=CSRF)
    assert response.status_code == 200


def test_a_token_does_not_act_for_a_person(client, organisation, admin):
    """Endpoints about "me" (enrolments, answers…) take a person's session only."""
    _token_row, raw = _token(organisation, admin, scope="write")
    assert client.get("/api/v1/catalog/me/enrolments", **_bearer(raw)).status_code == 401
    assert client.post("/api/test-tokens/me/notes", **_bearer(raw)).status_code == 401


def test_a_session_cannot_ask_what_token_it_holds(client, admin):
    client.force_login(admin)
    assert client.get("/api/v1/core/token").status_code == 401


def test_the_api_docs_mark_the_operations_that_accept_a_token(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "jeton d’API accepté" in page
    assert "Authorization: Bearer" in page
