"""The reports API router (mounted at /api/v1/reports/): an organisation's reports, for its
integrations (an API token of the organisation, ``Authorization: Bearer``) and its members
(their session). Thin: ``spp.core.api_auth.organisation_for`` says who may ask, the selector
reads."""

from datetime import datetime
from typing import Literal

from django.http import StreamingHttpResponse
from ninja import Router

from spp.core.api_auth import organisation_auth, organisation_for
from spp.core.exports import csv_chunks
from spp.reports import selectors
from spp.reports.schemas import OrganisationReportOut

router = Router(tags=["reports"])
MAX_LIMIT = 500
MAX_OFFSET = 100_000  # far past any real export; keeps the SQL OFFSET a sane integer


@router.get("/organisations/{slug}/reports", response=list[OrganisationReportOut],
            auth=organisation_auth, summary="Lister les signalements d’une organisation")
def organisation_reports(request, slug: str,
                         status: Literal["open", "closed", "all"] = "all",
                         since: datetime | None = None, limit: int = 100, offset: int = 0):
    """Les signalements que l’organisation traite (ceux des services dont elle est l’autorité,
    et ceux des catégories qui lui sont confiées), les plus récents d’abord, sans donnée
    personnelle ; ``since`` : déposés à partir de cette date ; ``limit`` (500 au plus) à
    partir de ``offset``. Accepte un jeton d’API de l’organisation (lecture suffit) ou la
    session d’un de ses membres ; pour toute autre organisation : 404."""
    organisation = organisation_for(request, slug)
    rows = selectors.report_rows_for_organisation(
        organisation, status=status, since=since, offset=min(max(offset, 0), MAX_OFFSET),
        limit=min(max(limit, 1), MAX_LIMIT))
    return [_export_row(row) for row in rows]


# The export's columns: the JSON list's fields, in its order (documented in docs/reports.md).
EXPORT_COLUMNS = ("reference", "service", "category_code", "category_name", "status",
                  "created_at", "updated_at", "target_date", "resolved_at", "address",
                  "latitude", "longitude", "description", "support_count")
CSV_RESPONSE = {200: {"description": "Un fichier CSV (UTF-8 avec BOM), une ligne par signalement",
                      "content": {"text/csv": {"schema": {"type": "string"}}}}}


def _export_row(row: dict) -> dict:
    return {"reference": row["reference"], "service": row["service__slug"],
            "category_code": row["category__code"], "category_name": row["category__name"],
            **{key: row[key] for key in EXPORT_COLUMNS[4:]}}


@router.get("/organisations/{slug}/reports.csv", auth=organisation_auth,
            openapi_extra={"responses": CSV_RESPONSE},
            summary="Exporter en CSV tous les signalements d’une organisation")
def organisation_reports_csv(request, slug: str,
                             status: Literal["open", "closed", "all"] = "all",
                             since: datetime | None = None):
    """Les mêmes signalements et colonnes que la liste, tous, en un fichier CSV envoyé au fil
    de la lecture (la mémoire ne grandit pas avec leur nombre) ; les cellules qui
    commenceraient par une formule de tableur sont neutralisées. Accepte un jeton d’API de
    l’organisation (lecture suffit) ou la session d’un de ses membres."""
    organisation = organisation_for(request, slug)
    rows = selectors.organisation_report_rows(organisation, status=status, since=since)
    exported = (_export_row(row) for row in rows.iterator(chunk_size=500))
    response = StreamingHttpResponse(
        csv_chunks(EXPORT_COLUMNS, ([row[key] for key in EXPORT_COLUMNS] for row in exported)),
        content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="signalements-{slug}.csv"'
    return response
