"""A small ledger whose figures are computed by hand in the tests (test_refresh.py): one
authority, a duty rota, a carpool line and a consultation, in the year 2025."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from spp.catalog.models import Participation
from spp.catalog.tests.factories import ServiceFactory
from spp.core.tests.factories import OrganisationFactory, UserFactory

PARIS = ZoneInfo("Europe/Paris")
Kind, Unit = Participation.Kind, Participation.Unit


def at(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def row(person, service, kind, quantity, unit, when, *, source_key="", corrects=None):
    return Participation.objects.create(
        user=person, pseudonym=person.pseudonym, service=service, kind=kind,
        quantity=Decimal(quantity), unit=unit, occurred_at=when, source_key=source_key,
        corrects=corrects)


def small_ledger() -> dict:
    """The rows, with the figures they must give written beside them in the tests."""
    authority = OrganisationFactory()
    rota = ServiceFactory(authority=authority, reference_hourly_cost=Decimal("20"),
                          is_published=True)
    carpool = ServiceFactory(authority=authority, patterns=["carpool"], is_published=True)
    consultation = ServiceFactory(authority=authority, patterns=["consultation"],
                                  is_published=True)
    p1, p2, p3, p4, p5 = (UserFactory() for _ in range(5))
    row(p1, rota, Kind.SHIFT, "4", Unit.HOURS, at(2025, 3, 10, 10))
    april = row(p1, rota, Kind.SHIFT, "3", Unit.HOURS, at(2025, 4, 2, 10))
    row(p1, rota, Kind.CORRECTION, "-3", Unit.HOURS, at(2025, 4, 2, 10), corrects=april)
    row(p2, rota, Kind.SHIFT, "5", Unit.HOURS, at(2025, 3, 15, 18))
    row(p2, rota, Kind.INDEMNITY_PAID, "12.50", Unit.EUROS, at(2025, 3, 20, 9))
    row(p3, carpool, Kind.JOURNEY, "10", Unit.KM, at(2025, 3, 5, 8),
        source_key="carpool.booking:1")
    row(p4, carpool, Kind.JOURNEY, "10", Unit.KM, at(2025, 3, 5, 8),
        source_key="carpool.booking-driver:1")
    row(p1, consultation, Kind.CONTRIBUTION, "1", Unit.COUNT, at(2025, 7, 1, 12))
    # Half an hour before and after the new year, Paris time (the other side of it in UTC).
    row(p5, consultation, Kind.CONTRIBUTION, "1", Unit.COUNT, at(2024, 12, 31, 23, 30))
    row(p5, consultation, Kind.PROPOSAL, "1", Unit.COUNT, at(2025, 1, 1, 0, 30))
    return {"authority": authority, "rota": rota, "carpool": carpool,
            "consultation": consultation, "people": [p1, p2, p3, p4, p5]}
