"""Reads for replacements: the open requests a volunteer may take over, and the colleagues
told of a new request."""

from django.utils import timezone

from spp.rosters.models import Assignment, ReplacementRequest, Shift
from spp.rosters.selectors.callouts import callout_candidates
from spp.rosters.selectors.participant import qualifications_held
from spp.rosters.selectors.shifts import LIVE

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


def replacements_open_for(user, service, *, limit: int = 20,
                          held=None) -> list[ReplacementRequest]:
    """The open requests of ``service`` that ``user`` may take over: not their own, on a
    shift they are not already on, for a need asking no qualification or one they hold,
    verified and valid on the shift's day. Two queries (one when ``held``, the person's
    ``qualifications_held``, was already read), at most ``limit`` requests."""
    mine = Assignment.objects.filter(user=user, status__in=LIVE).values("shift_id")
    rows = (
        replacement_open()
        .filter(assignment__shift__service=service)
        .exclude(requested_by=user)
        .exclude(assignment__shift_id__in=mine)
        .select_related("assignment__shift", "assignment__need__qualification_type", "requested_by")
        .only("assignment__shift__title", "assignment__shift__place",  # what the page shows
              "assignment__shift__starts_at", "assignment__shift__ends_at",
              "assignment__need__min_count", "assignment__need__max_count",
              "assignment__need__qualification_type__name", "requested_by__first_name",
              "requested_by__last_name", "requested_by__email")
        .order_by("assignment__shift__starts_at", "pk")[: limit * 2]
    )
    held = [q for q in (qualifications_held(user) if held is None else held)
            if not q.in_training]
    result = []
    for replacement in rows:
        need = replacement.assignment.need
        day = timezone.localtime(replacement.assignment.shift.starts_at).date()
        if need.qualification_type_id is None or any(
            q.type_id == need.qualification_type_id
            and q.valid_from <= day
            and (q.valid_until is None or day <= q.valid_until)
            for q in held
        ):
            result.append(replacement)
    return result[:limit]


def replacement_candidates(replacement: ReplacementRequest) -> list[int]:
    """Ids of the colleagues told of ``replacement``: those a call-out on its need would
    alert (enrolled, qualified, available for the whole shift, not busy then), the requester
    left out, at most ``NOTIFY_MAX``. Everyone qualified sees it on "Gardes à prendre"."""
    people = callout_candidates(replacement.assignment.need)
    return [uid for uid in people if uid != replacement.requested_by_id][:NOTIFY_MAX]
