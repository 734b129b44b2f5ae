"""What the payment tests build: a policy that names its payer, an admin who may export, an
approved claim whose claimant gave a bank account."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory

from spp.core.models import Membership
from spp.core.tests.factories import MembershipFactory, UserFactory
from spp.expenses.models import Claim, PayoutAccount
from spp.expenses.tests.factories import ClaimFactory, PolicyFactory

DECIDED = datetime(2026, 3, 10, 15, 30, tzinfo=ZoneInfo("Europe/Paris"))
# Valid IBANs: a Crédit Agricole account (schwifty knows its bank's BIC), a Commerzbank one
# and La Banque Postale's usual example (the payer).
IBAN_FR = "FR7630006000011234567890189"
IBAN_DE = "DE89370400440532013000"
PAYER_IBAN = "FR1420041010050500013M02606"


class PayoutAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PayoutAccount

    user = factory.SubFactory(UserFactory)
    holder_name = "Hélène Dupré"
    iban = IBAN_DE
    bic = "COBADEFFXXX"


def policy_with_payer(**kwargs):
    return PolicyFactory(
        payer_name="Commune de Voiron", payer_iban=PAYER_IBAN, payer_bic="PSSTFRPPGRE", **kwargs
    )


def admin_of(service):
    return MembershipFactory(organisation=service.authority, role=Membership.Role.ADMIN).user


def approved_claim(policy, *, total="12.50", with_account=True, **kwargs):
    """An approved claim of ``total`` €; its claimant has a payout account unless told not."""
    claim = ClaimFactory(
        policy=policy,
        status=Claim.Status.APPROVED,
        decided_at=DECIDED,
        total=Decimal(total),
        **kwargs,
    )
    if with_account and not PayoutAccount.objects.filter(user=claim.claimant).exists():
        PayoutAccountFactory(user=claim.claimant)
    return claim
