"""An authority's figures of one year as open data: a CSV described by the Table Schema
``schemas/chiffres-impact.json`` and a JSON document described by the JSON Schema
``schemas/chiffres-impact.schema.json`` (``docs/open-data.md`` explains both to re-users).

What must hold:
- the columns are ``FIELD_NAMES``: the scope and period, then one column per figure of
  ``catalogue.FIGURES`` in its order, then ``computed_at``; the schema lists the same names in
  the same order (a test keeps them together);
- every figure goes through ``disclosure.published_values`` first: a suppressed figure is an
  empty cell in the CSV, ``null`` in the JSON with its key in the row's ``suppressed`` list;
- rows: the whole authority first, then each published service by name; for each, the year,
  its four quarters, then its twelve months. A period that had not begun on the day of the
  last computation is left out (a year in progress has no future months); a period that had
  begun with no stored row is published with zeros (nothing was recorded in it);
- numbers carry the figure's decimals with a dot; times are UTC (``Z``);
- text cells go through ``spp.core.exports.csv_row``: a service's name is typed by people."""

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from spp.core.exports import csv_row
from spp.impact.catalogue import FIGURES
from spp.impact.disclosure import Published, published_values, small_count_threshold
from spp.impact.periods import Period, periods_of_year
from spp.impact.selectors.figures import figure_values
from spp.impact.selectors.opendata import opendata_year_rows

SCHEMAS = Path(__file__).parent / "schemas"
TABLE_SCHEMA_PATH = SCHEMAS / "chiffres-impact.json"
JSON_SCHEMA_PATH = SCHEMAS / "chiffres-impact.schema.json"
SCOPE_FIELDS = ["authority_siret", "authority_name", "service_slug", "service_name", "period",
                "period_start", "period_end"]
FIELD_NAMES = [*SCOPE_FIELDS, *(figure.key for figure in FIGURES), "computed_at"]
LICENCE = {"name": "Licence Ouverte / Open Licence 2.0", "id": "etalab-2.0",
           "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence"}


@dataclass(frozen=True)
class Row:
    service_slug: str | None  # None: the whole authority
    service_name: str | None
    period: Period
    values: dict[str, Published]
    computed_at: datetime


@dataclass(frozen=True)
class YearFigures:
    authority: object  # core.Organisation
    year: int
    computed_at: datetime
    threshold: int
    rows: list[Row]


def year_figures(authority, year: int) -> YearFigures | None:
    """The published rows of ``authority`` for ``year``; None when nothing was computed for
    that year (the views answer 404)."""
    stored = opendata_year_rows(authority_id=authority.pk, year=year)
    if not stored:
        return None
    threshold = small_count_threshold()
    computed_at = max(row["computed_at"] for row in stored)
    last_day = timezone.localdate(computed_at)
    scopes: dict[int | None, dict] = defaultdict(dict)
    names = {}
    for row in stored:
        scopes[row["service_id"]][(row["period"], row["starts_on"])] = row
        if row["service_id"] is not None:
            names[row["service_id"]] = (row["service__slug"], row["service__name"])
    services = sorted(names, key=lambda pk: (names[pk][1], names[pk][0]))
    rows = []
    for service_id in [None, *services]:
        stored_rows = scopes.get(service_id, {})
        slug, name = names.get(service_id, (None, None))
        scope_computed_at = max((row["computed_at"] for row in stored_rows.values()),
                                default=computed_at)
        for period in periods_of_year(year):
            if period.starts_on > last_day:
                continue
            row = stored_rows.get((period.kind, period.starts_on))
            rows.append(Row(slug, name, period,
                            published_values(figure_values(row), threshold=threshold),
                            row["computed_at"] if row else scope_computed_at))
    return YearFigures(authority, year, computed_at, threshold, rows)


QUANTUM = {decimals: Decimal(1).scaleb(-decimals) for decimals in range(4)}


def _rounded(value, decimals: int):
    if value is None:
        return None
    if decimals == 0:
        return int(value)
    return Decimal(value).quantize(QUANTUM[decimals], rounding=ROUND_HALF_UP)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _cell(value, decimals: int) -> str:
    value = _rounded(value, decimals)
    if value is None:
        return ""
    return str(value) if decimals == 0 else f"{value:.{decimals}f}"


def figures_csv(data: YearFigures) -> str:
    """The CSV text: UTF-8, commas, one header line of ``FIELD_NAMES``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELD_NAMES)
    authority = data.authority
    for row in data.rows:
        writer.writerow(csv_row([
            authority.siret, authority.name, row.service_slug or "", row.service_name or "",
            row.period.kind, row.period.starts_on.isoformat(), row.period.ends_on.isoformat(),
            *(_cell(row.values[figure.key].value, figure.decimals) for figure in FIGURES),
            _utc(row.computed_at),
        ]))
    return out.getvalue()


def _number(value, decimals: int):
    value = _rounded(value, decimals)
    return value if value is None or decimals == 0 else float(value)


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def figures_document(data: YearFigures) -> dict:
    """The JSON document: where its schema and method are, the authority, the year, when it
    was computed, the threshold under which figures are withheld, and the rows."""
    authority = data.authority
    return {
        "schema": _absolute(reverse("transparency:figures_schema")),
        "method": _absolute(reverse("transparency:datasets", args=[authority.slug]))
        + "#methode",
        "licence": LICENCE,
        "authority": {
            "name": authority.name, "slug": authority.slug, "siret": authority.siret,
            "url": _absolute(reverse("transparency:authority", args=[authority.slug])),
        },
        "year": data.year,
        "computed_at": _utc(data.computed_at),
        "small_count_threshold": data.threshold,
        "rows": [{
            "service_slug": row.service_slug, "service_name": row.service_name,
            "period": row.period.kind, "period_start": row.period.starts_on.isoformat(),
            "period_end": row.period.ends_on.isoformat(),
            **{figure.key: _number(row.values[figure.key].value, figure.decimals)
               for figure in FIGURES},
            "computed_at": _utc(row.computed_at),
            "suppressed": [figure.key for figure in FIGURES
                           if row.values[figure.key].suppressed],
        } for row in data.rows],
    }


def figures_json(data: YearFigures) -> str:
    return json.dumps(figures_document(data), ensure_ascii=False, indent=1)
