"""The agents' export of their queue (CSV and XLSX), with the queue's current filters.

Rows come from ``iterator(chunk_size=…)`` over selectors.queue_queryset (the same filters,
the same permission rule as the queue's pages) and are written out as they come: CSV streams
to the client; XLSX is written by openpyxl's write-only mode to a temporary file (a ZIP is
complete only at its end), then sent from disk. One query for the rows whatever their number:
category names come from the categories the queue already read, no join, no JSON decoded.

Descriptions and addresses are typed by citizens: every row goes through spp/core/exports.py,
which keeps spreadsheets from running a cell as a formula. The reporter's identity is not
exported (the queue does not show it either)."""

import tempfile
from collections.abc import Iterator

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.core.exports import csv_chunks, xlsx_row
from spp.core.formatting import choice_labels
from spp.reports.models import Report
from spp.reports.selectors import is_overdue

CHUNK = 2000
XLSX_SHEET_ROWS = 1_000_000  # a worksheet holds at most 1,048,576 rows
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
COLUMNS = (
    "reference",
    "category_id",
    "status",
    "created_at",
    "target_date",
    "resolved_at",
    "support_count",
    "latitude",
    "longitude",
    "address",
    "description",
)


def header() -> list[str]:
    return [
        _("Référence"),
        _("Catégorie"),
        _("État"),
        _("Déposé le"),
        _("Date cible"),
        _("En retard"),
        _("Résolu le"),
        _("Appuis"),
        _("Latitude"),
        _("Longitude"),
        _("Adresse ou repère"),
        _("Description"),
    ]


def queue_rows(queryset, categories: list[tuple[int, str]]) -> Iterator[list]:
    """One row per report of ``queryset`` (selectors.queue_queryset), in its order."""
    names, labels = dict(categories), choice_labels(Report.Status)
    today, yes, no = timezone.localdate(), _("oui"), _("non")
    tz = timezone.get_current_timezone()
    for (
        reference,
        category_id,
        status,
        created_at,
        target_date,
        resolved_at,
        supports,
        latitude,
        longitude,
        address,
        description,
    ) in queryset.values_list(*COLUMNS).iterator(chunk_size=CHUNK):
        yield [
            reference,
            names.get(category_id, ""),
            labels.get(status, status),
            created_at.astimezone(tz).isoformat(timespec="minutes"),
            target_date.isoformat() if target_date else "",
            yes if is_overdue(status, target_date, today) else no,
            resolved_at.astimezone(tz).isoformat(timespec="minutes") if resolved_at else "",
            supports,
            latitude,
            longitude,
            address,
            description,
        ]


def _xlsx_file(rows):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet, written = None, XLSX_SHEET_ROWS
    for row in rows:
        if written >= XLSX_SHEET_ROWS:
            sheet = workbook.create_sheet(f"signalements{len(workbook.worksheets) + 1}")
            sheet.append(header())
            written = 0
        sheet.append(xlsx_row(sheet, row))
        written += 1
    if sheet is None:
        workbook.create_sheet("signalements1").append(header())
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle


def export_response(*, service, queryset, categories, fmt: str):
    """The HTTP response of an export (``fmt`` in FORMATS)."""
    rows = queue_rows(queryset, categories)
    filename = f"{service.slug}-signalements-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "xlsx":
        return FileResponse(
            _xlsx_file(rows),
            as_attachment=True,
            filename=filename,
            content_type=CONTENT_TYPES["xlsx"],
        )
    response = StreamingHttpResponse(csv_chunks(header(), rows), content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
