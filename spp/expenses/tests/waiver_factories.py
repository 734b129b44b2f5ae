"""What the waiver and tax-receipt tests build on: a delegated service with a waivable policy,
claims on a day of ``YEAR``, a signature, an approval, an operator's admin. ``TODAY`` is a day
after ``YEAR`` is over, so the tests pass on any real date."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from spp.catalog.tests.factories import ServiceFactory
from spp.core.models import Membership
from spp.core.tests.factories import MembershipFactory, OperatorFactory
from spp.expenses.models import Claim, Policy
from spp.expenses.services.waivers import claim_waive
from spp.expenses.tests.factories import ClaimFactory, ParticipationFactory, PolicyFactory

PARIS = ZoneInfo("Europe/Paris")
YEAR = 2025
TODAY = date(YEAR + 1, 1, 15)  # the year is over


def waivable_service(operator=None):
    service = ServiceFactory(operator=operator or OperatorFactory())
    PolicyFactory(kind=Policy.Kind.WAIVABLE, service=service)
    return service


def claim_on(service, *, claimant=None, when=None, total="12.50", status="submitted"):
    """A claim on ``service`` for a participation on ``when`` (a day of YEAR by default)."""
    when = when or datetime(YEAR, 3, 10, 18, tzinfo=PARIS)
    participation = ParticipationFactory(
        service=service, occurred_at=when, **({"user": claimant} if claimant else {})
    )
    return ClaimFactory(
        policy=service.expense_policy,
        participation=participation,
        total=Decimal(total),
        status=status,
    )


def sign(claim, name="Camille Martin", address="3 rue des Lilas\n38500 Voiron"):
    return claim_waive(actor=claim.claimant, claim=claim, signer_name=name, signer_address=address)


def approve(claim):
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.APPROVED)


def operator_admin(operator):
    return MembershipFactory(organisation=operator, role=Membership.Role.ADMIN).user
