"""The line dashboard: its figures on a small month computed by hand, the counters the
services keep (equal to a recount from the rows), a number of queries that does not grow with
the trips, and who may read it."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from spp.carpool import selectors, services
from spp.carpool.models import FlaggedBooking, LineHourStat
from spp.carpool.selectors.dashboard import line_dashboard
from spp.carpool.services.stats import stats_recount
from spp.carpool.tests.factories import (
    LineFactory,
    book,
    carpool_service,
    contributor_of,
    coordinator_of,
    publish_trip,
    stops_of,
    tariff_for,
)

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
MARCH = date(2026, 3, 1)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=PARIS)


def _url(line) -> str:
    return reverse("carpool:line_dashboard", args=[line.service.slug, line.code])


@pytest.fixture
def march():
    """The month of the hand computation, published and booked on 9 March:

    - T1 outbound 07:30, 3 seats: B1 Voiron → Voreppe (15.30 km, confirmed at the stop) and
      B2 Moirans → Voreppe at 07:40 (no code typed; the passenger confirmed from 25 km away);
    - T2 outbound 08:10, 2 seats: B3 Voiron → Moirans, cancelled by its passenger;
    - T3 return 17:30, 4 seats: B4 Voreppe → Voiron (never confirmed);
    - a search Voreppe → Moirans (return) for 06:00–06:30 that found nothing."""
    line = LineFactory()
    tariff_for(line)
    voiron, moirans, voreppe = stops_of(line)
    before = at(9, 12)
    p1, p2, p3 = (contributor_of(line.service) for _ in range(3))
    t1 = publish_trip(line, departs_at=at(10, 7, 30), seats=3, now=before)
    t2 = publish_trip(line, departs_at=at(10, 8, 10), seats=2, now=before)
    t3 = publish_trip(line, departs_at=at(10, 17, 30), seats=4, reverse=True, now=before)
    b1 = book(t1, p1, now=before)
    b2 = book(t1, p2, boarding=1, now=before)
    b3 = book(t2, p3, alighting=1, now=before)
    book(t3, p1, now=before)
    services.booking_cancel(actor=p3, booking=b3, now=before)
    geometry = selectors.line_geometry(line)
    services.journey_confirm_by_driver(actor=t1.driver, booking=b1, geometry=geometry,
                                       code=b1.code, now=at(10, 7, 35))
    services.journey_confirm_by_passenger(  # Grenoble, 25 km from Moirans: flagged
        actor=p2, booking=b2, geometry=geometry, latitude=Decimal("45.188500"),
        longitude=Decimal("5.724500"), now=at(10, 7, 41))
    services.ride_search_record(actor=p1, line=line, direction="return", boarding_stop=voreppe,
                                alighting_stop=moirans, window_start=at(10, 6),
                                window_end=at(10, 6, 30), seats=1, matches=0)
    return {"line": line, "t1": t1, "b1": b1, "b2": b2}


def _hour(data, direction: str, hour: int):
    figures = next(d for d in data.directions if d.direction == direction)
    return dict(figures.hours)[hour]


def test_the_month_figures_are_the_ones_computed_by_hand(march):
    line = march["line"]
    data = line_dashboard(line, month=MARCH, now=at(11, 9))
    seven = _hour(data, "outbound", 7)
    assert (seven.trips, seven.seats_offered, seven.bookings, seven.booked_seats) == (1, 3, 2, 2)
    eight = _hour(data, "outbound", 8)  # B3 was cancelled
    assert (eight.trips, eight.seats_offered, eight.bookings, eight.booked_seats) == (1, 2, 0, 0)
    evening = _hour(data, "return", 17)
    assert (evening.trips, evening.seats_offered, evening.bookings) == (1, 4, 1)
    assert _hour(data, "return", 6).unmatched_searches == 1
    assert data.unmatched_searches == 1
    assert data.unmatched_pairs == [
        {"boarding": "Voreppe — Centre", "alighting": "Moirans — Gare", "count": 1}]
    # B1 confirmed out of B1, B2, B4 (B3 cancelled): 1 / 3.
    assert (data.completed, data.due, data.completion_rate) == (1, 3, Decimal("33"))
    assert data.km_shared == Decimal("15.30")
    # 1.50 € for B1's passenger: under the driver's costs less what passengers paid
    # (15.30 km × 0.636 € = 9.73 € − 1.53 − 0.81), and under the 150 € cap.
    assert data.incentives == {"granted": Decimal("1.50"), "cap": Decimal("150.00"),
                               "drivers": 1, "at_cap": 0}
    assert [b["booking_id"] for b in data.flagged] == [march["b2"].pk]
    assert data.flagged_count == 1
    # Before the morning's hours are over nothing is due yet.
    early = line_dashboard(line, month=MARCH, now=at(10, 7, 50))
    assert (early.due, early.completion_rate) == (0, None)


def test_the_kept_counters_equal_a_recount_from_the_rows(march):
    line = march["line"]
    services.trip_cancel(actor=march["t1"].driver, trip=march["t1"], now=at(9, 13))
    kept = list(LineHourStat.objects.filter(line=line).exclude(
        trips=0, seats_offered=0, bookings=0, booked_seats=0, cancelled=0, completed=0,
        unmatched_searches=0).values().order_by("day", "hour", "direction"))
    flagged = list(FlaggedBooking.objects.values_list("booking_id", "line_id", "boards_at"))
    stats_recount(line_ids=[line.pk])
    assert list(FlaggedBooking.objects.values_list("booking_id", "line_id", "boards_at")) == (
        flagged) == [(march["b2"].pk, line.pk, march["b2"].boards_at)]
    recounted = list(LineHourStat.objects.filter(line=line).values().order_by(
        "day", "hour", "direction"))

    def figures(rows):
        return [{k: v for k, v in row.items() if k != "id"} for row in rows]

    assert figures(kept) == figures(recounted)
    seven = LineHourStat.objects.get(line=line, hour=7, direction="outbound")
    # T1 cancelled by its driver: off the offer; B2 cancelled with it, B1 stays completed.
    assert (seven.trips, seven.bookings, seven.cancelled, seven.completed) == (0, 2, 1, 1)


def test_the_page_shows_the_month_with_each_figure_and_its_method(client, march):
    line = march["line"]
    client.force_login(coordinator_of(line.service))
    response = client.get(_url(line), {"mois": "2026-03"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "mars 2026" in page
    assert "33 % (confirmées à l’arrêt : 1 sur 3)" in page
    assert "<dd>15 km</dd>" in page
    assert "Voreppe — Centre" in page and "<svg" in page
    assert march["b2"].get_absolute_url() in page
    assert "Comment ces chiffres sont établis" in page


def test_a_month_that_is_not_one_shows_the_current_month_and_says_why(client):
    line = LineFactory()
    client.force_login(coordinator_of(line.service))
    response = client.get(_url(line), {"mois": "mars"})
    assert response.status_code == 200
    assert "n’est pas un mois" in response.content.decode()


def _publish(line, count: int, start: datetime) -> None:
    for index in range(count):
        trip = publish_trip(line, departs_at=start + timedelta(minutes=7 * index),
                            now=start - timedelta(days=1))
        book(trip, now=start - timedelta(days=1))


def test_the_page_costs_the_same_queries_with_2_or_20_trips(client, django_assert_num_queries):
    line = LineFactory()
    tariff_for(line)
    client.force_login(coordinator_of(line.service))
    url = _url(line)
    _publish(line, 2, at(16, 6))
    client.get(url, {"mois": "2026-03"})  # per-process caches warmed
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"mois": "2026-03"}).status_code == 200
    _publish(line, 18, at(17, 6))
    with django_assert_num_queries(len(few)):
        assert client.get(url, {"mois": "2026-03"}).status_code == 200


def test_a_contributor_and_another_authoritys_coordinator_get_404(client):
    line = LineFactory()
    client.force_login(contributor_of(line.service))
    assert client.get(_url(line)).status_code == 404
    client.force_login(coordinator_of(carpool_service()))
    assert client.get(_url(line)).status_code == 404
    client.force_login(coordinator_of(line.service))
    assert client.get(_url(line)).status_code == 200


@pytest.mark.parametrize("night", ["2026-03-29", "2026-10-25", "2026-07-14"])
def test_the_hours_over_are_those_whose_start_plus_an_hour_has_passed_even_on_clock_changes(
        night):
    """The dashboard sums completions over the hours already over with one cutoff
    (``_last_hour_over``); at every quarter hour of a clock-change night (and an ordinary one),
    an hour counts as over exactly when its start plus one hour is not after now."""
    from spp.carpool.selectors.dashboard import PARIS, _last_hour_over

    day = date.fromisoformat(night)
    hours = [(day + timedelta(days=offset), hour) for offset in (-1, 0, 1) for hour in range(24)]
    now = datetime.combine(day, time(0), tzinfo=PARIS) - timedelta(hours=2)
    while now < datetime.combine(day + timedelta(days=1), time(6), tzinfo=PARIS):
        cutoff = _last_hour_over(now)
        for hour_day, hour in hours:
            over = datetime.combine(hour_day, time(hour), tzinfo=PARIS) + timedelta(hours=1) <= now
            assert ((hour_day, hour) <= cutoff) is over, (now, hour_day, hour)
        now += timedelta(minutes=15)
