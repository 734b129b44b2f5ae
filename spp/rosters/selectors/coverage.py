"""The coverage view's reads: per day, per shift and need, required vs available vs assigned
(qualified people, trainees apart), gaps, call-outs and fallbacks; and per hour for one day.
A constant number of queries whatever the number of shifts and volunteers: the shifts, then
their needs with their latest call-out and escalation beside each; "available" is counted
with the bitmaps of ``selectors.available`` — for the day view, ahead of the request by
``services.availability_count`` (``DayAvailability``), since it reads every participant;
"assigned" and "trainees" are the counters kept on the needs."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from spp.core.holidays import french_public_holidays
from spp.rosters.models import CallOut, DayAvailability, Escalation, Shift, ShiftNeed
from spp.rosters.selectors.available import People
from spp.rosters.selectors.shifts import NeedRow, local_bounds


class CallOutState(NamedTuple):
    """The latest call-out of a need, as the coverage shows it (a link while it is open)."""

    pk: int
    status: str


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


def _hour_bounds(day: date, hour: int, tz) -> tuple[int, int]:
    """The hour from ``hour`` o'clock on ``day``, as timestamps."""
    start = datetime.combine(day, time(hour), tzinfo=tz)
    return int(start.timestamp()), int((start + timedelta(hours=1)).timestamp())


def _needs_running(day: date, by_day) -> dict[str, list[tuple[int, int, int, int]]]:
    """{code: [(start, end, required, assigned)]} of the needs of the shifts running on
    ``day`` (``by_day`` from ``_running_on``), as timestamps; the sorted keys are the codes
    the hour-by-hour table shows."""
    running_of = defaultdict(list)
    for rows in (by_day.get(day - timedelta(days=1), []), by_day.get(day, [])):
        for row in rows:
            start, end = int(row["shift"].starts_at.timestamp()), int(
                row["shift"].ends_at.timestamp())
            for need in row["needs"]:
                running_of[need["need"].code].append(
                    (start, end, need["required"], need["assigned"]))
    return running_of


def _available_by_hour(day: date, codes: list[str], people: People) -> dict[str, list[int]]:
    """{code: [who holds ``code`` and is available, at 0 h, 1 h, … 23 h of ``day``]}."""
    tz = timezone.get_current_timezone()
    able = {code: people.able(code, day) for code in codes}
    counts = {code: [] for code in codes}
    for hour in range(24):
        present = people.for_hour(*_hour_bounds(day, hour, tz))
        for code in codes:
            counts[code].append((able[code] & present).bit_count())
    return counts


def _hours(day: date, running_of, available: dict[str, list[int]]) -> list[dict]:
    """For each hour of ``day`` and each code of ``running_of`` (``_needs_running``): required
    (sum of the minimums of the shifts running then), available (from ``available``, None
    for a code it lacks) and assigned."""
    tz = timezone.get_current_timezone()
    hours = []
    for hour in range(24):
        start, end = _hour_bounds(day, hour, tz)
        cells = []
        for code in sorted(running_of):
            running = [n for n in running_of[code] if n[0] < end and start < n[1]]
            required, assigned = sum(n[2] for n in running), sum(n[3] for n in running)
            counts = available.get(code)
            cells.append({"code": code or "—", "required": required, "assigned": assigned,
                          "available": counts[hour] if counts else None,
                          "gap": assigned < required})
        hours.append({"hour": hour, "cells": cells})
    return hours


def coverage_hours(service, day: date, people: People | None = None
                   ) -> tuple[list[dict], list[str]]:
    """For each hour of ``day`` and each qualification needed that day: required (sum of the
    minimums of the shifts running then), available and assigned; and the codes."""
    running_of = _needs_running(day, _running_on(service, day))
    codes = sorted(running_of)
    people = people or People(service, day, day)
    return _hours(day, running_of, _available_by_hour(day, codes, people)), codes


def coverage_day(service, day: date) -> dict:
    """The day view: {day, holiday, gaps, rows (each shift and need, as
    ``coverage_period``), hours, codes (as ``coverage_hours``), columns (the qualifications'
    names, in the order of the codes), counted_at}, the shifts
    running that day read once. Who is qualified and available comes from the day's
    ``DayAvailability`` when it was counted recently enough (``counted_at`` says when; a need
    created since has None), else it is counted now (``counted_at`` None)."""
    by_day = _running_on(service, day)
    rows = by_day.get(day, [])
    running_of = _needs_running(day, by_day)
    codes = sorted(running_of)
    counted = day_availability_recent(service, day)
    if counted is None:
        people = People(service, day, day)
        _count(rows, day, people)
        available = _available_by_hour(day, codes, people)
    else:
        for row in rows:
            for need in row["needs"]:
                need["available"] = counted.needs.get(str(need["need"].pk))
        available = counted.hours
    (found,) = _days(day, day, by_day)
    found["hours"], found["codes"] = _hours(day, running_of, available), codes
    found["columns"] = _qualification_names(day, by_day, codes)
    found["counted_at"] = counted.counted_at if counted else None
    return found


def _qualification_names(day: date, by_day, codes: list[str]) -> list[str]:
    """The name of each code's qualification, in the order of ``codes``, as the hour-by-hour
    table heads its columns ('' for the places anyone enrolled may take)."""
    names = {need["need"].code: need["need"].name
             for rows in (by_day.get(day - timedelta(days=1), []), by_day.get(day, []))
             for row in rows for need in row["needs"]}
    return [names.get(code) or code for code in codes]


def availability_ahead(service, first: date, last: date
                       ) -> dict[date, tuple[dict[str, int], dict[str, list[int]]]]:
    """{day: (available per need id, available per code hour by hour)} from ``first`` to
    ``last``, what ``DayAvailability`` keeps (``services.availability_count``): the shifts of
    the period and of the day before read once, and who is qualified and available once. The
    codes of a day are those of its shifts and of the day before's (a superset of the day
    view's, which leaves out the shifts ended by midnight)."""
    people = People(service, first, last)
    by_day = _rows(service, first - timedelta(days=1), last)
    counts, day = {}, first
    while day <= last:
        rows = by_day.get(day, [])
        _count(rows, day, people)
        counts[day] = ({str(need["need"].pk): need["available"]
                        for row in rows for need in row["needs"]},
                       _available_by_hour(day, sorted(_needs_running(day, by_day)), people))
        day += timedelta(days=1)
    return counts


def day_availability_recent(service, day: date) -> DayAvailability | None:
    """The day's counted availability, if counted within ``ROSTERS_AVAILABILITY_MAX_AGE``
    seconds (a stopped counting job then falls back to counting on each request)."""
    since = timezone.now() - timedelta(seconds=settings.ROSTERS_AVAILABILITY_MAX_AGE)
    return (DayAvailability.objects.filter(service=service, day=day, counted_at__gte=since)
            .only("counted_at", "needs", "hours").first())


def _running_on(service, day: date) -> dict[date, list[dict]]:
    """``_rows`` of the shifts running on ``day``: those starting that day, and those of the
    day before still running at its midnight (nights)."""
    return _rows(service, day - timedelta(days=1), day, running_from=local_bounds(day, day)[0])
