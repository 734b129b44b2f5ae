"""Open311 searches answer what is true now — each request computes its answer — within the
spec's bounds: the last 90 days when no date is given, 1000 requests at most, newest first."""

from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest
from django.utils import timezone

from spp.open311 import selectors
from spp.open311.services import api_client_create
from spp.reports import services
from spp.reports.tests.factories import VOIRON, CategoryFactory, ReportFactory, agent_of

pytestmark = pytest.mark.django_db

URL = "/open311/v2/requests.{fmt}"


def _window(hours=2):
    now = timezone.now()
    return {"start_date": (now - timedelta(hours=hours)).isoformat(),
            "end_date": (now + timedelta(minutes=5)).isoformat()}


def _get(client, fmt="json", **params):
    response = client.get(URL.format(fmt=fmt), params)
    assert response.status_code == 200
    return response


def _ids(response):
    return [r["service_request_id"] for r in response.json()]


def test_a_search_shows_a_status_change_at_once(client):
    report = ReportFactory()
    params = {"jurisdiction_id": report.service.slug, "status": "open", **_window()}
    assert _ids(_get(client, **params)) == [report.reference]
    services.report_transition(actor=agent_of(report.category.organisation), report=report,
                               action="reject", note="Voie privée")
    assert _ids(_get(client, **params)) == []
    closed = _get(client, **{**params, "status": "closed"}).json()
    assert closed[0]["status_notes"] == "Voie privée"


def test_one_request_shows_its_new_status_at_once(client):
    report = ReportFactory()
    url = f"/open311/v2/requests/{report.reference}.json"
    assert client.get(url).json()[0]["status"] == "open"
    services.report_transition(actor=agent_of(report.category.organisation), report=report,
                               action="reject", note="Voie privée")
    assert client.get(url).json()[0]["status"] == "closed"


def test_the_xml_answer_holds_the_same_requests(client):
    report = ReportFactory()
    params = {"jurisdiction_id": report.service.slug, **_window()}
    xml = _get(client, fmt="xml", **params)
    assert xml["Content-Type"].startswith("text/xml")
    assert ET.fromstring(xml.content).find("request/service_request_id").text == (
        report.reference)


def test_a_request_posted_through_open311_shows_in_the_next_search(client):
    category = CategoryFactory()
    params = {"jurisdiction_id": category.service.slug}
    assert _ids(_get(client, **params)) == []
    key = api_client_create(actor=None, name="Appli")[1]
    posted = client.post("/open311/v2/requests.json", {
        "api_key": key, "service_code": category.code, "lat": str(VOIRON[0]),
        "long": str(VOIRON[1]), "description": "Trou"}).json()
    assert _ids(_get(client, **params)) == [posted[0]["service_request_id"]]


def test_with_no_date_the_search_covers_the_last_90_days_newest_first(client):
    category = CategoryFactory()
    now = timezone.now()
    old = ReportFactory(category=category, created_at=now - timedelta(days=91))
    older = ReportFactory(category=category, created_at=now - timedelta(days=80))
    newer = ReportFactory(category=category, created_at=now - timedelta(hours=1))
    assert _ids(_get(client)) == [newer.reference, older.reference]
    since = {"start_date": (now - timedelta(days=120)).isoformat()}  # 90 days from then
    assert _ids(_get(client, **since)) == [older.reference, old.reference]


def test_an_answer_holds_at_most_the_maximum_newest_first(client, monkeypatch):
    monkeypatch.setattr(selectors, "MAX_REQUESTS", 2)
    category = CategoryFactory()
    now = timezone.now()
    reports = [ReportFactory(category=category, created_at=now - timedelta(minutes=m))
               for m in (30, 20, 10)]
    assert _ids(_get(client)) == [reports[2].reference, reports[1].reference]


def test_a_renamed_agency_shows_in_the_next_search(client):
    report = ReportFactory()
    params = {"jurisdiction_id": report.service.slug, **_window()}
    assert _get(client, **params).json()[0]["agency_responsible"] == (
        report.category.organisation.name)
    report.category.organisation.name = "Métropole renommée"
    report.category.organisation.save()
    assert _get(client, **params).json()[0]["agency_responsible"] == "Métropole renommée"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_jurisdiction_is_a_404_in_the_error_list_until_it_exists(client, fmt):
    params = {"jurisdiction_id": "nulle-part", **_window()}
    response = client.get(URL.format(fmt=fmt), params)
    assert response.status_code == 404
    if fmt == "json":
        assert response.json() == [
            {"code": 404, "description": "jurisdiction_id inconnu : nulle-part"}]
    else:
        assert ET.fromstring(response.content).find("error/code").text == "404"
    CategoryFactory(service__slug="nulle-part")
    assert client.get(URL.format(fmt=fmt), params).status_code == 200


@pytest.mark.parametrize("params", [{"start_date": "9999-12-31T00:00:00+00:00"},
                                    {"end_date": "0001-01-01T00:00:00+00:00"}])
def test_dates_at_the_ends_of_the_calendar_answer_without_an_error(client, params):
    assert client.get(URL.format(fmt="json"), params).status_code in {200, 400}


def test_request_dates_are_local_times_with_their_offset_in_winter_and_summer(client):
    """The dates are read from the database as text and formatted by the standard library:
    the platform's time zone (Europe/Paris), its offset of the day, to the second."""
    from datetime import UTC, datetime

    winter = datetime(2026, 1, 15, 8, 30, 45, 123456, tzinfo=UTC)
    report = ReportFactory(created_at=winter, updated_at=datetime(2026, 7, 1, 22, 5, tzinfo=UTC),
                           target_date=datetime(2026, 4, 1).date())
    item = client.get(f"/open311/v2/requests/{report.reference}.json").json()[0]
    assert item["requested_datetime"] == "2026-01-15T09:30:45+01:00"
    assert item["updated_datetime"] == "2026-07-02T00:05:00+02:00"
    assert item["expected_datetime"] == "2026-04-01T00:00:00+02:00"


def test_a_closed_request_has_no_expected_datetime_and_a_duplicate_names_its_original(client):
    original = ReportFactory()
    duplicate = ReportFactory(category=original.category, status="duplicate",
                              duplicate_of=original, target_date=timezone.now().date())
    item = client.get(f"/open311/v2/requests/{duplicate.reference}.json").json()[0]
    assert item["status"] == "closed" and item["expected_datetime"] is None
    assert item["status_notes"] == f"Doublon de {original.reference}"
