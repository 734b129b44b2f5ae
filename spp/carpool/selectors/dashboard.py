"""The line dashboard's figures for one month (Paris time), in a fixed number of queries
whatever the line's traffic:

1. the month's ``LineHourStat`` rows (at most 31 × 24 × 2, on the unique index that starts
   with ``(line, day)``), kept by the services: offers, bookings, cancellations,
   completions, kilometres shared and searches without a match, summed by the database per
   hour of the day and direction (at most 24 × 2 rows reach Python, whatever the month's
   traffic), the completions and bookings due summed over the hours already over;
2. the searches without a match grouped by boarding → alighting pair (``RideSearch`` on
   ``carpool_search_unmatched_idx``, partial: only the month's searches without a match);
3. the authority's incentives granted against the drivers' monthly caps (one row per driver
   of the line and month, ``carpool_incentive_one_row_per_month``);
4. the bookings flagged to the coordinator, filed by line as they are flagged
   (``FlaggedBooking`` on ``(line, boards_at)``): at most ``FLAGGED_LIMIT``, and their count
   (a window count in the same query)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum, Value, Window
from django.db.models.functions import Concat
from django.utils.formats import date_format
from django.utils.timezone import localtime

from spp.carpool.models import (
    Direction,
    DriverMonthIncentive,
    FlaggedBooking,
    LineHourStat,
    RideSearch,
)
from spp.core.links import link_for_pk
from spp.core.models import User

PARIS = ZoneInfo("Europe/Paris")
FLAGGED_LIMIT = 20
PAIRS_LIMIT = 20
ZERO = Decimal("0")


@dataclass
class HourFigures:
    trips: int = 0
    seats_offered: int = 0
    bookings: int = 0  # not cancelled
    booked_seats: int = 0
    unmatched_searches: int = 0


@dataclass
class DirectionFigures:
    direction: str
    label: str
    hours: list = field(default_factory=list)  # [(hour, HourFigures)] in the table's hours
    total: HourFigures = field(default_factory=HourFigures)


@dataclass
class LineDashboard:
    month: date
    directions: list
    hours: list  # the hours of the day the tables show
    completed: int
    due: int  # bookings not cancelled whose hour has passed
    km_shared: Decimal
    unmatched_searches: int
    unmatched_pairs: list  # [{"boarding": name, "alighting": name, "count": n}]
    incentives: dict
    flagged: list
    flagged_count: int

    @property
    def completion_rate(self) -> Decimal | None:
        if not self.due:
            return None
        return (Decimal(100) * self.completed / self.due).quantize(Decimal("1"))


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month's first instant and the next month's, in Paris time."""
    following = (month + timedelta(days=32)).replace(day=1)
    return (datetime.combine(month, time(0), tzinfo=PARIS),
            datetime.combine(following, time(0), tzinfo=PARIS))


def _hours_shown(line, used: set[int]) -> list[int]:
    """The line's operating hours, widened to any hour that has figures."""
    first, last = line.operates_from.hour, line.operates_until.hour
    if used:
        first, last = min(first, *used), max(last, *used)
    return list(range(first, last + 1))


def _last_hour_over(now) -> tuple[date, int]:
    """The latest (day, hour) of Paris time whose hour has passed at ``now``: an hour is over
    once its start plus one hour is not after ``now``. That start never goes back as the
    (day, hour) pairs go forward (the hour skipped in March starts when the next one does, the
    hour repeated in October is taken at its first start), so the hours over are exactly those
    up to this one, a condition the database can sum with."""
    local = localtime(now, PARIS)
    day, hour = local.date(), local.hour
    while datetime.combine(day, time(hour), tzinfo=PARIS) + timedelta(hours=1) > now:
        day, hour = (day, hour - 1) if hour else (day - timedelta(days=1), 23)
    return day, hour


