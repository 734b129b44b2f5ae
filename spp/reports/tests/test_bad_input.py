"""Input a new user could type, or a client send, never answers 500: coordinates that Python
reads as numbers but no map knows (inf, nan, 1e999), an unknown map filter."""

import pytest
from django.urls import reverse

from spp.reports.tests.factories import VOIRON, ReportFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("params", [{"lat": "inf"}, {"lat": "nan"}, {"lon": "1e999"},
                                    {"lat": "-inf"}, {"lat": "91"}, {"lon": "-181"},
                                    {"lat": "nord"}])
def test_duplicates_with_impossible_coordinates_are_a_400_that_says_why(client, params):
    report = ReportFactory()
    url = reverse("reports:duplicates_json", args=[report.service.slug])
    query = {"category": report.category.pk, "lat": VOIRON[0], "lon": VOIRON[1], **params}
    response = client.get(url, query)
    assert response.status_code == 400
    assert "latitude de -90 à 90" in response.json()["error"]


@pytest.mark.parametrize("status", ["fermé", "open", "new", ""])
def test_the_map_data_ignores_an_unknown_status(client, status):
    report = ReportFactory()
    url = reverse("reports:map_json", args=[report.service.slug])
    bbox = f"{VOIRON[0] - 0.01},{VOIRON[1] - 0.01},{VOIRON[0] + 0.01},{VOIRON[1] + 0.01}"
    response = client.get(url, {"bbox": bbox, "status": status})
    assert response.status_code == 200
    assert [r["ref"] for r in response.json()["reports"]] == [report.reference]


def test_the_map_data_filters_by_a_known_status(client):
    ReportFactory()
    url = reverse("reports:map_json", args=[ReportFactory().service.slug])
    bbox = f"{VOIRON[0] - 0.01},{VOIRON[1] - 0.01},{VOIRON[0] + 0.01},{VOIRON[1] + 0.01}"
    assert client.get(url, {"bbox": bbox, "status": "resolved"}).json()["reports"] == []
