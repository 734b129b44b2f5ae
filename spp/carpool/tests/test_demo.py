"""The carpool demo: a line whose stops lie where their communes are, journeys confirmed in
both ledgers, coming trips with booked seats, unmet demand; running it twice adds nothing."""

import gzip
import json
from pathlib import Path

import pytest

from spp.carpool.demo import STOPS
from spp.carpool.models import Booking, JourneyProof, Line, RideSearch, Trip
from spp.catalog.models import Participation
from spp.ops.demo import seed_demo

COMMUNES = Path(__file__).resolve().parents[3] / "data" / "communes-38-isere.geojson.gz"


def _inside(lon, lat, rings) -> bool:
    """Ray casting on a polygon's rings (outer and holes)."""
    inside = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
                inside = not inside
    return inside


def test_each_demo_stop_lies_inside_the_commune_its_insee_code_names():
    with gzip.open(COMMUNES) as file:
        features = {feature["properties"]["insee"]: feature["geometry"]
                    for feature in json.load(file)["features"]}
    for name, lat, lon, insee, *_ in STOPS:
        shape = features[insee]
        polygons = ([shape["coordinates"]] if shape["type"] == "Polygon"
                    else shape["coordinates"])
        assert any(_inside(float(lon), float(lat), rings) for rings in polygons), name


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_the_demo_line_has_journeys_in_both_ledgers_coming_trips_and_unmet_demand():
    seed_demo(log=lambda *a: None)
    line = Line.objects.get(code="voiron-moirans-voreppe")
    proofs = JourneyProof.objects.filter(booking__trip__line=line)
    assert proofs.exists()
    assert set(proofs.values_list("proof_class", flat=True)) >= {"B", "C"}
    journeys = Participation.objects.filter(service=line.service, kind="journey", unit="km")
    assert journeys.count() == 2 * proofs.count()
    assert Booking.objects.filter(trip__line=line, status="booked").exists()
    assert RideSearch.objects.filter(line=line, matches=0).exists()
    counts = (Trip.objects.count(), Booking.objects.count(), JourneyProof.objects.count())
    seed_demo(log=lambda *a: None)
    assert counts == (Trip.objects.count(), Booking.objects.count(),
                      JourneyProof.objects.count())
