"""The report form's address search, against a local stand-in of the Géoplateforme's geocoding
service (an HTTP server on 127.0.0.1 in a thread): never the internet."""

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from spp.core.models import Commune
from spp.reports import geocoding
from spp.reports.tests.factories import VOIRON, CategoryFactory

pytestmark = pytest.mark.django_db

VOIRON_INSEE = "38563"


def feature(label, lat, lon, citycode=VOIRON_INSEE, **properties):
    """One result as the service gives it: a GeoJSON point ([lon, lat]) and its properties."""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {"label": label, "citycode": citycode, "score": 0.9, **properties},
    }


class StandIn:
    """The geocoder's stand-in: answers every GET with ``body`` (a FeatureCollection by
    default) after ``delay`` seconds, and keeps the query strings it was sent."""

    def __init__(self):
        self.features, self.body, self.status, self.delay, self.asked = [], None, 200, 0.0, []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                stand_in.asked.append(parse_qs(urlsplit(self.path).query))
                time.sleep(stand_in.delay)
                body = (
                    stand_in.body
                    if stand_in.body is not None
                    else json.dumps(
                        {"type": "FeatureCollection", "features": stand_in.features}
                    ).encode()
                )
                try:
                    self.send_response(stand_in.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up (the timeout test)
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/geocodage/search"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def geocoder(settings):
    stand_in = StandIn()
    settings.REPORTS_GEOCODER_URL = stand_in.url
    settings.REPORTS_GEOCODER_TIMEOUT = 2
    settings.REPORTS_GEOCODER_LIMIT = 5
    yield stand_in
    stand_in.close()


@pytest.fixture
def service():
    """A reports service whose territory is Voiron (its INSEE code, no boundary)."""
    commune = Commune.objects.create(
        insee=VOIRON_INSEE, name="Voiron", departement="38", latitude=VOIRON[0], longitude=VOIRON[1]
    )
    category = CategoryFactory()
    category.service.communes.add(commune)
    return category.service


@pytest.mark.processes  # a local HTTP server whose timed waits libfaketime breaks
def test_addresses_and_places_are_read_from_the_services_geojson(geocoder, service):
    geocoder.features = [
        feature("12 Rue de la République 38500 Voiron", 45.3641, 5.5902),
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [5.5875, 45.3660]},
            "properties": {
                "name": ["Gare de Voiron"],
                "city": ["Voiron"],
                "citycode": [VOIRON_INSEE],
                "category": ["gare"],
            },
        },
    ]
    found = geocoding.search(service, "  rue   de la république ", near=VOIRON)
    assert [(s.label, s.latitude, s.longitude) for s in found] == [
        ("12 Rue de la République 38500 Voiron", 45.3641, 5.5902),
        ("Gare de Voiron, Voiron", 45.366, 5.5875),
    ]
    asked = geocoder.asked[0]
    assert asked["q"] == ["rue de la république"] and asked["index"] == ["address,poi"]
    assert asked["lat"] == [f"{VOIRON[0]:.5f}"] and asked["lon"] == [f"{VOIRON[1]:.5f}"]


@pytest.mark.processes  # a local HTTP server whose timed waits libfaketime breaks
def test_results_outside_the_services_communes_are_left_out(geocoder, service):
    geocoder.features = [
        feature("Rue de la République 38000 Grenoble", 45.1885, 5.7245, citycode="38185"),
        feature("Rue de la République 38500 Voiron", 45.3641, 5.5902),
        # No commune code: the point is checked against the territory (Voiron's centre ± 2 km).
        feature("Place sans code", 45.3650, 5.5900, citycode=None),
        feature("Point lointain sans code", 44.0, 4.0, citycode=None),
    ]
    labels = [s.label for s in geocoding.search(service, "République")]
    assert labels == ["Rue de la République 38500 Voiron", "Place sans code"]


def test_a_one_commune_service_asks_for_its_commune_only(geocoder, service):
    geocoding.search(service, "République")
    assert geocoder.asked[0]["citycode"] == [VOIRON_INSEE]


@pytest.mark.processes  # a local HTTP server whose timed waits libfaketime breaks
def test_a_service_of_several_communes_asks_everywhere_and_keeps_its_own(geocoder, service):
    service.communes.add(
        Commune.objects.create(
            insee="38185", name="Grenoble", departement="38", latitude=45.19, longitude=5.72
        )
    )
    geocoder.features = [
        feature("Rue de la République 38000 Grenoble", 45.1885, 5.7245, citycode="38185"),
        feature("Rue de la République 69002 Lyon", 45.76, 4.83, citycode="69382"),
    ]
    found = geocoding.search(service, "République")
    assert "citycode" not in geocoder.asked[0]
    assert [s.label for s in found] == ["Rue de la République 38000 Grenoble"]


@pytest.mark.processes  # a local HTTP server whose timed waits libfaketime breaks
def test_a_service_without_communes_keeps_every_result(geocoder):
    geocoder.features = [feature("Rue de la République 38000 Grenoble", 45.19, 5.72, "38185")]
    service = CategoryFactory().service
    assert [s.label for s in geocoding.search(service, "République")] == [
        "Rue de la République 38000 Grenoble"
    ]
    assert "citycode" not in geocoder.asked[0]


@pytest.mark.processes  # a local HTTP server whose timed waits libfaketime breaks
def test_the_number_of_suggestions_is_capped(geocoder, service, settings):
    settings.REPORTS_GEOCODER_LIMIT = 2
    geocoder.features = [
        feature(f"{n} Rue Sermorens 38500 Voiron", 45.36, 5.59) for n in range(1, 8)
    ]
    assert len(geocoding.search(service, "Sermorens")) == 2
    assert geocoder.asked[0]["limit"] == ["4"]


