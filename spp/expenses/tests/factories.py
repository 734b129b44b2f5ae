"""Factories for policies, participations to claim for, claims and their lines."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from spp.catalog.models import Enrolment, Participation
from spp.catalog.tests.factories import EnrolmentFactory, ServiceFactory
from spp.core.tests.factories import MembershipFactory, UserFactory
from spp.expenses.models import Claim, ClaimLine, CostCategory, Policy, PolicyCost


class PolicyFactory(factory.django.DjangoModelFactory):
    """A reimbursement policy covering mileage (no receipt) and meals (receipt above 0 €)."""

    class Meta:
        model = Policy
        skip_postgeneration_save = True

    service = factory.SubFactory(ServiceFactory)
    kind = Policy.Kind.REIMBURSEMENT
    claim_deadline_days = 90
    bulk_approval_allowed = True

    @factory.post_generation
    def costs(policy, create, extracted, **kwargs):
        if not create:
            return
        categories = extracted if extracted is not None else [
            (CostCategory.MILEAGE, None), (CostCategory.MEALS, Decimal("0"))]
        for category, receipt_required_above in categories:
            PolicyCost.objects.create(policy=policy, category=category,
                                      receipt_required_above=receipt_required_above)


class ParticipationFactory(factory.django.DjangoModelFactory):
    """An attended three-hour shift yesterday at 18:00 (local time), by an enrolled person."""

    class Meta:
        model = Participation
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    pseudonym = factory.LazyAttribute(lambda o: o.user.pseudonym)
    service = factory.SubFactory(ServiceFactory)
    kind = Participation.Kind.SHIFT
    quantity = Decimal("3")
    unit = Participation.Unit.HOURS
    occurred_at = factory.LazyFunction(
        lambda: timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0)
        - timedelta(days=1))
    source_key = factory.Sequence(lambda n: f"tests.participation:{n}")
    description = "Garde de test"

    @factory.post_generation
    def enrolled(participation, create, extracted, **kwargs):
        if create and extracted is not False and not Enrolment.objects.filter(
                user=participation.user, service=participation.service).exists():
            EnrolmentFactory(user=participation.user, service=participation.service)


def _month_of(participation):
    return timezone.localtime(participation.occurred_at).date().replace(day=1)


class ClaimFactory(factory.django.DjangoModelFactory):
    """A submitted claim of 12.50 € for a meal, on the policy's service."""

    class Meta:
        model = Claim
        skip_postgeneration_save = True

    policy = factory.SubFactory(PolicyFactory)
    service = factory.LazyAttribute(lambda o: o.policy.service)
    participation = factory.LazyAttribute(
        lambda o: ParticipationFactory(service=o.service,
                                       **({"user": o.claimant} if o.claimant else {})))
    claimant = None
    status = Claim.Status.SUBMITTED
    total = Decimal("12.50")
    period_month = factory.LazyAttribute(lambda o: _month_of(o.participation))
    submitted_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("claimant") is None:
            kwargs["claimant"] = kwargs["participation"].user
        return super()._create(model_class, *args, **kwargs)

    @factory.post_generation
    def lines(claim, create, extracted, **kwargs):
        if create and extracted is not False:
            ClaimLine.objects.create(claim=claim, category=CostCategory.MEALS,
                                     description="Repas", amount=claim.total)


def coordinator_of(service):
    """A coordinator of the service's authority (who approves under the default policy)."""
    return MembershipFactory(organisation=service.authority, role="coordinator").user


def admin_of(organisation):
    return MembershipFactory(organisation=organisation, role="admin").user
