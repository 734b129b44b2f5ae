"""The catalog's API router: services, enrolments, and the person's own ledger. Thin.

The lists answer rows the selectors build as plain dicts shaped like their response schema,
rendered by the API's JSON renderer: validating hundreds of rows through pydantic again cost
more than reading them. The schemas still document the answers (OpenAPI) and the tests
check the shape against them."""

import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Header, Router, Status
from ninja.responses import NinjaJSONEncoder

from spp.catalog import selectors, services
from spp.catalog.models import Service
from spp.catalog.schemas import EnrolIn, EnrolmentOut, ParticipationOut, ServiceOut
from spp.core.idempotency import idempotent

router = Router(tags=["catalog"])

PARTICIPATIONS_MAX_LIMIT = 500
PARTICIPATIONS_MAX_OFFSET = 1_000_000_000


def _json(rows) -> HttpResponse:
    """``rows`` as the API's JSON renderer renders any answer (same encoder)."""
    return HttpResponse(json.dumps(rows, cls=NinjaJSONEncoder),
                        content_type="application/json; charset=utf-8")


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
    return _json(selectors.service_list_public_rows())


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
    """The person's enrolments, by service name."""
    return _json(selectors.enrolment_rows_for_user(request.user))


@router.get("/me/participations", response=list[ParticipationOut])
def my_participations(request, limit: int = 100, offset: int = 0):
    """A page of the person's ledger, newest first (at most 500 rows a call). An offset past
    any ledger answers an empty page, never a number the database cannot take."""
    offset = min(max(offset, 0), PARTICIPATIONS_MAX_OFFSET)
    limit = max(min(limit, PARTICIPATIONS_MAX_LIMIT), 0)
    return _json(selectors.participation_rows_for_user(request.user, offset=offset, limit=limit))
