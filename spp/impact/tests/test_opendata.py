"""An authority's open data: the figures' CSV checked against its Table Schema (by a small
validator written here, and by Frictionless as a re-user would), the JSON against its JSON
Schema, small counts withheld, unpublished services left out, 404 for what is not published,
and the datasets page linking each service's own dataset. Figures rows are written directly
(the refresh task is tested on its own), for explicit past dates."""

import csv
import io
import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import jsonschema
import pytest
from django.urls import reverse
from frictionless import Resource, Schema, validate

from spp.catalog.tests.factories import ServiceFactory
from spp.core.tests.factories import OperatorFactory, OrganisationFactory
from spp.impact import opendata
from spp.impact.catalogue import FIGURES
from spp.impact.models import FiguresRefresh, PeriodFigures
from spp.impact.periods import month_period, quarter_period, year_period
from spp.impact.services.opendata import opendata_files_write

pytestmark = pytest.mark.django_db

TABLE_SCHEMA = json.loads(opendata.TABLE_SCHEMA_PATH.read_text(encoding="utf-8"))
JSON_SCHEMA = json.loads(opendata.JSON_SCHEMA_PATH.read_text(encoding="utf-8"))
COMPUTED = datetime(2026, 1, 2, 3, 15, tzinfo=UTC)  # after the whole of 2025
YEAR = 2025


def _figures(authority, service, period, *, computed_at=COMPUTED, **values):
    return PeriodFigures.objects.create(
        authority=authority, service=service, period=period.kind, starts_on=period.starts_on,
        ends_on=period.ends_on, computed_at=computed_at, **values)


@pytest.fixture
def territory():
    """An authority with a carpool service, a reports service, a crèche of two households
    and an unpublished service; figures for 2025 (the year, its first quarter and January)
    for each."""
    authority = OrganisationFactory(name="Commune de Voiron", slug="voiron")
    carpool = ServiceFactory(authority=authority, name="Covoiturage du Voironnais",
                             slug="covoit-voironnais", patterns=["carpool"])
    reports = ServiceFactory(authority=authority, name="Voirie signalée", slug="voirie",
                             patterns=["reports"])
    creche = ServiceFactory(authority=authority, name="Crèche parentale", slug="creche",
                            patterns=["roster"])
    hidden = ServiceFactory(authority=authority, name="Service en préparation",
                            slug="en-preparation", patterns=["carpool", "reports"],
                            is_published=False)
    for period in (year_period(YEAR), quarter_period(YEAR, 1), month_period(YEAR, 1)):
        _figures(authority, None, period, contributors=7, acts=40, hours=Decimal("35.50"),
                 shifts_planned=10, shifts_fully_staffed=9, journeys=12,
                 km_shared=Decimal("140.25"), co2_kg_avoided=Decimal("12.34"))
        _figures(authority, creche, period, contributors=2, acts=8, hours=Decimal("6.00"),
                 shifts_held=8, shifts_planned=10, shifts_fully_staffed=9)
        _figures(authority, carpool, period, contributors=5, journeys=12,
                 km_shared=Decimal("140.25"))
        _figures(authority, reports, period, contributors=0, reports_filed=0)
        _figures(authority, hidden, period, contributors=9, acts=30)
    opendata_files_write(authority=authority, year=YEAR)  # as the refresh does after them
    return {"authority": authority, "carpool": carpool, "reports": reports, "creche": creche,
            "hidden": hidden}


def _get(client, name, *args):
    return client.get(reverse(f"transparency:{name}", args=args))


def _csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


# A small Table Schema validator: header, types, missing values, required, constraints, key.
CELL = {
    "integer": re.compile(r"-?\d+"),
    "number": re.compile(r"-?\d+(\.\d+)?"),
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "datetime": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"),
}


