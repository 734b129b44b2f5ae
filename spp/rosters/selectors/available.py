"""Who is qualified and available, counted for thousands of participants at once: the
coverage pages' "available" and the call-outs' candidates.

"Available" counts the participants holding a verified qualification that counts for the
need (``includes`` expanded), valid on the shift's day and not in training, whose availability
covers the whole shift. Counting it person by person for every shift, need and hour cost
seconds with a few thousand volunteers; instead, people are bit positions and every set is a
Python integer used as a bitmap:

- who is able: one bitmap per (qualification, validity clipped to the period), OR-ed per
  (code, day);
- who is available: people without a one-off exception in the period are available exactly
  on the union of their weekly windows' occurrences, so the period is cut at every window
  boundary into segments, each with the bitmap of the people one of whose windows covers it;
  a shift is covered by the people in every segment it spans (an AND of a few bitmaps);
- people with a one-off exception in the period (a few), or with a window starting or
  ending at a time the spring DST change skips, keep the exact per-person ranges
  (``intervals.availability_ranges``), as before.

A count is then ``(able & available).bit_count()``: the per-person work is reading the rows
and setting their bits once, not once per shift, need or hour. The database sends the rows
grouped (a few arrays of ids), only those that can matter for the period: the
qualifications valid in it, the windows of its weekdays."""

from bisect import bisect_left, bisect_right
from collections import defaultdict, deque
from datetime import UTC, date, datetime, timedelta
from itertools import repeat

from django.db import connection
from django.db.models import DateField, Q, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from spp.catalog.models import Qualification, QualificationType
from spp.rosters.intervals import _at, availability_ranges, covers, to_epochs
from spp.rosters.models import AvailabilityException, AvailabilityWindow
from spp.rosters.selectors.shifts import local_bounds
from spp.rosters.selectors.shifts import participants as participants_of

_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def _bitmap(uids, position: dict[int, int], size: int) -> int:
    """The integer with the bits of ``uids``' positions set (ids without a position are
    ignored). The loops run in C (``map`` over the ids, then one conversion of a string of
    0s and 1s): a page reads hundreds of thousands of ids at the largest scale."""
    if not size:
        return 0
    flags = bytearray(size + 1)  # ids without a position (not participants) land on the last
    deque(map(flags.__setitem__, map(position.get, uids, repeat(size)), repeat(1)), maxlen=0)
    return int(flags[:size].translate(_DIGITS)[::-1], 2)


def _grouped(queryset, keys: list[str]) -> dict[tuple, list[int]]:
    """{values of ``keys``: [user ids]} of the rows of ``queryset``: grouped by PostgreSQL
    (a few rows of arrays instead of a row per person), by Python on other databases."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.aggregates import ArrayAgg

        rows = queryset.order_by().values(*keys).annotate(ids=ArrayAgg("user_id"))
        return {tuple(row[key] for key in keys): row["ids"] for row in rows}
    groups: dict[tuple, list[int]] = defaultdict(list)
    for uid, *key in queryset.order_by().values_list("user_id", *keys):
        groups[tuple(key)].append(uid)
    return groups


def _ids(queryset) -> list[int]:
    """The user ids of ``queryset``, in one array on PostgreSQL (one row to read, not ten
    thousand)."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.aggregates import ArrayAgg

        return queryset.order_by().aggregate(ids=ArrayAgg("user_id", default=[]))["ids"]
    return list(queryset.order_by().values_list("user_id", flat=True))


def _exists(day: date, minutes: int, tz) -> bool:
    """Whether the local time ``minutes`` after ``day``'s midnight exists (not skipped by
    a DST change)."""
    moment = _at(day, minutes, tz)
    return moment.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == moment.replace(
        tzinfo=None)


