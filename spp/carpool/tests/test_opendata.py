"""A service's stops as open data in the national "lieux de covoiturage" schema, checked with
Frictionless against the vendored Table Schema, as transport.data.gouv.fr would check them."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from frictionless import Resource, Schema, validate

from spp.carpool import opendata, services
from spp.carpool.tests.factories import LineFactory, coordinator_of
from spp.core.models import Commune

pytestmark = pytest.mark.django_db

SCHEMA_PATH = Path(opendata.__file__).parent / "schemas" / "lieux_covoiturage" / "schema.json"
# Read as a descriptor: Frictionless refuses to open absolute paths ("not safe").
DESCRIPTOR = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _report(text: str):
    schema = Schema.from_descriptor(DESCRIPTOR)
    return validate(Resource(text.encode(), format="csv", encoding="utf-8", schema=schema))


def _problems(text: str) -> list:
    return _report(text).flatten(["rowNumber", "fieldName", "type"])


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_vendored_schema_is_a_valid_table_schema():
    assert Schema.validate_descriptor(DESCRIPTOR).valid
    assert not Schema.validate_descriptor({"fields": [{"name": "x", "type": "nope"}]}).valid


def test_the_stops_file_validates_against_the_national_schema_with_no_error():
    line = LineFactory(name="Voiron – Moirans – Voreppe", code="vmv")
    LineFactory(service=line.service, is_active=False)  # a closed line: its stops, closed
    Commune.objects.get_or_create(insee="38563", defaults={
        "name": "Voiron", "departement": "38", "latitude": 45.364, "longitude": 5.589})
    text = opendata.stops_csv(line.service)
    report = _report(text)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = _rows(text)
    assert len(rows) == 6
    assert list(rows[0]) == opendata.FIELDS
    first = next(row for row in rows if row["id_local"].startswith("vmv-"))
    assert first | {"id_local": "", "date_maj": ""} == {
        "id_local": "", "nom_lieu": "Voiron — Gare", "ad_lieu": "", "com_lieu": "Voiron",
        "insee": "38563", "type": "Ligne de covoiturage", "date_maj": "", "ouvert": "true",
        "source": line.service.authority.siret[:9], "Xlong": "5.589300", "Ylat": "45.363900",
        "nbre_pl": "", "nbre_pmr": "", "duree": "", "horaires": "05:00-22:00", "proprio": "",
        "lumiere": "false", "comm": "Arrêt de la ligne de covoiturage « Voiron – Moirans – "
                                    "Voreppe »"}
    assert {row["ouvert"] for row in rows} == {"true", "false"}


def test_the_validation_reports_what_breaks_the_schema_so_it_cannot_pass_vacuously():
    line = LineFactory()
    text = opendata.stops_csv(line.service)
    header, first, *rest = text.splitlines()
    cells = next(csv.reader([first]))
    cells[opendata.FIELDS.index("Ylat")] = "95.363900"  # out of range
    cells[opendata.FIELDS.index("type")] = "Arrêt de bus"  # not a place type of the schema
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    broken = "\n".join([header, out.getvalue().rstrip("\n"), *rest]) + "\n"
    assert sorted(_problems(broken)) == [[2, "Ylat", "constraint-error"],
                                        [2, "type", "constraint-error"]]


def test_date_maj_is_the_day_of_the_last_change_of_the_line_or_its_stops():
    line = LineFactory()
    coordinator = coordinator_of(line.service)
    rows = [{"id": stop.pk, **{name: getattr(stop, name) for name in services.lines.STOP_FIELDS}}
            for stop in line.stops.order_by("position")]
    rows[0]["parking_places"] = 12
    services.line_stops_set(actor=coordinator, line=line, rows=rows)
    first = _rows(opendata.stops_csv(line.service))[0]
    assert first["nbre_pl"] == "12"
    assert first["date_maj"] == timezone.localdate().isoformat()


def test_the_stops_are_open_to_anyone_and_read_in_a_fixed_number_of_queries(
        client, django_assert_num_queries):
    line = LineFactory()
    LineFactory(service=line.service)
    response = client.get(reverse("carpool:stops_csv", args=[line.service.slug]))  # anonymous
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert _problems(response.content.decode()) == []
    assert len(_rows(response.content.decode())) == 6
    service = type(line.service).objects.get(pk=line.service.pk)
    with django_assert_num_queries(5):  # lines, stops, communes, audit log, authority
        list(opendata.stops_csv_rows(service))


def test_an_unpublished_or_unknown_service_has_no_stops_file(client):
    line = LineFactory()
    line.service.is_published = False
    line.service.save(update_fields=["is_published"])
    assert client.get(reverse("carpool:stops_csv", args=[line.service.slug])).status_code == 404
    assert client.get(reverse("carpool:stops_csv", args=["inconnu"])).status_code == 404


@pytest.mark.django_db
def test_a_stop_name_that_a_spreadsheet_would_run_is_written_as_text():
    line = LineFactory()
    line.stops.filter(position=1).update(name='=HYPERLINK("http://evil.example/","x")')
    assert "'=HYPERLINK" in opendata.stops_csv(line.service)