def _cell_problem(field: dict, cell: str, missing: list[str]) -> str | None:
    constraints = field.get("constraints", {})
    if cell in field.get("missingValues", missing):
        return "required" if constraints.get("required") else None
    kind = field["type"]
    if kind != "string" and not CELL[kind].fullmatch(cell):
        return f"not a {kind}"
    if kind == "date":
        date.fromisoformat(cell)
    if kind == "datetime":
        datetime.fromisoformat(cell)
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], cell):
        return "pattern"
    if "enum" in constraints and cell not in constraints["enum"]:
        return "enum"
    if kind in ("integer", "number"):
        number = Decimal(cell)
        if number < constraints.get("minimum", number) or number > constraints.get(
                "maximum", number):
            return "range"
    return None


def _table_schema_problems(text: str) -> list:
    fields = TABLE_SCHEMA["fields"]
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    if header != [field["name"] for field in fields]:
        return [("header", header)]
    problems, keys = [], set()
    key_columns = [header.index(name) for name in TABLE_SCHEMA["primaryKey"]]
    for number, cells in enumerate(reader, start=2):
        if len(cells) != len(fields):
            problems.append((number, "width"))
            continue
        for field, cell in zip(fields, cells, strict=True):
            problem = _cell_problem(field, cell, TABLE_SCHEMA["missingValues"])
            if problem:
                problems.append((number, field["name"], cell, problem))
        key = tuple(cells[i] for i in key_columns)
        if key in keys:
            problems.append((number, "primary key", key))
        keys.add(key)
    return problems


def test_the_table_schema_lists_exactly_the_catalogue_figures_in_order():
    names = [field["name"] for field in TABLE_SCHEMA["fields"]]
    assert names == opendata.FIELD_NAMES
    assert names[len(opendata.SCOPE_FIELDS):-1] == [figure.key for figure in FIGURES]
    fields = {field["name"]: field for field in TABLE_SCHEMA["fields"]}
    for figure in FIGURES:
        field = fields[figure.key]
        assert field["title"] == str(figure.label)
        assert field["description"].startswith(str(figure.method))
        assert field["type"] == ("integer" if figure.decimals == 0 else "number")
        assert (field["unit"], field["decimals"]) == (figure.unit, figure.decimals)
    assert Schema.validate_descriptor(TABLE_SCHEMA).valid
    row = JSON_SCHEMA["$defs"]["row"]["properties"]
    assert [key for key in row if key in {f.key for f in FIGURES}] == [f.key for f in FIGURES]
    assert row["suppressed"]["items"]["enum"] == [
        figure.key for figure in FIGURES if figure.disclosure != "none"]
    jsonschema.Draft202012Validator.check_schema(JSON_SCHEMA)


def test_the_figures_csv_validates_against_its_table_schema(client, territory):
    response = _get(client, "figures_csv", "voiron", YEAR)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert _table_schema_problems(text) == []
    report = validate(Resource(text.encode(), format="csv", encoding="utf-8",
                               schema=Schema.from_descriptor(TABLE_SCHEMA)))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = _csv_rows(text)
    # The whole authority and three published services, each with its 17 periods.
    assert len(rows) == 4 * 17
    first = rows[0]
    assert first | {"authority_siret": ""} == first | {
        "authority_siret": "", "authority_name": "Commune de Voiron", "service_slug": "",
        "service_name": "", "period": "year", "period_start": "2025-01-01",
        "period_end": "2025-12-31", "contributors": "7", "hours": "35.50",
        "coverage_percent": "90.0", "km_shared": "140.3", "co2_kg_avoided": "12.3",
        "resolution_hours_median": "", "indemnity_budget": "",
        "computed_at": "2026-01-02T03:15:00Z"}
    assert first["authority_siret"] == territory["authority"].siret
    assert [(r["period"], r["period_start"]) for r in rows[:6]] == [
        ("year", "2025-01-01"), ("quarter", "2025-01-01"), ("quarter", "2025-04-01"),
        ("quarter", "2025-07-01"), ("quarter", "2025-10-01"), ("month", "2025-01-01")]
    assert rows[1]["contributors"] == "7"  # the first quarter, as stored
    # A period with nothing stored is published with zeros.
    march = next(r for r in rows if r["service_slug"] == "" and r["period_start"] == "2025-03-01"
                 and r["period"] == "month")
    assert (march["contributors"], march["hours"], march["coverage_percent"]) == (
        "0", "0.00", "")


