"""The coverage view's reads: per day, per shift and need, required vs available vs assigned
(qualified people, trainees apart), gaps, call-outs and fallbacks; and per hour for one day.
A constant number of queries whatever the number of shifts and volunteers."""

from bisect import bisect_left
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from spp.rosters import selectors
from spp.rosters.holidays import french_public_holidays
from spp.rosters.intervals import covers, to_epochs
from spp.rosters.models import CallOut, Escalation


def _people(service, first: date, last: date):
    """Participants, their qualifications, and their availability as integer timestamps."""
    ids = selectors.participant_ids(service)
    ranges = selectors.availability_by_user(service, ids, first, last)
    return ids, selectors.qualifications_by_user(ids), {
        uid: to_epochs(r) for uid, r in ranges.items()}


def _available_by_shift(shifts, ranges) -> dict[int, set[int]]:
    """{shift id: people available for the whole shift}: one pass over each person's ranges
    with a binary search on shift starts, instead of a check per person × shift."""
    spans = sorted((int(s.starts_at.timestamp()), int(s.ends_at.timestamp()), s.pk)
                   for s in shifts)
    starts = [span[0] for span in spans]
    available: dict[int, set[int]] = defaultdict(set)
    for uid, person_ranges in ranges.items():
        for range_start, range_end in person_ranges:
            index = bisect_left(starts, range_start)
            while index < len(spans) and spans[index][0] < range_end:
                if spans[index][1] <= range_end:
                    available[spans[index][2]].add(uid)
                index += 1
    return available


class _Able:
    """Who holds a valid ``code`` on a day, computed once per (code, day)."""

    def __init__(self, ids, quals):
        self.ids, self.quals, self.cache = ids, quals, {}

    def __call__(self, code: str, day: date) -> set[int]:
        if (code, day) not in self.cache:
            self.cache[(code, day)] = set(self.ids) if not code else {
                uid for uid in self.ids
                if any(q.code == code and q.valid_on(day) and not q.in_training
                       for q in self.quals.get(uid, ()))}
        return self.cache[(code, day)]


def coverage_period(service, first: date, last: date) -> list[dict]:
    """[{day, holiday, rows: [{shift, needs: [{need, required, available, assigned,
    trainees, gap, callout, escalation}]}]}] for every day of the period."""
    shifts = selectors.shifts_in_period(service, first, last)
    counts = selectors.live_counts([s.pk for s in shifts])
    ids, quals, ranges = _people(service, first, last)
    able_on = _Able(ids, quals)
    available_on = _available_by_shift(shifts, ranges)
    need_ids = [n.pk for s in shifts for n in s.needs.all()]
    callouts = {c.need_id: c for c in CallOut.objects.filter(need_id__in=need_ids)
                .order_by("created_at")}
    escalations = {e.need_id: e for e in Escalation.objects.filter(need_id__in=need_ids)}
    by_day, now = defaultdict(list), timezone.now()
    for shift in shifts:
        day = timezone.localtime(shift.starts_at).date()
        needs = []
        for need in shift.needs.all():
            available = len(able_on(need.code, day) & available_on[shift.pk])
            assigned = counts[need.pk]["qualified"]
            needs.append({"need": need, "required": need.min_count, "maximum": need.max_count,
                          "available": available, "assigned": assigned,
                          "trainees": counts[need.pk]["trainees"],
                          "gap": max(0, need.min_count - assigned),
                          "callout": callouts.get(need.pk),
                          "escalation": escalations.get(need.pk)})
        by_day[day].append({"shift": shift, "needs": needs, "future": shift.starts_at > now,
                            "gap": any(n["gap"] and not n["escalation"] for n in needs)})
    holidays = french_public_holidays(first.year) | french_public_holidays(last.year)
    days, day = [], first
    while day <= last:
        days.append({"day": day, "holiday": holidays.get(day), "rows": by_day.get(day, []),
                     "gaps": sum(1 for r in by_day.get(day, []) if r["gap"])})
        day += timedelta(days=1)
    return days


def coverage_hours(service, day: date) -> list[dict]:
    """For each hour of ``day`` and each qualification needed that day: required (sum of the
    minimums of the shifts running then), available and assigned."""
    rows = [r for d in coverage_period(service, day - timedelta(days=1), day) for r in d["rows"]]
    ids, quals, ranges = _people(service, day, day)
    tz = timezone.get_current_timezone()
    codes = sorted({n["need"].code for r in rows for n in r["needs"]})
    able_on = _Able(ids, quals)
    able = {code: able_on(code, day) for code in codes}
    hours = []
    for hour in range(24):
        start = datetime.combine(day, time(hour), tzinfo=tz)
        end = start + timedelta(hours=1)
        start_ts, end_ts = int(start.timestamp()), int(end.timestamp())
        cells = []
        for code in codes:
            running = [n for r in rows for n in r["needs"] if n["need"].code == code
                       and r["shift"].starts_at < end and start < r["shift"].ends_at]
            cells.append({"code": code or "—",
                          "required": sum(n["required"] for n in running),
                          "assigned": sum(n["assigned"] for n in running),
                          "available": sum(1 for uid in able[code]
                                           if covers(ranges.get(uid, ()), start_ts, end_ts))})
            cells[-1]["gap"] = cells[-1]["assigned"] < cells[-1]["required"]
        hours.append({"hour": hour, "cells": cells})
    return hours, codes
