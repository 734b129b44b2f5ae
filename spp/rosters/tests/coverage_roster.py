"""A realistic roster for the coverage tests, built with factories from a seeded random
generator on fixed dates (so that its coverage figures can be pinned): several qualification
codes, one including another, trainees, unverified, expiring and newly obtained
qualifications, weekly windows crossing midnight and touching ones, one-off unavailability
(holidays) and extra evenings, people no longer enrolled, both DST changes of 2026, public
holidays (1 November), cancelled shifts, call-outs and an escalation."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from spp.catalog.models import Enrolment
from spp.catalog.tests.factories import (
    EnrolmentFactory,
    QualificationFactory,
    QualificationTypeFactory,
)
from spp.core.tests.factories import UserFactory
from spp.rosters.models import (
    Assignment,
    AvailabilityException,
    AvailabilityWindow,
    CallOut,
    Escalation,
    Shift,
    ShiftNeed,
)
from spp.rosters.services.common import need_counts_refresh
from spp.rosters.tests.factories import roster_service

PERIODS = [(date(2026, 3, 26), date(2026, 3, 31)), (date(2026, 10, 23), date(2026, 11, 2))]
HOURS_DAYS = [date(2026, 3, 29), date(2026, 10, 25), date(2026, 11, 1), date(2026, 10, 28)]
SHIFTS = [  # title, start (h, m), hours, [(code, min, max)]
    ("Garde de jour", (7, 0), 12, [("chef", 1, 1), ("equipier", 2, 3)]),
    ("Garde de nuit", (19, 0), 12, [("chef", 1, 1), ("equipier", 2, 2), ("", 1, 2)]),
    ("Nuit courte", (1, 0), 4, [("equipier", 1, 2)]),
    ("Permanence", (12, 30), 6, [("", 2, 3), ("psc1", 1, 1)]),
    ("Soirée", (18, 0), 4, [("cod", 1, 1), ("psc1", 1, 2)]),
]
STARTS = [0, 60, 150, 420, 450, 720, 1080, 1140]


def _local(day: date, minutes: int) -> datetime:
    return datetime.combine(day, time(minutes // 60, minutes % 60),
                            tzinfo=timezone.get_current_timezone())


def build(seed: int = 7, people: int = 40, starts=tuple(STARTS)):
    rng = random.Random(seed)
    service = roster_service()
    types = {code: QualificationTypeFactory(code=code) for code in
             ["chef", "equipier", "psc1", "cod"]}
    types["chef"].includes.add(types["equipier"])
    users = []
    for index in range(people):
        user = UserFactory()
        users.append(user)
        if index % 13 == 5:
            EnrolmentFactory(user=user, service=service, status=Enrolment.Status.PENDING,
                             approved_at=None)
        elif index % 17 != 3:
            EnrolmentFactory(user=user, service=service)
        for code in rng.sample(sorted(types), rng.randint(0, 3)):
            kind = rng.random()
            obtained = date(2025, 1, 1)
            expires = None if rng.random() < 0.5 else date(2027, 1, 1)
            if kind < 0.1:
                obtained = date(2026, 10, 27)  # obtained during the period
            elif kind < 0.2:
                expires = date(2026, 10, 29)  # expires during the period
            elif kind < 0.25:
                expires = date(2026, 3, 28)
            QualificationFactory(
                user=user, qualification_type=types[code], obtained_on=obtained,
                expires_on=expires,
                in_training=0.25 <= kind < 0.35,
                verified_at=None if 0.35 <= kind < 0.42 else timezone.now())
        windows = set()
        shape = rng.random()
        if shape < 0.1:
            windows = {(d, 0, 1440) for d in range(7)}
        else:
            for weekday in rng.sample(range(7), rng.randint(1, 5)):
                if rng.random() < 0.3:  # a night: 19:00–24:00 then 0:00–07:00
                    windows.add((weekday, 1140, 1440))
                    windows.add(((weekday + 1) % 7, 0, 420))
                else:
                    start = rng.choice(starts)
                    end = min(1440, start + rng.choice([60, 240, 360, 600, 720, 900]))
                    windows.add((weekday, start, end))
                    if rng.random() < 0.2 and end < 1440:  # a touching window
                        windows.add((weekday, end, min(1440, end + 300)))
        AvailabilityWindow.objects.bulk_create(
            [AvailabilityWindow(user=user, service=service, weekday=w, start_minute=s,
                                end_minute=e) for w, s, e in windows],
            ignore_conflicts=True)
        for _ in range(rng.choice([0, 0, 0, 1, 2])):
            day = rng.choice(PERIODS)[0] + timedelta(days=rng.randint(-3, 12))
            start = _local(day, rng.choice(starts))
            available = rng.random() < 0.4
            length = timedelta(hours=rng.choice([3, 5]) if available else rng.choice([10, 60]))
            AvailabilityException.objects.create(user=user, service=service, starts_at=start,
                                                 ends_at=start + length, available=available)
    participants = [u for i, u in enumerate(users) if i % 13 != 5 and i % 17 != 3]
    for first, last in PERIODS:
        day = first
        while day <= last:
            for title, (hour, minute), hours, needs in SHIFTS:
                starts_at = _local(day, hour * 60 + minute)
                cancelled = rng.random() < 0.05
                shift = Shift.objects.create(
                    service=service, title=title, place="Centre", starts_at=starts_at,
                    ends_at=starts_at + timedelta(hours=hours),
                    status=Shift.Status.CANCELLED if cancelled else Shift.Status.OPEN)
                for code, low, high in needs:
                    need = ShiftNeed.objects.create(shift=shift, qualification_type=types.get(code),
                                                    min_count=low, max_count=high)
                    taken = rng.sample(participants, rng.randint(0, high + 1))
                    live = 0
                    for position, user in enumerate(taken):
                        if Assignment.objects.filter(shift=shift, user=user).exists():
                            continue
                        status = rng.choice(["published", "published", "attended", "cancelled"])
                        if status != "cancelled":
                            live += 1
                            if live > high:  # never more live places than the maximum
                                status = "cancelled"
                        Assignment.objects.create(shift=shift, need=need, user=user,
                                                  status=status, source="coordinator",
                                                  trainee=position >= low)
                    if rng.random() < 0.15:
                        CallOut.objects.create(shift=shift, need=need, places=1,
                                               status=rng.choice(["open", "filled"]))
                    if rng.random() < 0.05:
                        Escalation.objects.create(need=need, missing=1)
            day += timedelta(days=1)
    need_counts_refresh(ShiftNeed.objects.filter(shift__service=service))
    return service


def period_lines(days) -> list[str]:
    """``coverage_period``'s output as short lines (everything but the model instances)."""
    lines = []
    for d in days:
        lines.append(f"{d['day']} {d['holiday'] or '-'} gaps={d['gaps']}")
        for row in d["rows"]:
            shift = row["shift"]
            needs = " ".join(
                f"{n['need'].code or '*'}={n['required']}/{n['maximum']}/{n['available']}/"
                f"{n['assigned']}/{n['trainees']}/{n['gap']}"
                f"{'/C' + n['callout'].status if n['callout'] else ''}"
                f"{'/E' if n['escalation'] else ''}"
                for n in row["needs"])
            lines.append(f"  {timezone.localtime(shift.starts_at):%H:%M} {shift.title} "
                         f"gap={row['gap']} {needs}")
    return lines


def hours_lines(result) -> list[str]:
    hours, codes = result
    lines = [" ".join(code or "*" for code in codes)]
    for row in hours:
        lines.append(f"{row['hour']:2} " + " ".join(
            f"{c['code']}={c['required']}/{c['available']}/{c['assigned']}{'!' if c['gap'] else ''}"
            for c in row["cells"]))
    return lines
