"""Shapes of the reports API's answers."""

from datetime import date, datetime

from ninja import Field, Schema


class OrganisationReportOut(Schema):
    """A report the organisation handles, without personal data (neither the reporter nor the
    agent in charge)."""

    reference: str
    service: str = Field(description="identifiant (slug) du service")
    category_code: str
    category_name: str
    status: str = Field(description="new, acknowledged, in_progress, resolved, rejected, "
                                    "duplicate")
    created_at: datetime
    updated_at: datetime
    target_date: date | None
    resolved_at: datetime | None
    address: str
    latitude: float
    longitude: float
    description: str
    support_count: int
