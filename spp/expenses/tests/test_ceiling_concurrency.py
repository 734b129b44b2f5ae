"""Two coordinators approving at the same instant cannot both pass a person's ceiling: the
database's check on the kept usage decides (real threads, real PostgreSQL row locks)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from spp.core.tests.factories import UserFactory
from spp.expenses.models import Claim, LimitUsage
from spp.expenses.services.claims import claim_approve
from spp.expenses.tests.factories import ClaimFactory, PolicyFactory, coordinator_of
from spp.ops.query_counts import at_once


def _approve(actor, claim):
    try:
        claim_approve(actor=actor, claim=claim)
        return "ok"
    except ValidationError as error:
        return error.code


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_pass_the_monthly_ceiling():
    policy = PolicyFactory(ceiling_per_month=Decimal("50"))
    person = UserFactory()
    first = ClaimFactory(policy=policy, claimant=person, total=Decimal("30"))
    claims = [first] + [ClaimFactory(policy=policy, claimant=person, total=Decimal("30"),
                                     period_month=first.period_month) for _ in range(3)]
    coordinators = [coordinator_of(policy.service) for _ in claims]
    outcomes = at_once([lambda c=c, a=a: _approve(a, c) for c, a in zip(claims, coordinators,
                                                                        strict=True)])
    assert sorted(outcomes) == ["ceiling", "ceiling", "ceiling", "ok"]
    assert Claim.objects.filter(status="approved").count() == 1
    usage = LimitUsage.objects.get(user=person, period="month")
    assert usage.used == Decimal("30")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_of_the_same_claim_approve_it_once():
    claim = ClaimFactory(policy=PolicyFactory(ceiling_per_year=Decimal("1000")))
    coordinators = [coordinator_of(claim.service) for _ in range(4)]
    outcomes = at_once([lambda a=a: _approve(a, claim) for a in coordinators])
    assert sorted(outcomes) == ["bad_transition"] * 3 + ["ok"]
    assert LimitUsage.objects.get(period="year").used == claim.total
