"""Input that no page can store (a NUL byte) or that no list can page to gets a clear 4xx in
each interface's own format, never a 500; API writes sent as a form are told to send JSON."""

import json

import pytest

from spp.catalog.tests.factories import ServiceFactory
from spp.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_a_page_query_gets_the_400_page_in_french(client):
    response = client.get("/", {"q": "voirie\x00"})
    assert response.status_code == 400
    assert "caractère nul" in response.content.decode()


def test_a_nul_byte_in_a_form_field_gets_a_400_and_writes_nothing(client):
    person = UserFactory(first_name="Alice")
    client.force_login(person)
    response = client.post("/mon-profil/", {"first_name": "Al\x00ice", "last_name": "Martin",
                                            "preferred_language": "fr"})
    assert response.status_code == 400
    person.refresh_from_db()
    assert person.first_name == "Alice"


def test_a_nul_byte_in_an_api_query_gets_problem_json(client):
    response = client.get("/api/v1/catalog/services", {"q": "\x00"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 400


def test_an_escaped_nul_in_a_json_body_gets_problem_json(client):
    service = ServiceFactory()
    client.force_login(UserFactory())
    response = client.post(f"/api/v1/catalog/services/{service.slug}/enrolments",
                           data=json.dumps({"accept_charter": True, "note": "a\u0000b"}),
                           content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_a_nul_byte_in_an_open311_query_gets_the_open311_error_list(client):
    response = client.get("/open311/v2/requests.json", {"jurisdiction_id": "voiron\x00"})
    assert response.status_code == 400
    assert response.json()[0]["code"] == 400


def test_a_json_api_write_sent_as_a_form_is_told_to_send_json(client):
    service = ServiceFactory()
    client.force_login(UserFactory())
    response = client.post(f"/api/v1/catalog/services/{service.slug}/enrolments",
                           {"accept_charter": "true", "charter_version": "1"},
                           headers={"Idempotency-Key": "form-instead-of-json"})
    assert response.status_code == 400
    assert "application/json" in response.json()["detail"]


@pytest.mark.parametrize("page", ["²", "9999999999999999999999999", "-3", "1e9", ""])
def test_any_page_number_gives_a_page_of_the_list(client, page):
    client.force_login(UserFactory())
    assert client.get("/mon-engagement/", {"page": page}).status_code == 200
    assert client.get("/notifications/", {"page": page}).status_code == 200
