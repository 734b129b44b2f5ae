"""Turns a service's shifts, people, availability, qualifications and households into the
solver's plain data (a constant number of queries, whatever the sizes)."""

import calendar
from collections import defaultdict
from datetime import date, timedelta

from spp.rosters import selectors
from spp.rosters.models import Assignment, Household, PatternPreference
from spp.rosters.solver.types import Need, Person, Problem, Rules, ShiftSpec


def problem_for(service, first: date, last: date, *, time_limit: float = 20.0,
                stage_limit: float | None = None):
    """(Problem, {(shift id, need index): ShiftNeed}) for future-proof solving: needs count
    only the places still free after live assignments."""
    shifts = selectors.shifts_in_period(service, first, last)
    specs, needs_map = [], {}
    for shift in shifts:
        needs = []
        for need in shift.needs.all():
            free = need.max_count - need.assigned_count - need.trainee_count
            if free <= 0:
                continue
            needs_map[(shift.pk, len(needs))] = need
            needs.append(Need(need.code, need.gap, free))
        if needs:
            specs.append(ShiftSpec(shift.pk, shift.starts_at, shift.ends_at, tuple(needs),
                                   night=shift.is_night, weekend=shift.is_weekend))
    people_ids = selectors.participant_ids(service)
    quals = selectors.qualifications_by_user(people_ids)
    ranges = selectors.availability_by_user(service, people_ids, first, last)
    start, end = selectors.local_bounds(first - timedelta(days=1), last + timedelta(days=1))
    busy = defaultdict(list)
    for uid, s, e in Assignment.objects.filter(
            user_id__in=people_ids, status__in=selectors.LIVE, shift__starts_at__lt=end,
            shift__ends_at__gt=start).values_list("user_id", "shift__starts_at",
                                                  "shift__ends_at"):
        busy[uid].append((s, e))
    household_of, quotas = _households(service, first, last)
    by_pattern = defaultdict(set)
    for shift in shifts:
        by_pattern[shift.pattern_id].add(shift.pk)
    preferred = defaultdict(set)
    for uid, pattern_id in PatternPreference.objects.filter(
            user_id__in=people_ids, pattern__service=service).values_list("user_id",
                                                                         "pattern_id"):
        preferred[uid] |= by_pattern.get(pattern_id, set())
    people = [Person(uid, tuple(quals.get(uid, ())), tuple(ranges[uid]), tuple(busy[uid]),
                     household_of.get(uid), frozenset(preferred[uid])) for uid in people_ids]
    policy = selectors.policy_for(service)
    rules = Rules(min_rest_hours=policy.min_rest_hours,
                  max_hours_per_week=policy.max_hours_per_week, time_limit=time_limit,
                  stage_limit=stage_limit)
    return Problem(specs, people, rules, quotas), needs_map


def _households(service, first: date, last: date):
    """Members' household, and each household's quota still owed over the period (the monthly
    quota pro rata, minus what is already done or planned in the period)."""
    households = list(Household.objects.filter(service=service).prefetch_related("members"))
    household_of = {m.user_id: h.pk for h in households for m in h.members.all()}
    month_days = calendar.monthrange(first.year, first.month)[1]
    share = ((last - first).days + 1) / month_days
    tallies = {t["household"].pk: t for t in selectors.household_quotas(service, first,
                                                                        households)}
    quotas = {}
    for household in households:
        tally = tallies[household.pk]
        owed = round(household.monthly_quota * min(share, 1.0))
        quotas[household.pk] = max(0, owed - tally["done"] - tally["planned"])
    return household_of, quotas
