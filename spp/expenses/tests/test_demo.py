"""The expenses demo: every service with a policy, claims in every state, a payment export and
a signed waiver; running it twice creates nothing more."""

import pytest

from spp.expenses.models import Claim, PaymentExport, Policy, Waiver
from spp.ops.demo import seed_demo


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_the_demo_has_claims_in_every_state_and_is_idempotent():
    seed_demo(log=lambda *a: None)
    assert set(Policy.objects.values_list("kind", flat=True)) == {
        "spv_allowance", "waivable", "reimbursement"}
    assert set(Claim.objects.values_list("status", flat=True)) == set(Claim.Status.values)
    assert Claim.objects.filter(service__slug="spv-voiron", lines__category="hourly_allowance",
                                total__gt=0).exists()
    assert (PaymentExport.objects.count(), Waiver.objects.count()) == (1, 1)
    counts = (Claim.objects.count(), PaymentExport.objects.count())
    seed_demo(log=lambda *a: None)
    assert counts == (Claim.objects.count(), PaymentExport.objects.count())