def line_dashboard(line, *, month: date, now) -> LineDashboard:
    """``now`` decides which hours have passed (the completion rate counts only bookings
    whose boarding hour is over)."""
    start, end = month_bounds(month)
    last_day, last_hour = _last_hour_over(now)
    over = Q(day__lt=last_day) | Q(day=last_day, hour__lte=last_hour)
    booked = F("bookings") - F("cancelled")
    # Annotations may not take a field's name: the sums are named after the figures.
    rows = list(LineHourStat.objects.filter(
        line=line, day__gte=start.date(), day__lt=end.date()).values(
        "direction", "hour").order_by().annotate(
        sum_trips=Sum("trips"), sum_seats=Sum("seats_offered"), sum_bookings=Sum(booked),
        sum_booked_seats=Sum("booked_seats"), sum_unmatched=Sum("unmatched_searches"),
        sum_km=Sum("km_shared"), sum_completed=Sum("completed", filter=over),
        sum_due=Sum(booked, filter=over)))
    by_hour = {}
    completed = due = unmatched = 0
    km = ZERO
    for row in rows:
        by_hour[(row["direction"], row["hour"])] = HourFigures(
            trips=row["sum_trips"], seats_offered=row["sum_seats"],
            bookings=row["sum_bookings"], booked_seats=row["sum_booked_seats"],
            unmatched_searches=row["sum_unmatched"])
        km += row["sum_km"]
        unmatched += row["sum_unmatched"]
        completed += row["sum_completed"] or 0
        due += row["sum_due"] or 0
    hours = _hours_shown(line, {row["hour"] for row in rows})
    empty = HourFigures()  # never changed: the hours without figures share it
    directions = []
    for value, label in Direction.choices:
        figures = DirectionFigures(direction=value, label=label)
        figures.hours = [(hour, by_hour.get((value, hour), empty)) for hour in hours]
        for (direction, _hour), counts in by_hour.items():
            if direction == value:
                _sum_into(figures.total, counts)
        directions.append(figures)
    flagged, flagged_count = _flagged(line, start, end)
    return LineDashboard(
        month=month, directions=directions, hours=hours, completed=completed, due=due,
        km_shared=km, unmatched_searches=unmatched,
        unmatched_pairs=_unmatched_pairs(line, start, end),
        incentives=_incentives(line, month), flagged=flagged, flagged_count=flagged_count)


def _sum_into(total: HourFigures, figures: HourFigures) -> None:
    total.trips += figures.trips
    total.seats_offered += figures.seats_offered
    total.bookings += figures.bookings
    total.booked_seats += figures.booked_seats
    total.unmatched_searches += figures.unmatched_searches


def _unmatched_pairs(line, start, end) -> list[dict]:
    """The stops' names joined in the same query (grouped with their ids)."""
    pairs = (RideSearch.objects.filter(line=line, window_start__gte=start, window_start__lt=end,
                                       matches=0)
             .values("boarding_stop_id", "alighting_stop_id", "boarding_stop__name",
                     "alighting_stop__name").annotate(count=Count("*"))
             .order_by("-count", "boarding_stop_id", "alighting_stop_id")[:PAIRS_LIMIT])
    return [{"boarding": pair["boarding_stop__name"] or "?",
             "alighting": pair["alighting_stop__name"] or "?", "count": pair["count"]}
            for pair in pairs]


def _incentives(line, month: date) -> dict:
    totals = DriverMonthIncentive.objects.filter(line=line, month=month).aggregate(
        total_granted=Sum("granted"), total_cap=Sum("cap"), drivers=Count("id"),
        at_cap=Count("id", filter=Q(granted__gte=F("cap")) & Q(cap__gt=0)))
    return {"granted": totals["total_granted"] or ZERO, "cap": totals["total_cap"] or ZERO,
            "drivers": totals["drivers"], "at_cap": totals["at_cap"]}


def _full_name(user_ref: str) -> Subquery:
    """A person's "first last" name as a subquery on their primary key: PostgreSQL plans each
    such lookup alone, whereas two more joined tables make it weigh far more join orders."""
    return Subquery(User.objects.filter(pk=OuterRef(user_ref)).order_by().values(
        name=Concat("first_name", Value(" "), "last_name")))


def _flagged(line, start, end) -> tuple[list[dict], int]:
    """The newest flagged bookings, as the list shows them (values: no model to build), and
    the month's count of them, in one query: the count is a window over the whole filtered
    set, computed before the limit. The passenger's and driver's names are subqueries, not
    joins: seven joined tables cost PostgreSQL about 3 ms of planning, five well under one.
    Each row also holds what its card writes: the booking's address (reversed once) and the
    boarding time."""
    rows = list(FlaggedBooking.objects.filter(line=line, boards_at__gte=start, boards_at__lt=end)
                .annotate(month_count=Window(Count("pk")),
                          passenger=_full_name("booking__passenger_id"),
                          driver=_full_name("booking__trip__driver_id"))
                .values("boards_at", "booking__flags", "booking__boarding_stop__name",
                        "booking__alighting_stop__name", "passenger", "driver", "booking_id",
                        "month_count")
                .order_by("-boards_at")[:FLAGGED_LIMIT])
    count = rows[0]["month_count"] if rows else 0
    link = link_for_pk("carpool:booking_detail")  # reversed once, not once per row
    for row in rows:
        del row["month_count"]
        row.update(url=link(row["booking_id"]),
                   when=date_format(localtime(row["boards_at"]), "j F H:i"))
    return rows, count
