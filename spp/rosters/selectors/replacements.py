"""Reads for replacements: the open requests a volunteer may take over, and the colleagues
told of a new request."""

from typing import NamedTuple

from django.utils import timezone

from spp.core.models import User
from spp.rosters.models import Assignment, ReplacementRequest, Shift
from spp.rosters.selectors.callouts import callout_candidates
from spp.rosters.selectors.participant import qualifications_held
from spp.rosters.selectors.shifts import LIVE, NeedRow, ShiftRow

# Colleagues told of a new request, at most (see docs/rosters.md, "Remplacements").
NOTIFY_MAX = 20


def replacement_open():
    """Open requests whose place is still live on a shift open and not yet started."""
    return ReplacementRequest.objects.filter(
        status=ReplacementRequest.Status.OPEN,
        assignment__status=Assignment.Status.PUBLISHED,
        assignment__shift__status=Shift.Status.OPEN,
        assignment__shift__starts_at__gt=timezone.now(),
    )


class ReplacementLine(NamedTuple):
    """An open request as "Gardes à prendre" lists it, read as values (no model instances):
    its id, its shift (``ShiftRow``), its need (``NeedRow``) and who asks."""

    pk: int
    shift: ShiftRow
    need: NeedRow
    requester: str  # their full name, else their email


def replacements_open_for(user, service, *, limit: int = 20,
                          held=None) -> list[ReplacementLine]:
    """The open requests of ``service`` that ``user`` may take over: not their own, on a
    shift they are not already on, for a need asking no qualification or one they hold,
    verified and valid on the shift's day. Two queries (one when ``held``, the person's
    ``qualifications_held``, was already read), at most ``limit`` requests, read as values
    (``ReplacementLine``: what the page shows)."""
    mine = Assignment.objects.filter(user=user, status__in=LIVE).values("shift_id")
    rows = (
        replacement_open()
        .filter(assignment__shift__service=service)
        .exclude(requested_by=user)
        .exclude(assignment__shift_id__in=mine)
        .order_by("assignment__shift__starts_at", "pk")
        .values_list("pk", "assignment__shift_id", "assignment__shift__title",
                     "assignment__shift__place", "assignment__shift__starts_at",
                     "assignment__shift__ends_at", "assignment__need_id",
                     "assignment__need__qualification_type_id",
                     "assignment__need__qualification_type__code",
                     "assignment__need__qualification_type__name",
                     "assignment__need__min_count", "assignment__need__max_count",
                     "requested_by__first_name", "requested_by__last_name",
                     "requested_by__email")[: limit * 2]
    )
    held = [q for q in (qualifications_held(user) if held is None else held)
            if not q.in_training]
    result = []
    for (pk, shift_id, title, place, starts_at, ends_at, need_id, type_id, code, name,
         low, high, first_name, last_name, email) in rows:
        day = timezone.localtime(starts_at).date()
        if type_id is None or any(
            q.type_id == type_id
            and q.valid_from <= day
            and (q.valid_until is None or day <= q.valid_until)
            for q in held
        ):
            requester = User.label_for(first_name, last_name, email)
            result.append(ReplacementLine(
                pk, ShiftRow(shift_id, title, place, starts_at, ends_at),
                NeedRow(need_id, code or "", name or "", low, high), requester))
    return result[:limit]


def replacement_candidates(replacement: ReplacementRequest) -> list[int]:
    """Ids of the colleagues told of ``replacement``: those a call-out on its need would
    alert (enrolled, qualified, available for the whole shift, not busy then), the requester
    left out, at most ``NOTIFY_MAX``. Everyone qualified sees it on "Gardes à prendre"."""
    people = callout_candidates(replacement.assignment.need)
    return [uid for uid in people if uid != replacement.requested_by_id][:NOTIFY_MAX]