def test_the_figures_json_validates_against_its_json_schema(client, territory):
    response = _get(client, "figures_json", "voiron", YEAR)
    assert response.status_code == 200
    document = json.loads(response.content)
    jsonschema.validate(document, JSON_SCHEMA, cls=jsonschema.Draft202012Validator,
                        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert document["schema"].endswith("/transparence/schemas/chiffres-impact.json")
    assert document["method"].endswith("/transparence/voiron/donnees/#methode")
    assert document["authority"]["siret"] == territory["authority"].siret
    assert (document["year"], document["computed_at"], document["small_count_threshold"]) == (
        2025, "2026-01-02T03:15:00Z", 5)
    whole = document["rows"][0]
    assert (whole["service_slug"], whole["hours"], whole["km_shared"], whole["contributors"]) == (
        None, 35.5, 140.3, 7)
    assert [row["service_slug"] for row in document["rows"][::17]] == [
        None, "covoit-voironnais", "creche", "voirie"]


def test_a_service_of_two_contributors_publishes_neither_hours_nor_count_unlike_the_authority(
        client, territory):
    rows = _csv_rows(_get(client, "figures_csv", "voiron", YEAR).content.decode())
    creche = next(r for r in rows if r["service_slug"] == "creche" and r["period"] == "year")
    whole = rows[0]
    assert (creche["contributors"], creche["hours"], creche["acts"], creche["shifts_held"]) == (
        "", "", "", "")
    assert (creche["shifts_planned"], creche["coverage_percent"]) == ("10", "90.0")
    assert (whole["contributors"], whole["hours"], whole["acts"]) == ("7", "35.50", "40")
    carpool = next(r for r in rows if r["service_slug"] == "covoit-voironnais")
    assert (carpool["contributors"], carpool["km_shared"]) == ("5", "140.3")

    document = json.loads(_get(client, "figures_json", "voiron", YEAR).content)
    creche = next(r for r in document["rows"] if r["service_slug"] == "creche")
    assert creche["contributors"] is None and creche["hours"] is None
    assert creche["suppressed"] == ["contributors", "acts", "hours", "shifts_held"]
    assert document["rows"][0]["suppressed"] == []
    # Nothing recorded is no one's secret: zeros stay zeros.
    reports = next(r for r in document["rows"] if r["service_slug"] == "voirie")
    assert (reports["contributors"], reports["reports_filed"], reports["suppressed"]) == (
        0, 0, [])


def test_an_unpublished_service_is_left_out_of_the_files_and_the_page(client, territory):
    text = _get(client, "figures_csv", "voiron", YEAR).content.decode()
    document = json.loads(_get(client, "figures_json", "voiron", YEAR).content)
    page = _get(client, "datasets", "voiron").content.decode()
    for shown in (text, json.dumps(document, ensure_ascii=False), page):
        assert "en-preparation" not in shown
        assert "Service en préparation" not in shown


@pytest.mark.parametrize("slug, year", [("inconnue", YEAR), ("operateur", YEAR),
                                        ("voiron", 2024), ("voiron", 99999),
                                        ("sans-service-publie", YEAR)])
def test_what_is_not_published_answers_404(client, territory, slug, year):
    OperatorFactory(slug="operateur")
    quiet = OrganisationFactory(slug="sans-service-publie")
    ServiceFactory(authority=quiet, is_published=False)
    _figures(quiet, None, year_period(YEAR), contributors=9)
    opendata_files_write(authority=quiet, year=YEAR)
    assert _get(client, "figures_csv", slug, year).status_code == 404
    assert _get(client, "figures_json", slug, year).status_code == 404
    if year == YEAR:
        assert _get(client, "datasets", slug).status_code == 404


def test_anonymous_visitors_read_the_files_with_open_cors_and_inline_names(client, territory):
    csv_response = _get(client, "figures_csv", "voiron", YEAR)
    json_response = _get(client, "figures_json", "voiron", YEAR)
    schema_response = _get(client, "figures_schema")
    assert csv_response["Content-Disposition"] == 'inline; filename="voiron-chiffres-2025.csv"'
    assert json_response["Content-Disposition"] == (
        'inline; filename="voiron-chiffres-2025.json"')
    for response in (csv_response, json_response, schema_response):
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
    assert json.loads(schema_response.content) == TABLE_SCHEMA
    page = _get(client, "datasets", "voiron")
    assert page.status_code == 200


def test_a_period_still_to_come_is_left_out_of_a_year_in_progress(client):
    authority = OrganisationFactory(slug="en-cours")
    ServiceFactory(authority=authority)
    in_may = datetime(2025, 5, 10, 2, 0, tzinfo=UTC)
    _figures(authority, None, year_period(YEAR), computed_at=in_may, contributors=6)
    _figures(authority, None, quarter_period(YEAR, 2), computed_at=in_may, contributors=6)
    _figures(authority, None, month_period(YEAR, 9), computed_at=in_may)  # zeros, to come
    opendata_files_write(authority=authority, year=YEAR)
    rows = _csv_rows(_get(client, "figures_csv", "en-cours", YEAR).content.decode())
    assert [(r["period"], r["period_start"]) for r in rows] == [
        ("year", "2025-01-01"), ("quarter", "2025-01-01"), ("quarter", "2025-04-01"),
        *[("month", f"2025-{m:02d}-01") for m in range(1, 6)]]
    assert {r["computed_at"] for r in rows} == {"2025-05-10T02:00:00Z"}


def test_a_name_a_spreadsheet_would_run_is_written_as_text(client, territory):
    territory["creche"].name = "=HYPERLINK(\"http://evil.example\")"
    territory["creche"].save(update_fields=["name"])
    opendata_files_write(authority=territory["authority"], year=YEAR)  # the next refresh
    rows = _csv_rows(_get(client, "figures_csv", "voiron", YEAR).content.decode())
    assert {r["service_name"] for r in rows if r["service_slug"] == "creche"} == {
        "'=HYPERLINK(\"http://evil.example\")"}


def test_the_datasets_page_links_carpool_stops_and_open311_of_the_right_services(
        client, territory):
    FiguresRefresh.objects.create(started_at=COMPUTED, finished_at=COMPUTED, years="2025")
    page = _get(client, "datasets", "voiron").content.decode()
    assert reverse("carpool:stops_csv", args=["covoit-voironnais"]) in page
    assert reverse("carpool:stops_csv", args=["voirie"]) not in page
    assert reverse("carpool:stops_csv", args=["creche"]) not in page
    requests = reverse("open311:requests", kwargs={"fmt": "json"})
    assert f"{requests}?jurisdiction_id=voirie" in page
    assert f"{requests}?jurisdiction_id=covoit-voironnais" not in page
    assert f"{requests}?jurisdiction_id=creche" not in page
    assert reverse("transparency:figures_csv", args=["voiron", YEAR]) in page
    assert reverse("transparency:figures_json", args=["voiron", YEAR]) in page
    assert reverse("transparency:figures_schema") in page
    assert "Licence Ouverte / Open Licence 2.0" in page
    assert "Chiffres mis à jour le 2 janvier 2026, 04:15." in page
    assert 'id="methode"' in page


def test_the_datasets_page_says_when_figures_are_not_computed_yet(client):
    authority = OrganisationFactory(slug="nouvelle")
    ServiceFactory(authority=authority, patterns=["reports"])
    FiguresRefresh.objects.create(started_at=COMPUTED)  # still running: not finished
    page = _get(client, "datasets", "nouvelle").content.decode()
    assert "Chiffres pas encore calculés." in page
    assert "Aucun chiffre n’a encore été calculé pour cette autorité." in page
    assert "L’autorité ne publie pas de service de covoiturage." in page
