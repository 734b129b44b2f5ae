"""Open311 GeoReport v2: each method's fields and formats, errors and codes, as the spec says."""

import json
from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest
from django.core.management import call_command
from django.utils import timezone

from spp.open311.models import ApiClient
from spp.open311.services import api_client_create
from spp.reports.models import Report
from spp.reports.selectors import report_queue
from spp.reports.tests.factories import VOIRON, CategoryFactory, ReportFactory, agent_of

pytestmark = pytest.mark.django_db

SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords",
                  "group"}
REQUEST_FIELDS = {"service_request_id", "status", "status_notes", "service_name", "service_code",
                  "description", "agency_responsible", "service_notice", "requested_datetime",
                  "updated_datetime", "expected_datetime", "address", "address_id", "zipcode",
                  "lat", "long", "media_url"}
ATTRIBUTES = [{"code": "depth", "datatype": "singlevaluelist", "required": True,
               "variable": True, "description": "Profondeur", "order": 1,
               "values": [{"key": "small", "name": "Moins de 5 cm"},
                          {"key": "deep", "name": "Plus de 5 cm"}]}]


@pytest.fixture
def category():
    return CategoryFactory(code="nid-de-poule", name="Nid-de-poule", attributes=ATTRIBUTES)


@pytest.fixture
def api_key():
    return api_client_create(actor=None, name="Appli de test")[1]


def _post(client, key, category, fmt="json", headers=None, **extra):
    data = {"api_key": key, "service_code": category.code, "lat": str(VOIRON[0]),
            "long": str(VOIRON[1]), "description": "Trou dans la chaussée — très profond",
            "email": "appli@exemple.fr", "attribute[depth]": "deep"}
    data.update(extra)
    return client.post(f"/open311/v2/requests.{fmt}", data, headers=headers or {})


def test_discovery_json_and_xml(client):
    data = client.get("/open311/discovery.json").json()
    assert {"changeset", "contact", "key_service", "endpoints"} <= set(data)
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2/")
    assert endpoint["formats"] == ["text/xml", "application/json"]
    response = client.get("/open311/discovery.xml")
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(response.content)
    assert root.tag == "discovery" and root.find("endpoints/endpoint/formats/format") is not None


def test_services_list_fields(client, category):
    data = client.get("/open311/v2/services.json").json()
    assert set(data[0]) == SERVICE_FIELDS
    assert data[0]["service_code"] == "nid-de-poule" and data[0]["metadata"] is True
    assert data[0]["type"] == "realtime"
    root = ET.fromstring(client.get("/open311/v2/services.xml").content)
    assert root.tag == "services" and root.find("service/metadata").text == "true"


def test_service_definition_and_unknown_code(client, category):
    data = client.get("/open311/v2/services/nid-de-poule.json").json()
    assert data["service_code"] == "nid-de-poule"
    attribute = data["attributes"][0]
    assert set(attribute) == {"variable", "code", "datatype", "required", "datatype_description",
                              "order", "description", "values"}
    assert attribute["values"][1] == {"key": "deep", "name": "Plus de 5 cm"}
    root = ET.fromstring(client.get("/open311/v2/services/nid-de-poule.xml").content)
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/values/value/key").text == "small"
    response = client.get("/open311/v2/services/inconnu.json")
    assert response.status_code == 404
    assert response.json() == [{"code": 404, "description": "service_code inconnu : inconnu"}]


def test_post_creates_a_report_in_the_agents_queue(client, category, api_key):
    response = _post(client, api_key, category)
    assert response.status_code == 200
    body = response.json()[0]
    assert set(body) == {"service_request_id", "token", "service_notice", "account_id"}
    report = Report.objects.get(reference=body["service_request_id"])
    assert report.source == "open311" and report.attribute_values == {"depth": "deep"}
    agent = agent_of(category.organisation)
    rows, _ = report_queue(user=agent, service=category.service)
    assert [row["reference"] for row in rows] == [report.reference]
    token = client.get(f"/open311/v2/tokens/{body['token']}.json").json()
    assert token == [{"service_request_id": report.reference, "token": body["token"]}]
    assert ApiClient.objects.get().key_hash != api_key  # only the hash is stored


