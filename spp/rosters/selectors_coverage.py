"""The coverage view's reads: per day, per shift and need, required vs available vs assigned
(qualified people, trainees apart), gaps, call-outs and fallbacks; and per hour for one day.
A constant number of queries whatever the number of shifts and volunteers."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from spp.rosters import selectors
from spp.rosters.holidays import french_public_holidays
from spp.rosters.intervals import covers
from spp.rosters.models import CallOut, Escalation


def _people(service, first: date, last: date):
    ids = selectors.participant_ids(service)
    return ids, selectors.qualifications_by_user(ids), selectors.availability_by_user(
        service, ids, first, last)


def _able(ids, quals, code: str, day: date) -> list[int]:
    if not code:
        return list(ids)
    return [uid for uid in ids if any(q.code == code and q.valid_on(day) and not q.in_training
                                      for q in quals.get(uid, ()))]


def coverage_period(service, first: date, last: date) -> list[dict]:
    """[{day, holiday, rows: [{shift, needs: [{need, required, available, assigned,
    trainees, gap, callout, escalation}]}]}] for every day of the period."""
    shifts = selectors.shifts_in_period(service, first, last)
    counts = selectors.live_counts([s.pk for s in shifts])
    ids, quals, ranges = _people(service, first, last)
    need_ids = [n.pk for s in shifts for n in s.needs.all()]
    callouts = {c.need_id: c for c in CallOut.objects.filter(need_id__in=need_ids)
                .order_by("created_at")}
    escalations = {e.need_id: e for e in Escalation.objects.filter(need_id__in=need_ids)}
    by_day = defaultdict(list)
    for shift in shifts:
        day = timezone.localtime(shift.starts_at).date()
        needs = []
        for need in shift.needs.all():
            able = _able(ids, quals, need.code, day)
            available = sum(1 for uid in able
                            if covers(ranges.get(uid, ()), shift.starts_at, shift.ends_at))
            assigned = counts[need.pk]["qualified"]
            needs.append({"need": need, "required": need.min_count, "maximum": need.max_count,
                          "available": available, "assigned": assigned,
                          "trainees": counts[need.pk]["trainees"],
                          "gap": max(0, need.min_count - assigned),
                          "callout": callouts.get(need.pk),
                          "escalation": escalations.get(need.pk)})
        by_day[day].append({"shift": shift, "needs": needs,
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
    able = {code: _able(ids, quals, code, day) for code in codes}
    hours = []
    for hour in range(24):
        start = datetime.combine(day, time(hour), tzinfo=tz)
        end = start + timedelta(hours=1)
        cells = []
        for code in codes:
            running = [n for r in rows for n in r["needs"] if n["need"].code == code
                       and r["shift"].starts_at < end and start < r["shift"].ends_at]
            cells.append({"code": code or "—",
                          "required": sum(n["required"] for n in running),
                          "assigned": sum(n["assigned"] for n in running),
                          "available": sum(1 for uid in able[code]
                                           if covers(ranges.get(uid, ()), start, end))})
            cells[-1]["gap"] = cells[-1]["assigned"] < cells[-1]["required"]
        hours.append({"hour": hour, "cells": cells})
    return hours, codes
