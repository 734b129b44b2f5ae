"""The coverage counts (bitmaps per window segment and qualification) agree with the plain
per-person definition: for each shift and need, the participants holding a verified
qualification counting for the need, valid that day, not in training, whose availability
ranges contain the shift; per hour, the same with ``intervals.covers``. Random rosters,
including windows at times the spring DST change skips."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from spp.rosters import selectors
from spp.rosters.intervals import covers, to_epochs
from spp.rosters.tests import coverage_roster

DST_STARTS = (0, 60, 120, 150, 180, 420, 720, 1080, 1140)


def _people(service, first, last):
    ids = selectors.participant_ids(service)
    ranges = selectors.availability_by_user(service, ids, first, last)
    return ids, selectors.qualifications_by_user(ids), {u: to_epochs(r) for u, r in ranges.items()}


def _able(quals, uid, code, day):
    return not code or any(q.code == code and q.valid_on(day) and not q.in_training
                           for q in quals.get(uid, ()))


def _expected_period(service, first, last):
    ids, quals, ranges = _people(service, first, last)
    counts = []
    for shift in selectors.shifts_in_period(service, first, last):
        start, end = int(shift.starts_at.timestamp()), int(shift.ends_at.timestamp())
        day = timezone.localtime(shift.starts_at).date()
        for need in shift.needs.all():
            counts.append(sum(
                1 for uid in ids if _able(quals, uid, need.code, day)
                and any(s <= start < e and end <= e for s, e in ranges[uid])))
    return counts


def _expected_hours(service, day, codes):
    ids, quals, ranges = _people(service, day, day)
    tz = timezone.get_current_timezone()
    rows = []
    for hour in range(24):
        start = datetime.combine(day, time(hour), tzinfo=tz)
        end = start + timedelta(hours=1)
        rows.append([sum(1 for uid in ids if _able(quals, uid, code, day)
                         and covers(ranges[uid], int(start.timestamp()), int(end.timestamp())))
                     for code in codes])
    return rows


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counts_match_the_per_person_definition(seed):
    service = coverage_roster.build(seed=seed, people=30, starts=DST_STARTS)
    for first, last in coverage_roster.PERIODS:
        days = selectors.coverage_period(service, first, last)
        counted = [n["available"] for d in days for r in d["rows"] for n in r["needs"]]
        assert counted == _expected_period(service, first, last)
    for day in coverage_roster.HOURS_DAYS:
        hours, codes = selectors.coverage_hours(service, day)
        counted = [[c["available"] for c in row["cells"]] for row in hours]
        assert counted == _expected_hours(service, day, codes)


@pytest.mark.django_db
def test_windows_touching_across_the_skipped_spring_hour_count_as_the_clock_orders_them():
    """0:00–2:00 and 3:00–5:00 on 29 March 2026 meet at the same instant (2:00 does not
    exist), but availability_ranges keeps them apart: the 1:00–4:00 shift is not covered."""
    from spp.catalog.models import Qualification
    from spp.rosters.models import AvailabilityWindow
    from spp.rosters.tests.factories import roster_service, shift_with_need, volunteer

    service = roster_service()
    person = volunteer(service, "equipier", always_available=False)
    Qualification.objects.filter(user=person).update(obtained_on=coverage_roster.date(2025, 1, 1),
                                                     expires_on=None)
    AvailabilityWindow.objects.bulk_create([
        AvailabilityWindow(user=person, service=service, weekday=6, start_minute=0,
                           end_minute=120),
        AvailabilityWindow(user=person, service=service, weekday=6, start_minute=180,
                           end_minute=300)])
    starts_at = coverage_roster._local(coverage_roster.date(2026, 3, 29), 60)
    shift_with_need(service, "equipier", starts_at=starts_at,
                    ends_at=starts_at + timedelta(hours=3))
    day = starts_at.date()
    days = selectors.coverage_period(service, day, day)
    counted = [n["available"] for d in days for r in d["rows"] for n in r["needs"]]
    assert counted == _expected_period(service, day, day) == [0]
    assert selectors.coverage_period(service, day, day)[0]["rows"]  # the shift is there
    hours, codes = selectors.coverage_hours(service, day)
    assert [[c["available"] for c in row["cells"]] for row in hours] == _expected_hours(
        service, day, codes)


def _candidates_person_by_person(need):
    """The call-out's candidates as callout_candidates found them before it used the
    coverage's bitmaps: each participant's qualifications and availability ranges tested."""
    from spp.rosters.models import Assignment
    from spp.rosters.solver.types import Person, ShiftSpec, free_for

    shift = need.shift
    day = timezone.localtime(shift.starts_at).date()
    people = selectors.participant_ids(shift.service)
    quals = selectors.qualifications_by_user(people)
    people = [uid for uid in people if _able(quals, uid, need.code, day)]
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


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2])
def test_callout_candidates_match_the_per_person_definition(seed):
    from spp.rosters.models import ShiftNeed
    from spp.rosters.selectors import callout_candidates

    service = coverage_roster.build(seed=seed, people=30, starts=DST_STARTS)
    needs = list(ShiftNeed.objects.filter(shift__service=service)
                 .select_related("shift__service", "qualification_type"))
    assert needs
    found = 0
    for need in needs:
        expected = sorted(_candidates_person_by_person(need))
        assert sorted(callout_candidates(need)) == expected, need
        found += len(expected)
    assert found  # the rosters give candidates to some needs