def test_post_xml_answer(client, category, api_key):
    root = ET.fromstring(_post(client, api_key, category, fmt="xml").content)
    assert root.tag == "service_requests" and root.find("request/service_request_id").text


@pytest.mark.parametrize("change, status, needle", [
    ({"api_key": "faux"}, 403, "api_key"),
    ({"api_key": ""}, 403, "api_key"),
    ({"service_code": "inconnu"}, 404, "service_code"),
    ({"service_code": ""}, 400, "service_code"),
    ({"lat": "nord"}, 400, "lat"),
    ({"attribute[depth]": ""}, 400, "attribute"),
    ({"attribute[depth]": "abyssal"}, 400, "attribute"),
])
def test_post_errors_have_the_spec_format_and_code(client, category, api_key, change, status,
                                                   needle):
    response = _post(client, api_key, category, **change)
    assert response.status_code == status
    error = response.json()[0]
    assert error["code"] == status and needle in error["description"]
    assert not Report.objects.exists()
    root = ET.fromstring(_post(client, api_key, category, fmt="xml", **change).content)
    assert root.tag == "errors" and root.find("error/code").text == str(status)


def test_post_outside_the_territory_is_refused(client, category, api_key):
    from spp.core.models import Commune

    category.service.communes.add(Commune.objects.create(
        insee="38998", name="Ailleurs", departement="38", latitude=44.0, longitude=4.0))
    response = _post(client, api_key, category)
    assert response.status_code == 400 and "lat" in response.json()[0]["description"]


def test_same_idempotency_key_creates_one_request(client, category, api_key):
    first = _post(client, api_key, category, headers={"Idempotency-Key": "abc-1"}).json()
    second = _post(client, api_key, category, headers={"Idempotency-Key": "abc-1"}).json()
    assert first == second and Report.objects.count() == 1


def test_get_requests_fields_filters_and_window(client, category):
    now = timezone.now()
    recent = ReportFactory(category=category, created_at=now - timedelta(days=2))
    ReportFactory(category=category, created_at=now - timedelta(days=120))
    closed = ReportFactory(category=category, status="resolved", resolution_round=1,
                           created_at=now - timedelta(days=1))
    data = client.get("/open311/v2/requests.json").json()
    assert {r["service_request_id"] for r in data} == {recent.reference, closed.reference}
    assert set(data[0]) == REQUEST_FIELDS
    assert data[0]["requested_datetime"][-6] in "+-"  # ISO 8601 with the offset
    only_open = client.get("/open311/v2/requests.json", {"status": "open"}).json()
    assert [r["service_request_id"] for r in only_open] == [recent.reference]
    start = (now - timedelta(days=200)).isoformat()
    end = (now - timedelta(days=115)).isoformat()
    old = client.get("/open311/v2/requests.json", {"start_date": start, "end_date": end}).json()
    assert len(old) == 1 and old[0]["status"] == "open"
    by_id = client.get("/open311/v2/requests.json",
                       {"service_request_id": closed.reference, "status": "open"}).json()
    assert [r["status"] for r in by_id] == ["closed"]  # service_request_id overrides the rest
    assert client.get("/open311/v2/requests.json", {"service_code": "autre"}).json() == []


@pytest.mark.parametrize("params", [{"start_date": "hier"}, {"end_date": "2026-13-45"},
                                    {"status": "ouvert"},
                                    {"start_date": "2026-01-01T00:00:00Z",
                                     "end_date": "2026-06-01T00:00:00Z"}])
def test_get_requests_bad_parameters_give_400(client, params):
    response = client.get("/open311/v2/requests.json", params)
    assert response.status_code == 400 and response.json()[0]["code"] == 400


