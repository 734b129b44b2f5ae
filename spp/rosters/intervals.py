"""Interval arithmetic for availability, pure and DB-free: merging weekly windows, and turning
weekly windows plus one-off exceptions into concrete time ranges over a period."""

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo


def merge(intervals: Iterable[tuple]) -> list[tuple]:
    """Sorted union of ``(start, end)`` pairs; overlapping or touching ones become one."""
    merged: list[list] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [tuple(pair) for pair in merged]


def subtract(intervals: list[tuple], holes: Iterable[tuple]) -> list[tuple]:
    """``intervals`` (merged) minus every ``hole``."""
    result = list(intervals)
    for hole_start, hole_end in holes:
        next_result = []
        for start, end in result:
            if hole_end <= start or hole_start >= end:
                next_result.append((start, end))
                continue
            if start < hole_start:
                next_result.append((start, hole_start))
            if hole_end < end:
                next_result.append((hole_end, end))
        result = next_result
    return result


def expand_weekly(windows: Iterable[tuple[int, int, int]], first: date, last: date,
                  tz: ZoneInfo) -> list[tuple[datetime, datetime]]:
    """Concrete ranges of weekly ``(weekday, start_minute, end_minute)`` windows on each day
    from ``first`` to ``last``, in local time ``tz``; a window ending at 24:00 joins the next
    day's window starting at 0:00 (a night)."""
    by_weekday: dict[int, list[tuple[int, int]]] = {}
    for weekday, start, end in windows:
        by_weekday.setdefault(weekday, []).append((start, end))
    ranges = []
    day = first
    while day <= last:
        for start, end in by_weekday.get(day.weekday(), ()):
            ranges.append((_at(day, start, tz), _at(day, end, tz)))
        day += timedelta(days=1)
    return merge(ranges)


@lru_cache(maxsize=8192)
def _at(day: date, minutes: int, tz: ZoneInfo) -> datetime:
    """Local time ``minutes`` after ``day``'s midnight (24:00 is the next midnight); memoised
    because pages expand the same few times for hundreds of people."""
    if minutes >= 1440:
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=tz)


def availability_ranges(windows, exceptions, first: date, last: date,
                        tz: ZoneInfo) -> list[tuple[datetime, datetime]]:
    """Weekly windows, plus one-off available exceptions, minus one-off unavailable ones.
    ``exceptions`` are ``(starts_at, ends_at, available)``."""
    ranges = expand_weekly(windows, first - timedelta(days=1), last + timedelta(days=1), tz)
    ranges = merge(ranges + [(s, e) for s, e, available in exceptions if available])
    return subtract(ranges, [(s, e) for s, e, available in exceptions if not available])


def covers(ranges, start, end) -> bool:
    """Whether one range of the merged, sorted ``ranges`` contains ``[start, end)``
    (binary search: pages check thousands of person × shift pairs)."""
    index = bisect_right(ranges, start, key=_first) - 1
    return index >= 0 and ranges[index][1] >= end


def _first(pair):
    return pair[0]


def to_epochs(ranges) -> list[tuple[int, int]]:
    """Ranges as integer timestamps: comparing ints is far cheaper than aware datetimes."""
    return [(int(s.timestamp()), int(e.timestamp())) for s, e in ranges]


# Weekly shapes (a recurring shift's weekday, start and end, in minutes) ----------------------

def shape_parts(weekday: int, start: int, end: int) -> list[tuple[int, int, int]]:
    """The weekly windows ``(weekday, start, end)`` a shape needs: one, or two for a shape
    ending before it starts (a night, 19:00–07:00: 19:00–24:00 then 0:00–07:00 the next
    day). An end at 0:00 is 24:00."""
    end = 1440 if end == 0 else end
    if end > start:
        return [(weekday, start, end)]
    return [(weekday, start, 1440), ((weekday + 1) % 7, 0, end)]


def day_covers(spans, start: int, end: int) -> bool:
    """Whether one of a day's merged ``spans`` contains ``[start, end)``."""
    return any(s <= start and end <= e for s, e in spans)


def week_change(week: dict[int, list[tuple[int, int]]], add, remove
                ) -> dict[int, list[tuple[int, int]]]:
    """The week ``{weekday: spans}`` with the ``(weekday, start, end)`` windows of ``remove``
    cut out, then those of ``add`` merged in (so what is added is covered even where it
    overlaps something removed); every other minute is kept as it was: a window touching or
    overlapping an added one is merged with it, nothing else changes."""
    result = {day: merge(week.get(day, ())) for day in range(7)}
    for weekday, start, end in remove:
        result[weekday] = subtract(result[weekday], [(start, end)])
    for weekday, start, end in add:
        result[weekday] = merge(result[weekday] + [(start, end)])
    return result
