"""A dashboard's figures as a file (CSV or XLSX) for the authority's own use: every figure
unrounded by the disclosure rules (the authority's agents see their own service's data), the
chosen period and each of its months, for the authority as a whole and each service, or for
one service. Cells go through ``spp.core.exports`` so no text is ever taken for a formula."""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from spp.core.exports import csv_row, xlsx_row
from spp.impact.catalogue import FIGURES
from spp.impact.periods import month_period
from spp.impact.selectors import figures as selectors

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def header() -> list[str]:
    return [_("Périmètre"), _("Période"), _("Du"), _("Au")] + [
        f"{figure.label} ({figure.unit})" for figure in FIGURES]


def figure_rows(*, authority, service, period) -> list[list]:
    """The period's row, then its months', for each scope: the whole authority then each of
    its services (``service`` None), or one service."""
    scopes = ([(service.pk, service.name)] if service else
              [(None, authority.name)] + [
                  (row["service_id"], row["service__name"])
                  for row in selectors.figures_services_rows(authority_id=authority.pk,
                                                             period=period)])
    periods = [period]
    if period.kind != "month":
        periods += [month_period(period.year, month) for month in
                    range(period.starts_on.month, period.starts_on.month + period.months)]
    found = selectors.figures_rows_within(
        authority_id=authority.pk, period=period, service_id=service.pk if service else None,
        every_service=service is None)
    rows = []
    for service_id, name in scopes:
        for each in periods:
            values = selectors.figure_values(found.get((service_id, each.kind, each.starts_on)))
            rows.append([name, each.label, each.starts_on.isoformat(), each.ends_on.isoformat()]
                        + [_cell(values[figure.key]) for figure in FIGURES])
    return rows


def _cell(value):
    return "" if value is None else value


def figures_response(*, authority, service, period, fmt: str) -> HttpResponse:
    rows = figure_rows(authority=authority, service=service, period=period)
    name = f"impact-{(service or authority).slug}-{period.param}.{fmt}"
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(header())
        for row in rows:
            writer.writerow(csv_row(row))
        content = text.getvalue().encode("utf-8-sig")  # the BOM: Excel reads the accents
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Chiffres"))
        sheet.append(header())
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
        buffer = io.BytesIO()
        workbook.save(buffer)
        content = buffer.getvalue()
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