def test_get_one_request_json_xml_and_404(client, category):
    report = ReportFactory(category=category, description="Chaussée déformée — « urgent »")
    data = client.get(f"/open311/v2/requests/{report.reference}.json").json()
    assert len(data) == 1 and data[0]["description"] == "Chaussée déformée — « urgent »"
    response = client.get(f"/open311/v2/requests/{report.reference}.xml")
    root = ET.fromstring(response.content)
    assert root.find("request/description").text == "Chaussée déformée — « urgent »"
    assert root.find("request/lat").text == str(VOIRON[0])
    assert client.get("/open311/v2/requests/SIG-XXXX-XXXX.json").status_code == 404


def test_status_notes_come_from_the_agents_public_note(client, category):
    from spp.reports.services import report_transition

    report = ReportFactory(category=category)
    report_transition(actor=agent_of(category.organisation), report=report, action="reject",
                      note="Voie privée : hors compétence")
    data = client.get(f"/open311/v2/requests/{report.reference}.json").json()
    assert data[0]["status"] == "closed"
    assert data[0]["status_notes"] == "Voie privée : hors compétence"


def test_unknown_jurisdiction_is_404(client, category):
    response = client.get("/open311/v2/services.json", {"jurisdiction_id": "nulle-part"})
    assert response.status_code == 404


def test_open311_key_command_prints_a_working_key(capsys, client, category):
    call_command("open311_key", "Appli municipale")
    raw = capsys.readouterr().out.strip()
    assert _post(client, raw, category).status_code == 200
    assert json.dumps(raw) not in json.dumps(list(ApiClient.objects.values()), default=str)


def test_media_url_is_the_first_photos_absolute_url(client, category, settings):
    from spp.core.tests.factories import UserFactory
    from spp.reports.services import report_create
    from spp.reports.tests.factories import image_upload

    report = report_create(actor=UserFactory(), service=category.service, category=category,
                           latitude=VOIRON[0], longitude=VOIRON[1], description="Trou",
                           attribute_values={"depth": "small"}, uploads=[image_upload()])
    data = client.get(f"/open311/v2/requests/{report.reference}.json").json()
    assert data[0]["media_url"] == settings.SITE_URL + report.photos.get().image.url


def test_requests_of_an_unknown_jurisdiction_are_404_and_a_known_one_filters(client, category):
    report = ReportFactory(category=category)
    other = ReportFactory()
    assert client.get("/open311/v2/requests.json",
                      {"jurisdiction_id": "nulle-part"}).status_code == 404
    data = client.get("/open311/v2/requests.json",
                      {"jurisdiction_id": category.service.slug}).json()
    assert [r["service_request_id"] for r in data] == [report.reference]
    assert other.reference not in client.get("/open311/v2/requests.json",
                                             {"jurisdiction_id": category.service.slug}).text


def test_search_names_category_and_agency_and_filters_by_service_code(client, category):
    other = CategoryFactory(service=category.service, code="marquage", name="Marquage")
    pothole, marking = ReportFactory(category=category), ReportFactory(category=other)
    data = client.get("/open311/v2/requests.json", {"service_code": "nid-de-poule"}).json()
    assert [r["service_request_id"] for r in data] == [pothole.reference]
    assert (data[0]["service_code"], data[0]["service_name"], data[0]["agency_responsible"]) \
        == ("nid-de-poule", "Nid-de-poule", category.organisation.name)
    both = client.get("/open311/v2/requests.json",
                      {"service_code": "nid-de-poule,marquage"}).json()
    assert {r["service_request_id"] for r in both} == {pothole.reference, marking.reference}


def test_a_duplicate_without_note_names_its_original(client, category):
    original = ReportFactory(category=category)
    copy = ReportFactory(category=category, status="duplicate", duplicate_of=original)
    data = client.get(f"/open311/v2/requests/{copy.reference}.json").json()
    assert data[0]["status"] == "closed"
    assert data[0]["status_notes"] == f"Doublon de {original.reference}"
