"""The rosters API router (mounted at /api/v1/rosters/): shifts a person can take, signing
up (Idempotency-Key honoured), one's assignments, answering a call-out. Thin."""

from datetime import timedelta

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Header, Router
from ninja.responses import Status

from spp.core.idempotency import idempotent
from spp.rosters import permissions, selectors, services
from spp.rosters.models import CallOut, ShiftNeed
from spp.rosters.schemas import AssignmentOut, CallOutAnswerIn, CallOutOut, ShiftOut

router = Router(tags=["rosters"])
MAX_LIMIT = 200
MAX_OFFSET = 100_000  # far past any real list; keeps the SQL OFFSET a sane integer


def _assignment(a) -> dict:
    return AssignmentOut(id=a.pk, shift=a.shift_id, need=a.need_id, status=a.status,
                         source=a.source, trainee=a.trainee).model_dump(mode="json")


@router.get("/services/{slug}/open-shifts", response=list[ShiftOut])
def open_shifts(request, slug: str, days: int = 30, limit: int = 50, offset: int = 0):
    """Future shifts with a place the signed-in person may take (qualified that day), over
    the next ``days`` (1–62), soonest first, ``limit`` (at most 200) from ``offset``."""
    service = permissions.access_roster_service(request.user, slug)
    services.common.require_participant(request.user, service)
    today = timezone.localdate()
    last = today + timedelta(days=min(max(days, 1), 62))
    limit, offset = min(max(limit, 1), MAX_LIMIT), min(max(offset, 0), MAX_OFFSET)
    places = selectors.open_places_for(selectors.qualifications_held(request.user), today, last)
    shifts = selectors.shifts_open_for(request.user, service, today, last, places)
    rows = selectors.open_shift_rows(request.user, service, selectors.shifts_with_needs(
        shifts, places, offset, offset + limit))
    # Plain dicts: the router validates them once against ShiftOut (instances made here
    # would be validated twice).
    return [{"id": r["shift"].pk, "title": r["shift"].title, "place": r["shift"].place,
             "starts_at": r["shift"].starts_at, "ends_at": r["shift"].ends_at,
             "available": r["available"],
             "needs": [{"id": n.pk, "qualification": n.code, "min": n.min_count,
                        "max": n.max_count} for n in r["needs"]]} for r in rows]


@router.post("/needs/{need_id}/signup", response={201: AssignmentOut})
def signup(request, need_id: int,
           idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    """Take a place; a retry with the same Idempotency-Key answers the same."""
    need = get_object_or_404(ShiftNeed.objects.select_related("shift__service"), pk=need_id)
    permissions.access_roster_service(request.user, need.shift.service.slug)

    def create():
        return 201, _assignment(services.assignment_signup(actor=request.user, need=need))

    status, body = idempotent(request, key=idempotency_key, scope=f"rosters.signup:{need.pk}",
                              payload={"need": need.pk}, create=create)
    return Status(status, body)


@router.get("/me/assignments", response=list[AssignmentOut])
def my_assignments(request):
    return [_assignment(a) for a in selectors.assignments_of(request.user)]


@router.post("/callouts/{callout_id}/answer", response=CallOutOut)
def answer_callout(request, callout_id: int, payload: CallOutAnswerIn):
    """Accept or decline; accepting a filled call-out answers 422 saying it is filled."""
    callout = get_object_or_404(CallOut.objects.select_related("shift__service"), pk=callout_id)
    permissions.access_roster_service(request.user, callout.shift.service.slug)
    services.callout_respond(actor=request.user, callout=callout, accept=payload.accept)
    callout.refresh_from_db()
    return CallOutOut(id=callout.pk, shift=callout.shift_id, places=callout.places,
                      accepted_count=callout.accepted_count, status=callout.status)
