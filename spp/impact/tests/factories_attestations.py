"""Factories for the attestation tests: ledger rows written as the pattern apps would leave
them (dated in Paris time), and attestations as issued."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from spp.catalog.models import Participation
from spp.core.tests.factories import OrganisationFactory, UserFactory
from spp.impact.models import Attestation

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def ledger_row(user, service, when, *, kind=Participation.Kind.SHIFT, quantity="3",
               unit=Participation.Unit.HOURS, corrects=None) -> Participation:
    return Participation.objects.create(
        user=user, pseudonym=user.pseudonym, service=service, kind=kind,
        quantity=Decimal(quantity), unit=unit, occurred_at=when, corrects=corrects)


def correction_of(row: Participation, quantity=None) -> Participation:
    """A correction of ``row``, offsetting it wholly unless ``quantity`` says otherwise."""
    return ledger_row(row.user, row.service, row.occurred_at, kind=Participation.Kind.CORRECTION,
                      quantity=quantity if quantity is not None else -row.quantity,
                      unit=row.unit, corrects=row)


class AttestationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attestation

    code = factory.Sequence(lambda n: f"TEST-{n:04d}-ABCD")
    user = factory.SubFactory(UserFactory)
    holder_name = factory.LazyAttribute(lambda o: o.user.get_full_name())
    authority = factory.SubFactory(OrganisationFactory)
    starts_on = datetime(2024, 1, 1).date()
    ends_on = datetime(2024, 12, 31).date()
    lines = factory.LazyFunction(lambda: [
        {"service": "Crèche parentale", "kind": "Garde ou permanence effectuée",
         "quantity": "12.50", "unit": "heures", "acts": 5, "kind_code": "shift",
         "unit_code": "hours"}])
    total_hours = Decimal("12.50")
    issued_at = factory.LazyFunction(timezone.now)
