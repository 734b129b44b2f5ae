"""The catalog's API router: services, enrolments, and the person's own ledger. Thin."""

from django.db.models import Max
from django.shortcuts import get_object_or_404
from ninja import Header, Router, Status

from spp.catalog import selectors, services
from spp.catalog.models import Service
from spp.catalog.schemas import EnrolIn, EnrolmentOut, ParticipationOut, ServiceOut
from spp.core import selectors as core_selectors
from spp.core.idempotency import idempotent

router = Router(tags=["catalog"])


def _enrolment_out(enrolment) -> EnrolmentOut:
    return EnrolmentOut(
        id=enrolment.pk,
        service=enrolment.service.slug,
        status=enrolment.status,
        charter_version=enrolment.accepted_charter.version,
        charter_accepted_at=enrolment.charter_accepted_at,
        approved_at=enrolment.approved_at,
    )


@router.get("/services", response=list[ServiceOut], auth=None)
def list_services(request):
    queryset = selectors.service_list_public().annotate(charter_version=Max("charters__version"))
    return [ServiceOut.from_service(s, s.charter_version) for s in queryset]


@router.get("/services/{slug}", response=ServiceOut, auth=None)
def get_service(request, slug: str):
    service = get_object_or_404(
        Service.objects.select_related("authority", "operator"), slug=slug, is_published=True
    )
    charter = selectors.charter_current(service)
    return ServiceOut.from_service(service, charter.version if charter else None)


@router.post("/services/{slug}/enrolments", response={201: EnrolmentOut})
def enrol(
    request,
    slug: str,
    payload: EnrolIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    """Enrol by accepting the charter version you read. A retry with the same
    Idempotency-Key answers the same and creates nothing."""
    service = get_object_or_404(Service, slug=slug, is_published=True)

    def create():
        enrolment = services.enrolment_create(
            actor=request.user,
            service=service,
            charter_version=payload.charter_version,
            accept_charter=payload.accept_charter,
        )
        return 201, _enrolment_out(enrolment).model_dump(mode="json")

    return Status(
        *idempotent(
            request,
            key=idempotency_key,
            scope=f"catalog.enrol:{service.pk}",
            payload=payload.model_dump(),
            create=create,
        )
    )


@router.get("/me/enrolments", response=list[EnrolmentOut])
def my_enrolments(request):
    return [_enrolment_out(e) for e in selectors.enrolment_list_for_user(request.user)]


@router.get("/me/participations", response=list[ParticipationOut])
def my_participations(request, limit: int = 100, offset: int = 0):
    rows = core_selectors.participation_list_for_user(request.user)[
        offset : offset + min(limit, 500)
    ]
    return [
        ParticipationOut(
            service=r.service.slug,
            kind=r.kind,
            quantity=float(r.quantity),
            unit=r.unit,
            occurred_at=r.occurred_at,
        )
        for r in rows
    ]