class People:
    """The service's participants over ``first``..``last`` (the same definitions as
    ``selectors.participant_ids``, ``qualifications_by_user`` and ``availability_by_user``),
    as bitmaps. Five queries; the participants' ids are never sent back to the database."""

    def __init__(self, service, first: date, last: date):
        self.first, self.last = first, last
        self.tz = timezone.get_current_timezone()
        self.ids = _ids(participants_of(service))
        self.position = {uid: index for index, uid in enumerate(self.ids)}
        self.size = len(self.ids)
        self.everyone = (1 << self.size) - 1
        self._load_qualifications()
        self._load_availability(service, participants_of(service))
        self._able: dict[tuple[str, date], int] = {}

    # Who is able -------------------------------------------------------------------------

    def _load_qualifications(self):
        """Verified qualifications not in training (the only ones that count as able), valid
        at some time in the period, as one bitmap per (type, first valid day, last valid day)
        clipped to the period. Everyone's: the holders who are not participants have no bit
        (joining the enrolments cost more than reading their few rows)."""
        first, last = self.first, self.last
        code_of: dict[int, str] = {}
        included: dict[int, list[str]] = defaultdict(list)
        for type_id, code, other in QualificationType.objects.order_by().values_list(
                "pk", "code", "includes__code"):
            code_of[type_id] = code
            if other:
                included[type_id].append(other)
        groups = _grouped(
            Qualification.objects.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=first),
                                         verified_at__isnull=False, in_training=False,
                                         obtained_on__lte=last)
            .annotate(since=Greatest("obtained_on", Value(first, DateField())),
                      until=Least(Coalesce("expires_on", Value(last, DateField())),
                                  Value(last, DateField()))),
            ["qualification_type_id", "since", "until"])
        self.qualified: dict[str, list[tuple[date, date, int]]] = defaultdict(list)
        for (type_id, since, until), uids in groups.items():
            bits = _bitmap(uids, self.position, self.size)
            for code in [code_of[type_id], *included[type_id]]:
                self.qualified[code].append((since, until, bits))

    def able(self, code: str, day: date) -> int:
        """Who holds a valid ``code`` on ``day`` (everyone when the need has no code)."""
        if not self.first <= day <= self.last:
            raise ValueError(f"{day} is outside {self.first}..{self.last}")
        if not code:
            return self.everyone
        if (code, day) not in self._able:
            bits = 0
            for since, until, group in self.qualified.get(code, ()):
                if since <= day <= until:
                    bits |= group
            self._able[(code, day)] = bits
        return self._able[(code, day)]

    # Who is available --------------------------------------------------------------------

    def _load_availability(self, service, participants):
        first, last = self.first, self.last
        start, end = local_bounds(first - timedelta(days=1), last + timedelta(days=1))
        exceptions = defaultdict(list)
        for row in AvailabilityException.objects.filter(
                service=service, user_id__in=participants, starts_at__lt=end, ends_at__gt=start
        ).values_list("user_id", "starts_at", "ends_at", "available"):
            exceptions[row[0]].append(row[1:])
        # The days availability_ranges expands (the day before the period and the day after).
        days = [first - timedelta(days=1) + timedelta(days=n)
                for n in range((last - first).days + 3)]
        # Every window of the service on the weekdays of the period and of the day after
        # (a night shift ends then); the day before's windows end by the period's first
        # midnight, before any instant counted, so they are left out. Former participants'
        # windows (few) fall out of the bitmaps, which is cheaper than a join with the
        # enrolments.
        windows = AvailabilityWindow.objects.filter(service=service)
        if len(days) <= 7:
            windows = windows.filter(weekday__in=sorted({day.weekday() for day in days[1:]}))
        windows = _grouped(windows, ["weekday", "start_minute", "end_minute"])
        # Occurrences of each distinct window, as the ranges availability_ranges expands.
        occurrences = {}
        for window in windows:
            weekday, start_minute, end_minute = window
            occurrences[window] = [
                (int(_at(day, start_minute, self.tz).timestamp()),
                 int(_at(day, end_minute, self.tz).timestamp()))
                for day in days if day.weekday() == weekday]
        # People with an exception, or with a window starting or ending at a time that the
        # spring DST change skips (availability_ranges orders such times by the clock, not
        # by the instant), keep their exact per-person ranges.
        odd = set(exceptions)
        for window in windows:
            if any(not _exists(day, minute, self.tz) for day in days
                   if day.weekday() == window[0] for minute in window[1:]):
                odd.update(uid for uid in windows[window] if uid in self.position)
        self.odd: dict[int, list[tuple[int, int]]] = {}
        if odd:
            own = defaultdict(list)
            for window, uids in windows.items():
                for uid in uids:
                    if uid in odd:
                        own[uid].append(window)
            self.odd = {self.position[uid]: to_epochs(availability_ranges(
                own[uid], exceptions[uid], first, last, self.tz)) for uid in odd}
        # Segments between consecutive window boundaries, each with who covers it.
        self.cuts = sorted({t for spans in occurrences.values() for span in spans for t in span})
        self.segments = [0] * max(0, len(self.cuts) - 1)
        regular = ~_bitmap(odd, self.position, self.size)
        for window, spans in occurrences.items():
            bits = _bitmap(windows[window], self.position, self.size) & regular
            if not bits:
                continue
            for start, end in spans:
                for index in range(bisect_left(self.cuts, start), bisect_left(self.cuts, end)):
                    self.segments[index] |= bits

    def _segment(self, instant: int) -> int:
        """Index of the segment holding ``instant``, -1 when none does."""
        index = bisect_right(self.cuts, instant) - 1
        return index if 0 <= index < len(self.segments) else -1

    def _all_of(self, start: int, end: int) -> int:
        """Regular people available from ``start`` to ``end`` (``end > start``)."""
        first, last = self._segment(start), self._segment(end - 1)
        if first < 0 or last < 0:
            return 0
        bits = self.everyone
        for index in range(first, last + 1):
            bits &= self.segments[index]
        return bits

    def _any_of(self, start: int, end: int) -> int:
        """Regular people available at some instant from ``start`` to ``end`` inclusive."""
        bits = 0
        for index in range(max(0, bisect_right(self.cuts, start) - 1),
                           min(len(self.segments), bisect_right(self.cuts, end))):
            bits |= self.segments[index]
        return bits

    def for_shift(self, start: int, end: int) -> int:
        """Who is available for a whole shift (the test ``_available_by_shift`` made)."""
        bits = self._all_of(start, end) if end > start else self._any_of(start, start)
        for position, ranges in self.odd.items():
            if any(s <= start < e and end <= e for s, e in ranges):
                bits |= 1 << position
        return bits

    def for_hour(self, start: int, end: int) -> int:
        """Who is available from ``start`` to ``end`` (the test ``intervals.covers`` makes;
        a DST change can make an hour empty: then, who is available at its bounds)."""
        bits = self._all_of(start, end) if end > start else self._any_of(end - 1, start)
        for position, ranges in self.odd.items():
            if covers(ranges, start, end):
                bits |= 1 << position
        return bits


def able_and_available(service, code: str, starts_at: datetime, ends_at: datetime) -> list[int]:
    """Ids of the participants holding a valid ``code`` (any participant when empty) on the
    day ``starts_at`` falls on and available from ``starts_at`` to ``ends_at``: the people a
    coverage page counts as "available" for such a need, read the same way (five queries,
    bitmaps) rather than person by person."""
    day = timezone.localtime(starts_at).date()
    people = People(service, day, day)
    bits = people.able(code, day) & people.for_shift(int(starts_at.timestamp()),
                                                     int(ends_at.timestamp()))
    digits = bin(bits)[:1:-1]  # the lowest position first
    return [people.ids[index] for index in range(len(digits)) if digits[index] == "1"]
