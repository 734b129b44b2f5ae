"""The reports API router (mounted at /api/v1/reports/): an organisation's reports, for its
integrations (an API token of the organisation, ``Authorization: Bearer``) and its members
(their session). Thin: ``spp.core.api_auth.organisation_for`` says who may ask, the selector
reads."""

from datetime import datetime
from typing import Literal

from ninja import Router

from spp.core.api_auth import organisation_auth, organisation_for
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
    return [{"reference": row["reference"], "service": row["service__slug"],
             "category_code": row["category__code"], "category_name": row["category__name"],
             **{key: row[key] for key in ("status", "created_at", "updated_at", "target_date",
                                          "resolved_at", "address", "latitude", "longitude",
                                          "description", "support_count")}}
            for row in rows]
