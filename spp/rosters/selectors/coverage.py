"""The coverage view's reads: per day, per shift and need, required vs available vs assigned
(qualified people, trainees apart), gaps, call-outs and fallbacks; and per hour for one day.
A constant number of queries whatever the number of shifts and volunteers: the shifts, then
their needs with their latest call-out and escalation beside each; "available" is counted
with the bitmaps of ``selectors.available``; "assigned" and "trainees" are the counters kept
on the needs."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from spp.rosters.holidays import french_public_holidays
from spp.rosters.models import CallOut, Escalation, Shift, ShiftNeed
from spp.rosters.selectors.available import People
from spp.rosters.selectors.shifts import local_bounds


class CallOutState(NamedTuple):
    """The latest call-out of a need, as the coverage shows it (a link while it is open)."""

    pk: int
    status: str


class NeedRow(NamedTuple):
    """A need as the coverage shows it, read as values (hundreds a page: no model
    instances)."""

    pk: int
    code: str  # '' when anyone enrolled may take the place
    name: str  # the qualification's name, '' when none is needed
    min_count: int
    max_count: int

    def __str__(self):
        return ShiftNeed.describe(self.name, self.min_count, self.max_count)


def _rows(service, first: date, last: date, running_from: datetime | None = None
          ) -> dict[date, list[dict]]:
    """{day: [{shift, needs: [{need, required, maximum, assigned, trainees, gap, callout,
    escalation}], future, gap}]} of the open shifts starting in the period, soonest first;
    "available" is added by ``_count``. Two queries: the shifts, then their needs as values
    with their latest call-out and escalation (the period's shifts as a subquery rather than
    a list of ids to bind). "gap" is ``ShiftNeed.gap``: the qualified places missing. With
    ``running_from``, only the shifts still running then."""
    start, end = local_bounds(first, last)
    in_period = Shift.objects.filter(service=service, status=Shift.Status.OPEN,
                                     starts_at__gte=start, starts_at__lt=end)
    if running_from is not None:
        in_period = in_period.filter(ends_at__gt=running_from)
    shifts = list(in_period.only("title", "starts_at", "ends_at").order_by("starts_at"))
    latest = CallOut.objects.filter(need=OuterRef("pk")).order_by("-created_at", "-pk")
    needs_of = defaultdict(list)
    for row in (ShiftNeed.objects.filter(shift_id__in=in_period.values("pk"))
                .annotate(callout_pk=Subquery(latest.values("pk")[:1]),
                          callout_status=Subquery(latest.values("status")[:1]),
                          escalated=Exists(Escalation.objects.filter(need=OuterRef("pk"))))
                .order_by("id")
                .values("pk", "shift_id", "qualification_type__code", "qualification_type__name",
                        "min_count", "max_count", "assigned_count", "trainee_count",
                        "callout_pk", "callout_status", "escalated")):
        need = NeedRow(row["pk"], row["qualification_type__code"] or "",
                       row["qualification_type__name"] or "", row["min_count"],
                       row["max_count"])
        needs_of[row["shift_id"]].append({
            "need": need, "required": need.min_count, "maximum": need.max_count,
            "available": None, "assigned": row["assigned_count"],
            "trainees": row["trainee_count"],
            "gap": max(0, need.min_count - row["assigned_count"]),
            "escalation": row["escalated"],
            "callout": CallOutState(row["callout_pk"], row["callout_status"])
            if row["callout_pk"] else None})
    by_day, now = defaultdict(list), timezone.now()
    for shift in shifts:
        needs = needs_of[shift.pk]
        by_day[timezone.localtime(shift.starts_at).date()].append({
            "shift": shift, "needs": needs, "future": shift.starts_at > now,
            "gap": any(n["gap"] and not n["escalation"] for n in needs)})
    return by_day


def _count(rows: list[dict], day: date, people: People) -> None:
    """Set "available" on the needs of ``rows`` (shifts starting on ``day``)."""
    for row in rows:
        shift = row["shift"]
        present = people.for_shift(int(shift.starts_at.timestamp()),
                                   int(shift.ends_at.timestamp()))
        for need in row["needs"]:
            need["available"] = (people.able(need["need"].code, day) & present).bit_count()


def _days(first: date, last: date, by_day) -> list[dict]:
    holidays = french_public_holidays(first.year) | french_public_holidays(last.year)
    days, day = [], first
    while day <= last:
        rows = by_day.get(day, [])
        days.append({"day": day, "holiday": holidays.get(day), "rows": rows,
                     "gaps": sum(1 for r in rows if r["gap"])})
        day += timedelta(days=1)
    return days


def coverage_period(service, first: date, last: date, people: People | None = None
                    ) -> list[dict]:
    """[{day, holiday, gaps, rows: [{shift, needs: [{need, required, maximum, available,
    assigned, trainees, gap, callout, escalation}], future, gap}]}] for every day of the
    period (the day view reads one day)."""
    by_day = _rows(service, first, last)
    people = people or People(service, first, last)
    for day, rows in by_day.items():
        _count(rows, day, people)
    return _days(first, last, by_day)


def _hours(day: date, by_day, people: People) -> tuple[list[dict], list[str]]:
    """For each hour of ``day`` and each qualification needed by a shift running that day
    (``by_day`` from ``_running_on``): required (sum of the minimums of the shifts running
    then), available and assigned. Each code's needs are listed once, then summed hour by
    hour."""
    tz = timezone.get_current_timezone()
    running_of = defaultdict(list)  # code: [(start, end, required, assigned)], as timestamps
    for rows in (by_day.get(day - timedelta(days=1), []), by_day.get(day, [])):
        for row in rows:
            start, end = int(row["shift"].starts_at.timestamp()), int(
                row["shift"].ends_at.timestamp())
            for need in row["needs"]:
                running_of[need["need"].code].append(
                    (start, end, need["required"], need["assigned"]))
    codes = sorted(running_of)
    able = {code: people.able(code, day) for code in codes}
    hours = []
    for hour in range(24):
        start = datetime.combine(day, time(hour), tzinfo=tz)
        start, end = int(start.timestamp()), int((start + timedelta(hours=1)).timestamp())
        present = people.for_hour(start, end)
        cells = []
        for code in codes:
            running = [n for n in running_of[code] if n[0] < end and start < n[1]]
            required, assigned = sum(n[2] for n in running), sum(n[3] for n in running)
            cells.append({"code": code or "—", "required": required, "assigned": assigned,
                          "available": (able[code] & present).bit_count(),
                          "gap": assigned < required})
        hours.append({"hour": hour, "cells": cells})
    return hours, codes


def coverage_hours(service, day: date, people: People | None = None
                   ) -> tuple[list[dict], list[str]]:
    """For each hour of ``day`` and each qualification needed that day: required (sum of the
    minimums of the shifts running then), available and assigned; and the codes."""
    return _hours(day, _running_on(service, day), people or People(service, day, day))


def _running_on(service, day: date) -> dict[date, list[dict]]:
    """``_rows`` of the shifts running on ``day``: those starting that day, and those of the
    day before still running at its midnight (nights)."""
    return _rows(service, day - timedelta(days=1), day, running_from=local_bounds(day, day)[0])


def coverage_day(service, day: date) -> dict:
    """The day view: {day, holiday, gaps, rows (each shift and need, as
    ``coverage_period``), hours, codes (as ``coverage_hours``)}, the shifts running that day
    read once, and who is qualified and available once."""
    people = People(service, day, day)
    by_day = _running_on(service, day)
    _count(by_day.get(day, []), day, people)
    (found,) = _days(day, day, by_day)
    found["hours"], found["codes"] = _hours(day, by_day, people)
    return found
