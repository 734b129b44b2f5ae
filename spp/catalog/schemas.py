from datetime import datetime

from ninja import Schema


class ServiceOut(Schema):
    slug: str
    name: str
    summary: str
    authority: str
    operator: str | None
    management: str
    patterns: list[str]
    territory: str
    charter_version: int | None

    @staticmethod
    def from_service(service, charter_version):
        return ServiceOut(
            slug=service.slug,
            name=service.name,
            summary=service.summary,
            authority=service.authority.name,
            operator=service.operator.name if service.operator_id else None,
            management="delegation" if service.operator_id else "regie",
            patterns=service.patterns,
            territory=service.territory_label,
            charter_version=charter_version,
        )


class EnrolIn(Schema):
    charter_version: int
    accept_charter: bool


class EnrolmentOut(Schema):
    id: int
    service: str
    status: str
    charter_version: int
    charter_accepted_at: datetime
    approved_at: datetime | None


class ParticipationOut(Schema):
    service: str
    kind: str
    quantity: float
    unit: str
    occurred_at: datetime
