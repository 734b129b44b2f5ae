"""Reads for call-outs and the coverage view's candidates: who is qualified and available."""

from datetime import timedelta

from django.utils import timezone

from spp.rosters import selectors
from spp.rosters.models import Assignment
from spp.rosters.solver_types import Person, ShiftSpec, free_for


def callout_candidates(need) -> list[int]:
    """Ids of people enrolled (current charter), qualified on the shift's day, available for
    the whole shift and not already on it or on a clashing shift. Constant query count."""
    shift = need.shift
    day = timezone.localtime(shift.starts_at).date()
    people = selectors.participant_ids(shift.service)
    quals = selectors.qualifications_by_user(people)
    if need.code:
        people = [uid for uid in people if any(q.code == need.code and q.valid_on(day)
                                               and not q.in_training for q in quals.get(uid, []))]
    ranges = selectors.availability_by_user(shift.service, people, day, day)
    busy: dict[int, list] = {}
    for uid, start, end in Assignment.objects.filter(
            user_id__in=people, status__in=selectors.LIVE,
            shift__starts_at__lt=shift.ends_at + timedelta(hours=12),
            shift__ends_at__gt=shift.starts_at - timedelta(hours=12)).values_list(
            "user_id", "shift__starts_at", "shift__ends_at"):
        busy.setdefault(uid, []).append((start, end))
    spec = ShiftSpec(shift.pk, shift.starts_at, shift.ends_at, ())
    return [uid for uid in people
            if free_for(Person(uid, (), tuple(ranges[uid]), tuple(busy.get(uid, ()))), spec,
                        timedelta(0))]
