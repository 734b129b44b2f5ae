"""Builders for carpool tests: a service with a line of three real stops (Voiron station,
Moirans station, Voreppe), its tariff, drivers' trips and passengers' bookings. Trips and
bookings are made through the services, as people make them, so their kept fields
(``origin_at``, ranks, seats taken, contributions) are the ones the code computes."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory

from spp.carpool import selectors, services
from spp.carpool.models import Line, LineTariff, Stop
from spp.catalog.tests.factories import EnrolmentFactory, service_with_charter
from spp.core.tests.factories import MembershipFactory

PARIS = ZoneInfo("Europe/Paris")

# (name, latitude, longitude, INSEE code, minutes and km from the previous stop)
VOIRONNAIS_STOPS = [
    ("Voiron — Gare", Decimal("45.363900"), Decimal("5.589300"), "38563", 0, Decimal("0")),
    ("Moirans — Gare", Decimal("45.326700"), Decimal("5.564800"), "38239", 10, Decimal("7.20")),
    ("Voreppe — Centre", Decimal("45.294500"), Decimal("5.635500"), "38565", 9, Decimal("8.10")),
]


def carpool_service(**kwargs):
    kwargs.setdefault("patterns", ["carpool"])
    kwargs.setdefault("requires_approval", False)
    return service_with_charter(**kwargs)


class LineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Line
        skip_postgeneration_save = True

    service = factory.LazyFunction(carpool_service)
    code = factory.Sequence(lambda n: f"ligne-{n}")
    name = factory.Sequence(lambda n: f"Ligne {n} Voiron – Moirans – Voreppe")
    operates_from = time(5, 0)
    operates_until = time(22, 0)

    @factory.post_generation
    def stops(line, create, extracted, **kwargs):
        if not create:
            return
        for position, (name, lat, lon, insee, minutes, km) in enumerate(
                extracted or VOIRONNAIS_STOPS, start=1):
            Stop.objects.create(line=line, position=position, name=name, latitude=lat,
                                longitude=lon, insee_code=insee, minutes_from_previous=minutes,
                                km_from_previous=km)


def tariff_for(line, *, share="0.10", incentive="1.50", cap="150", valid_from=date(2020, 1, 1)):
    return LineTariff.objects.create(
        line=line, valid_from=valid_from, passenger_share_per_km=Decimal(share),
        incentive_per_passenger=Decimal(incentive), monthly_incentive_cap=Decimal(cap))


def contributor_of(service):
    return EnrolmentFactory(service=service).user


def coordinator_of(service):
    return MembershipFactory(organisation=service.authority, role="coordinator").user


def tomorrow_at(hour: int, minute: int = 0) -> datetime:
    """Tomorrow at that Paris time (a test passes at any hour of any day)."""
    day = datetime.now(PARIS).date() + timedelta(days=1)
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def stops_of(line) -> list[Stop]:
    return selectors.line_stops(line)


def publish_trip(line, driver=None, *, departs_at=None, seats=3, reverse=False,
                 vehicle_class="5cv", **kwargs):
    """A trip over the whole line (outbound, or return with ``reverse``)."""
    driver = driver or contributor_of(line.service)
    stops = stops_of(line)
    first, last = (stops[-1], stops[0]) if reverse else (stops[0], stops[-1])
    return services.trip_publish(
        actor=driver, line=line, geometry=selectors.line_geometry(line), departure_stop=first,
        arrival_stop=last, departs_at=departs_at or tomorrow_at(7, 30), seats=seats,
        vehicle_class=vehicle_class, **kwargs)[0]


def book(trip, passenger=None, *, boarding=0, alighting=-1, seats=1, **kwargs):
    """A booking from the ``boarding``-th to the ``alighting``-th stop in the trip's way."""
    line = trip.line
    passenger = passenger or contributor_of(line.service)
    geometry = selectors.line_geometry(line)
    ordered = geometry.ordered_stops(trip.direction)
    return services.booking_create(
        actor=passenger, trip=trip, geometry=geometry, boarding_stop=ordered[boarding],
        alighting_stop=ordered[alighting], seats=seats, **kwargs)
