"""Keeping the line dashboard's counters (``LineHourStat``) in the transactions that change
what they count: the trip, booking, proof and search services each call one function here
inside their own ``transaction.atomic()``, so the dashboard is exact the moment they commit
and never recounts trips or bookings.

Each change is an ``UPDATE … SET x = x + n`` on the row of its (line, Paris day, hour,
direction); the first change of an hour inserts the row, and when two transactions insert it
at once the unique constraint keeps one and the other adds to it. Rows are touched in one
order (their key), so two transactions changing the same hours never wait on each other in
a cycle. The functions must be called inside the caller's transaction."""

from collections import defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractHour, TruncDate
from django.utils import timezone

from spp.carpool.models import FlaggedBooking, LineHourStat

PARIS = ZoneInfo("Europe/Paris")


def _hour(moment) -> tuple:
    local = timezone.localtime(moment, PARIS)
    return local.date(), local.hour


def _apply(changes: dict) -> None:
    """``changes``: {(line_id, day, hour, direction): {field: delta}}, added row by row."""
    for (line_id, day, hour, direction), deltas in sorted(changes.items()):
        deltas = {name: value for name, value in deltas.items() if value}
        if not deltas:
            continue
        key = {"line_id": line_id, "day": day, "hour": hour, "direction": direction}
        increments = {name: F(name) + value for name, value in deltas.items()}
        if LineHourStat.objects.filter(**key).update(**increments):
            continue
        try:
            with transaction.atomic():
                LineHourStat.objects.create(**key, **deltas)
        except IntegrityError:  # another transaction inserted the hour's row first
            LineHourStat.objects.filter(**key).update(**increments)


def _changes():
    return defaultdict(lambda: defaultdict(int))


def stats_trips_published(trips) -> None:
    """Trips just published: their seats are offered at their departure hour."""
    changes = _changes()
    for trip in trips:
        row = changes[(trip.line_id, *_hour(trip.departs_at), trip.direction)]
        row["trips"] += 1
        row["seats_offered"] += trip.seats
    _apply(changes)


def stats_trip_cancelled(*, trip, bookings) -> None:
    """A trip cancelled by its driver leaves the offer, and ``bookings`` (the live ones it
    cancelled) count as cancelled at their hours."""
    changes = _changes()
    row = changes[(trip.line_id, *_hour(trip.departs_at), trip.direction)]
    row["trips"] -= 1
    row["seats_offered"] -= trip.seats
    for booking in bookings:
        row = changes[(trip.line_id, *_hour(booking.boards_at), trip.direction)]
        row["cancelled"] += 1
        row["booked_seats"] -= booking.seats
    _apply(changes)


def _booking_change(booking, **deltas) -> None:
    trip = booking.trip
    _apply({(trip.line_id, *_hour(booking.boards_at), trip.direction): deltas})


def stats_booking_made(booking) -> None:
    _booking_change(booking, bookings=1, booked_seats=booking.seats)


def stats_booking_cancelled(booking) -> None:
    _booking_change(booking, cancelled=1, booked_seats=-booking.seats)


def stats_booking_completed(booking) -> None:
    """The journey was confirmed at the stop: one completion and its kilometres shared."""
    _booking_change(booking, completed=1, km_shared=Decimal(booking.distance_km))


def stats_booking_flagged(booking) -> None:
    """The booking now has a point for the coordinator's attention: filed under its line
    (once; later flags only add reasons on the booking itself)."""
    FlaggedBooking.objects.get_or_create(
        booking_id=booking.pk, defaults={"line_id": booking.trip.line_id,
                                         "boards_at": booking.boards_at})


def stats_search_unmatched(search) -> None:
    """A search that found no trip: demand no driver met, at the hour it asked for."""
    _apply({(search.line_id, *_hour(search.window_start), search.direction):
            {"unmatched_searches": 1}})


def _by_hour(queryset, moment: str, line: str, direction: str, **aggregates) -> list[dict]:
    return list(queryset.annotate(
        s_line=F(line), s_direction=F(direction),
        s_day=TruncDate(moment, tzinfo=PARIS), s_hour=ExtractHour(moment, tzinfo=PARIS))
        .values("s_line", "s_day", "s_hour", "s_direction").annotate(**aggregates)
        .order_by())


@transaction.atomic
def stats_recount(*, line_ids) -> int:
    """Rebuild the counters of ``line_ids`` (and their flagged bookings) from the trips,
    bookings and searches themselves
    (after rows were written in bulk, past the services, as ``spp.carpool.scale`` does; or to
    check the kept counters): a few grouped queries, whatever the volume. The rows written."""
    from spp.carpool.models import Booking, RideSearch, Trip

    line_ids = list(line_ids)
    rows: dict = defaultdict(lambda: defaultdict(int))
    for group in _by_hour(Trip.objects.filter(line_id__in=line_ids,
                                              status=Trip.Status.PUBLISHED),
                          "departs_at", "line_id", "direction",
                          n_trips=Count("id"), n_seats=Sum("seats")):
        row = rows[(group["s_line"], group["s_day"], group["s_hour"], group["s_direction"])]
        row["trips"], row["seats_offered"] = group["n_trips"], group["n_seats"]
    live = Q(status__in=Booking.LIVE)
    done = Q(status=Booking.Status.COMPLETED)
    for group in _by_hour(Booking.objects.filter(trip__line_id__in=line_ids), "boards_at",
                          "trip__line_id", "trip__direction", n_bookings=Count("id"),
                          n_live=Count("id", filter=live),
                          n_seats=Sum("seats", filter=live, default=0),
                          n_done=Count("id", filter=done),
                          n_km=Sum("distance_km", filter=done, default=Decimal("0"))):
        row = rows[(group["s_line"], group["s_day"], group["s_hour"], group["s_direction"])]
        row["bookings"], row["booked_seats"] = group["n_bookings"], group["n_seats"]
        row["cancelled"] = group["n_bookings"] - group["n_live"]
        row["completed"], row["km_shared"] = group["n_done"], group["n_km"]
    for group in _by_hour(RideSearch.objects.filter(line_id__in=line_ids, matches=0),
                          "window_start", "line_id", "direction", n_searches=Count("id")):
        row = rows[(group["s_line"], group["s_day"], group["s_hour"], group["s_direction"])]
        row["unmatched_searches"] = group["n_searches"]
    FlaggedBooking.objects.filter(line_id__in=line_ids).delete()
    FlaggedBooking.objects.bulk_create(
        [FlaggedBooking(line_id=line_id, booking_id=booking_id, boards_at=boards_at)
         for booking_id, line_id, boards_at in Booking.objects.filter(
             trip__line_id__in=line_ids).exclude(flags=[]).values_list(
             "id", "trip__line_id", "boards_at")], batch_size=2_000)
    LineHourStat.objects.filter(line_id__in=line_ids).delete()
    LineHourStat.objects.bulk_create(
        [LineHourStat(line_id=line_id, day=day, hour=hour, direction=direction, **figures)
         for (line_id, day, hour, direction), figures in sorted(rows.items())],
        batch_size=2_000)
    return len(rows)