@pytest.mark.parametrize(
    "body",
    [
        b"<html>maintenance</html>",
        b'{"features": "nope"}',
        b"[]",
        json.dumps(
            {
                "features": [
                    {
                        "geometry": {"type": "Point", "coordinates": ["x", 1]},
                        "properties": {"label": "Bad"},
                    },
                    {
                        "geometry": {"type": "Point", "coordinates": [5.59, 95]},
                        "properties": {"label": "Off the globe"},
                    },
                    {"geometry": {"type": "Point", "coordinates": [5.59, 45.36]}, "properties": {}},
                ]
            }
        ).encode(),
    ],
)
def test_an_unreadable_answer_gives_no_suggestion(geocoder, service, body):
    geocoder.body = body
    assert geocoding.search(service, "République") == []


def test_a_failing_service_gives_no_suggestion_and_a_warning(geocoder, service, caplog):
    geocoder.status = 503
    with caplog.at_level(logging.WARNING, logger="spp.reports.geocoding"):
        assert geocoding.search(service, "République") == []
    assert "Geocoder unavailable" in caplog.text


def test_a_slow_service_times_out_with_no_suggestion(geocoder, service, settings, caplog):
    settings.REPORTS_GEOCODER_TIMEOUT = 0.2
    geocoder.delay = 1.5
    geocoder.features = [feature("Rue de la République 38500 Voiron", 45.3641, 5.5902)]
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="spp.reports.geocoding"):
        assert geocoding.search(service, "République") == []
    assert time.monotonic() - started < 1.2
    assert "Geocoder unavailable" in caplog.text


def test_an_unreachable_service_gives_no_suggestion(settings, service):
    stand_in = StandIn()
    settings.REPORTS_GEOCODER_URL = stand_in.url
    stand_in.close()  # nothing listens on that port any more
    assert geocoding.search(service, "République") == []


def test_short_questions_are_not_sent(geocoder, service):
    assert geocoding.search(service, " ab ") == []
    assert geocoder.asked == []


def test_long_questions_are_cut(geocoder, service):
    geocoding.search(service, "rue " * 100)
    assert len(geocoder.asked[0]["q"][0]) == geocoding.MAX_QUERY_LENGTH


@pytest.mark.processes  # a local HTTP server whose timed waits libfaketime breaks
def test_the_endpoint_gives_label_lat_lon(client, geocoder, service):
    geocoder.features = [feature("12 Rue de la République 38500 Voiron", 45.3641, 5.5902)]
    url = reverse("reports:address_json", args=[service.slug])
    assert client.get(url, {"q": "République"}).json() == {
        "results": [
            {"label": "12 Rue de la République 38500 Voiron", "lat": 45.3641, "lon": 5.5902}
        ]
    }
    assert client.get(url, {"q": "ab"}).json() == {"results": []}
    assert len(geocoder.asked) == 1


def test_the_endpoint_answers_empty_when_the_service_fails(client, geocoder, service):
    geocoder.status = 500
    response = client.get(reverse("reports:address_json", args=[service.slug]), {"q": "Rue"})
    assert response.status_code == 200 and response.json() == {"results": []}


def test_not_configured_there_is_no_field_and_no_endpoint(client, settings, service):
    settings.REPORTS_GEOCODER_URL = ""
    page = client.get(
        reverse("reports:report_new", args=[service.slug]), {"adresse": "République"}
    ).text
    assert 'id="address-search"' not in page and "Rechercher une adresse" not in page
    response = client.get(reverse("reports:address_json", args=[service.slug]), {"q": "Rue"})
    assert response.status_code == 404


def test_the_endpoint_is_404_for_an_unknown_service(client, geocoder):
    url = reverse("reports:address_json", args=["inconnu"])
    assert client.get(url, {"q": "République"}).status_code == 404
    assert geocoder.asked == []


@pytest.mark.processes  # a local HTTP server whose timed waits libfaketime breaks
def test_without_javascript_the_search_lists_links_that_set_the_point(client, geocoder, service):
    geocoder.features = [feature("12 Rue de la République 38500 Voiron", 45.3641, 5.5902)]
    category = service.report_categories.get()
    url = reverse("reports:report_new", args=[service.slug])
    page = client.get(url, {"adresse": "République", "category": category.pk}).text
    assert 'id="address-search"' in page and 'value="République"' in page
    link = (
        f"?lat=45.364100&amp;lon=5.590200&amp;address=12+Rue+de+la+R%C3%A9publique+38500"
        f"+Voiron&amp;category={category.pk}"
    )
    assert f'<a href="{link}">12 Rue de la République 38500 Voiron</a>' in page
    chosen = client.get(
        url,
        {
            "lat": "45.364100",
            "lon": "5.590200",
            "category": category.pk,
            "address": "12 Rue de la République 38500 Voiron",
        },
    ).text
    assert 'name="latitude" value="45.3641"' in chosen
    assert 'name="longitude" value="5.5902"' in chosen
    assert 'value="12 Rue de la République 38500 Voiron"' in chosen


def test_without_javascript_a_search_says_when_nothing_is_found_or_too_short(
    client, geocoder, service
):
    url = reverse("reports:report_new", args=[service.slug])
    assert "Aucune adresse trouvée" in client.get(url, {"adresse": "Nulle part"}).text
    page = client.get(url, {"adresse": "ab"}).text
    assert "Tapez au moins 3 caractères." in page and len(geocoder.asked) == 1


def test_a_point_outside_the_globe_in_the_link_is_ignored(client, geocoder, service):
    page = client.get(
        reverse("reports:report_new", args=[service.slug]), {"lat": "1e999", "lon": "5.59"}
    ).text
    assert 'name="latitude" value=' not in page
