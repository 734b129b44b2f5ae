"""Demo data for the carpool lines, made through the services as people would: the line
Voiron – Moirans – Voreppe (real stop positions, each inside its commune's boundary — a test
checks it against IGN's ADMIN EXPRESS in data/), its cost-sharing rules, a week of morning
trips already driven with their journeys confirmed at the stop (the ledger holds them), the
coming days' trips with some seats booked, and searches that found no driver. Idempotent: a
service that already has the line is left as it is.

Past journeys are made with the services' ``now`` argument set before each trip, the same
code path a real booking takes on the day."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from spp.carpool import selectors, services
from spp.carpool.models import Line

PARIS = ZoneInfo("Europe/Paris")
CODE = "voiron-moirans-voreppe"
# (name, latitude, longitude, INSEE code, minutes and km from the previous stop, parking places)
STOPS = [
    ("Voiron — Gare", Decimal("45.363900"), Decimal("5.589300"), "38563", 0, Decimal("0"), 40),
    ("Moirans — Gare", Decimal("45.326700"), Decimal("5.564800"), "38239", 10, Decimal("7.20"),
     25),
    ("Voreppe — Centre", Decimal("45.294500"), Decimal("5.635500"), "38565", 11,
     Decimal("8.10"), 15),
]


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def seed(context) -> Line | None:
    service = context.services["carpool"]
    if Line.objects.filter(service=service, code=CODE).exists():
        return None
    coordinator = context.carpool_coordinator
    line = services.line_save(actor=coordinator, service=service, fields={
        "code": CODE, "name": "Voiron – Moirans – Voreppe",
        "description": "La ligne des trajets domicile-travail entre les trois gares et le "
                       "centre de Voreppe, du lundi au vendredi.",
        "is_active": True, "operates_from": time(6, 0), "operates_until": time(20, 0),
        "waiting_minutes": 20, "fallback_name": "Transport à la demande du Pays Voironnais",
    }, stops=[{"position": position, "name": name, "latitude": lat, "longitude": lon,
               "insee_code": insee, "minutes_from_previous": minutes, "km_from_previous": km,
               "parking_places": places, "lighting": True}
              for position, (name, lat, lon, insee, minutes, km, places)
              in enumerate(STOPS, start=1)])
    services.line_tariff_add(
        actor=coordinator, line=line, valid_from=date(2025, 1, 1),
        passenger_share_per_km=Decimal("0.080"), incentive_per_passenger=Decimal("1.50"),
        monthly_incentive_cap=Decimal("150"),
        decided_by="Délibération du conseil communautaire du Pays Voironnais (démonstration)")
    geometry = selectors.line_geometry(line)
    voiron, moirans, voreppe = geometry.stops
    people = context.citizens
    drivers, passengers = people[34:37], [context.citizen, *people[37:40]]
    today = timezone.localdate()
    _past_week(line, geometry, drivers, passengers, today, (voiron, moirans, voreppe))
    _coming_days(line, geometry, drivers, passengers, today, (voiron, moirans, voreppe))
    _unmet_demand(line, geometry, passengers, today, (voiron, moirans, voreppe))
    return line


def _past_week(line, geometry, drivers, passengers, today, stops) -> None:
    """Morning trips of the last seven days, each with passengers whose journeys the driver
    confirmed with their code at the stop (positions shared by some: classes A to C)."""
    voiron, moirans, voreppe = stops
    for days_back in range(7, 0, -1):
        day = today - timedelta(days=days_back)
        if day.weekday() >= 5:
            continue
        for index, driver in enumerate(drivers):
            departs_at = _at(day, 7, 20 + 10 * index)
            before = departs_at - timedelta(days=1)
            trip = services.trip_publish(
                actor=driver, line=line, geometry=geometry, departure_stop=voiron,
                arrival_stop=voreppe, departs_at=departs_at, seats=3,
                vehicle_class=["5cv", "4cv", "6cv"][index], electric=index == 1, now=before)[0]
            riders = passengers[index:index + 2] if (days_back + index) % 3 else passengers[:1]
            for offset, passenger in enumerate(riders):
                booking = services.booking_create(
                    actor=passenger, trip=trip, geometry=geometry,
                    boarding_stop=voiron if offset == 0 else moirans, alighting_stop=voreppe,
                    now=before)
                shares_position = (days_back + offset) % 2 == 0
                here = (booking.boarding_stop.latitude, booking.boarding_stop.longitude)
                if shares_position:
                    services.journey_confirm_by_passenger(
                        actor=passenger, booking=booking, geometry=geometry, latitude=here[0],
                        longitude=here[1], now=booking.boards_at)
                services.journey_confirm_by_driver(
                    actor=driver, booking=booking, geometry=geometry, code=booking.code,
                    latitude=here[0] if index != 2 else None,
                    longitude=here[1] if index != 2 else None, now=booking.boards_at)


def _coming_days(line, geometry, drivers, passengers, today, stops) -> None:
    """Every weekday of the next two weeks: morning trips towards Voreppe and evening trips
    back, some seats booked (Camille, the demo citizen, has tomorrow's)."""
    voiron, moirans, voreppe = stops
    now = timezone.now()
    first = today + timedelta(days=1)
    for index, driver in enumerate(drivers):
        morning = services.trip_publish(
            actor=driver, line=line, geometry=geometry, departure_stop=voiron,
            arrival_stop=voreppe, departs_at=_at(first, 7, 20 + 10 * index), seats=3,
            vehicle_class="5cv", weekdays=[0, 1, 2, 3, 4], last_day=first + timedelta(days=13),
            now=now) if first.weekday() < 5 else []
        services.trip_publish(
            actor=driver, line=line, geometry=geometry, departure_stop=voreppe,
            arrival_stop=voiron, departs_at=_at(first, 17, 30 + 10 * index), seats=3,
            vehicle_class="5cv", weekdays=[0, 1, 2, 3, 4], last_day=first + timedelta(days=13),
            now=now)
        for trip in morning[:3]:
            passenger = passengers[(index + trip.pk) % len(passengers)]
            services.booking_create(actor=passenger, trip=trip, geometry=geometry,
                                    boarding_stop=voiron if index % 2 else moirans,
                                    alighting_stop=voreppe, now=now)


def _unmet_demand(line, geometry, passengers, today, stops) -> None:
    """Searches at hours no driver offers (the coordinator's dashboard shows them)."""
    voiron, moirans, voreppe = stops
    for index, passenger in enumerate(passengers):
        day = today + timedelta(days=1 + index)
        start = _at(day, 9, 0)
        services.ride_search_record(
            actor=passenger, line=line, direction="outbound", boarding_stop=moirans,
            alighting_stop=voreppe, window_start=start, window_end=start + timedelta(hours=1),
            seats=1, matches=0)
