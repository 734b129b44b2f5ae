"""Open311 searches over a fixed date window are shared from the cache, never stale; a search
whose window ends "now" is answered afresh each time."""

from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

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
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL.format(fmt=fmt), params)
    assert response.status_code == 200
    return response, len(queries)


def _ids(response):
    return [r["service_request_id"] for r in response.json()]


def test_a_fixed_window_search_is_shared_and_shows_a_status_change_at_once(client):
    report = ReportFactory()
    params = {"jurisdiction_id": report.service.slug, "status": "open", **_window()}
    first, queries = _get(client, **params)
    assert _ids(first) == [report.reference] and queries >= 1
    again, queries = _get(client, **params)
    assert again.content == first.content and queries == 0  # from the cache
    services.report_transition(actor=agent_of(report.category.organisation), report=report,
                               action="reject", note="Voie privée")
    assert _ids(_get(client, **params)[0]) == []
    closed = _get(client, **{**params, "status": "closed"})[0].json()
    assert closed[0]["status_notes"] == "Voie privée"


def test_one_request_is_shared_and_shows_a_new_status_at_once(client):
    report = ReportFactory()
    url = f"/open311/v2/requests/{report.reference}.json"
    assert client.get(url).json()[0]["status"] == "open"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).json()[0]["status"] == "open"
    assert len(queries) == 0
    services.report_transition(actor=agent_of(report.category.organisation), report=report,
                               action="reject", note="Voie privée")
    assert client.get(url).json()[0]["status"] == "closed"


def test_the_xml_answer_is_shared_apart_from_the_json_one(client):
    report = ReportFactory()
    params = {"jurisdiction_id": report.service.slug, **_window()}
    assert _ids(_get(client, **params)[0]) == [report.reference]
    xml, _queries = _get(client, fmt="xml", **params)
    assert xml["Content-Type"].startswith("text/xml")
    assert ET.fromstring(xml.content).find("request/service_request_id").text == (
        report.reference)
    again, queries = _get(client, fmt="xml", **params)
    assert again.content == xml.content and again["Content-Type"] == xml["Content-Type"]
    assert queries == 0


def test_a_request_posted_through_open311_shows_in_a_shared_search_at_once(client):
    category = CategoryFactory()
    params = {"jurisdiction_id": category.service.slug, **_window()}
    assert _ids(_get(client, **params)[0]) == []
    key = api_client_create(actor=None, name="Appli")[1]
    posted = client.post("/open311/v2/requests.json", {
        "api_key": key, "service_code": category.code, "lat": str(VOIRON[0]),
        "long": str(VOIRON[1]), "description": "Trou"}).json()
    assert _ids(_get(client, **params)[0]) == [posted[0]["service_request_id"]]


@pytest.mark.parametrize("params", [{}, {"start_date": "recent"}])
def test_a_search_whose_window_ends_now_is_answered_afresh(client, params):
    """The spec's default window ends now: a copy would miss what it has moved over since."""
    report = ReportFactory()
    if params:
        params = {"start_date": (timezone.now() - timedelta(days=3)).isoformat()}
    assert _ids(_get(client, **params)[0]) == [report.reference]
    assert _get(client, **params)[1] >= 1


def test_a_window_starting_over_90_days_ago_is_fixed_and_shared(client):
    report = ReportFactory(created_at=timezone.now() - timedelta(days=100))
    params = {"start_date": (timezone.now() - timedelta(days=120)).isoformat()}
    assert _ids(_get(client, **params)[0]) == [report.reference]
    assert _get(client, **params)[1] == 0


def test_a_renamed_agency_shows_in_a_shared_search_at_once(
        client, django_capture_on_commit_callbacks):
    report = ReportFactory()
    params = {"jurisdiction_id": report.service.slug, **_window()}
    assert _get(client, **params)[0].json()[0]["agency_responsible"] == (
        report.category.organisation.name)
    with django_capture_on_commit_callbacks(execute=True):
        report.category.organisation.name = "Métropole renommée"
        report.category.organisation.save()
    assert _get(client, **params)[0].json()[0]["agency_responsible"] == "Métropole renommée"


def test_an_error_is_not_shared(client):
    params = {"jurisdiction_id": "nulle-part", **_window()}
    response = client.get(URL.format(fmt="json"), params)
    assert response.status_code == 404
    CategoryFactory(service__slug="nulle-part")
    assert client.get(URL.format(fmt="json"), params).status_code == 200
