"""Giving up a claim to the operator: who may, when, with what wording, once."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from spp.catalog.tests.factories import ServiceFactory
from spp.core.models import AuditLogEntry
from spp.core.tests.factories import OperatorFactory, UserFactory
from spp.expenses.models import Claim, ClaimEvent, Policy, Waiver
from spp.expenses.services.waivers import (
    claim_waivable,
    claim_waive,
    waiver_wording,
    wording_digest,
)
from spp.expenses.tests.factories import PolicyFactory
from spp.expenses.tests.waiver_factories import (
    claim_on,
    sign,
    waivable_service,
)

pytestmark = pytest.mark.django_db


# --- waiving --------------------------------------------------------------------------------


def test_the_claimant_gives_up_a_submitted_claim_and_the_signed_text_is_kept():
    claim = claim_on(waivable_service())
    waiver = sign(claim)
    claim.refresh_from_db()
    assert claim.waived is True
    assert waiver.operator == claim.service.operator
    assert waiver.signer_name == "Camille Martin"
    assert waiver.wording == waiver_wording(claim)
    assert ClaimEvent.objects.filter(claim=claim, action="waive").count() == 1
    assert AuditLogEntry.objects.filter(
        action="expenses.claim_waive", target_id=str(claim.pk)
    ).exists()


def test_the_wording_names_the_claim_its_amount_the_operator_and_the_tax_conditions():
    operator = OperatorFactory(name="Les Amis du Covoiturage")
    claim = claim_on(waivable_service(operator), total="1234.50")
    wording = waiver_wording(claim)
    assert f"demande n° {claim.pk}" in wording
    assert "1 234,50 €" in wording
    assert "Les Amis du Covoiturage" in wording
    assert "Je renonce expressément au remboursement" in wording
    assert "à titre de don" in wording
    assert "sans contrepartie" in wording
    assert "justifiés" in wording
    assert "article 200 du code général des impôts" in wording


def test_a_draft_can_be_given_up_too():
    claim = claim_on(waivable_service(), status="draft")
    sign(claim)
    claim.refresh_from_db()
    assert claim.waived and claim.status == Claim.Status.DRAFT


def test_a_regie_service_without_operator_refuses_the_waiver_with_a_clear_message():
    service = ServiceFactory(operator=None)
    PolicyFactory(kind=Policy.Kind.WAIVABLE, service=service)
    claim = claim_on(service)
    with pytest.raises(ValidationError, match="régie"):
        sign(claim)
    assert not Waiver.objects.exists()
    claim.refresh_from_db()
    assert claim.waived is False


def test_a_policy_that_is_not_waivable_refuses_the_waiver():
    service = ServiceFactory(operator=OperatorFactory())
    PolicyFactory(kind=Policy.Kind.REIMBURSEMENT, service=service)
    claim = claim_on(service)
    with pytest.raises(ValidationError, match="ne prévoit pas l’abandon"):
        sign(claim)
    waivable, reason = claim_waivable(claim)
    assert not waivable and "ne prévoit pas l’abandon" in reason
    assert not Waiver.objects.exists()


@pytest.mark.parametrize("status", ["approved", "rejected", "withdrawn"])
def test_a_claim_already_decided_cannot_be_given_up(status):
    claim = claim_on(waivable_service(), status=status)
    with pytest.raises(ValidationError, match="brouillon ou envoyée"):
        sign(claim)
    assert not Waiver.objects.exists()


def test_only_the_claimant_may_give_up_a_claim():
    claim = claim_on(waivable_service())
    with pytest.raises(ValidationError, match="n’est pas la vôtre"):
        claim_waive(actor=UserFactory(), claim=claim, signer_name="X", signer_address="Y")
    assert not Waiver.objects.exists()


def test_name_and_address_are_required_for_the_receipt():
    claim = claim_on(waivable_service())
    with pytest.raises(ValidationError) as error:
        sign(claim, name=" ", address="")
    assert set(error.value.error_dict) == {"signer_name", "signer_address"}


def test_a_second_submission_returns_the_waiver_already_signed():
    claim = claim_on(waivable_service())
    first = sign(claim)
    again = sign(claim, name="Autre nom")
    assert again.pk == first.pk
    assert Waiver.objects.count() == 1
    assert ClaimEvent.objects.filter(claim=claim, action="waive").count() == 1


def test_the_database_refuses_a_second_waiver_for_the_same_claim():
    claim = claim_on(waivable_service())
    first = sign(claim)
    with pytest.raises(IntegrityError):
        Waiver.objects.create(
            claim=claim,
            operator=first.operator,
            wording="x",
            signer_name="x",
            signer_address="x",
            signed_at=first.signed_at,
        )


def test_a_signature_on_a_text_that_changed_since_it_was_shown_is_refused():
    claim = claim_on(waivable_service(), total="10.00")
    shown = wording_digest(waiver_wording(claim))
    Claim.objects.filter(pk=claim.pk).update(total=Decimal("99.00"))
    with pytest.raises(ValidationError, match="relisez"):
        claim_waive(
            actor=claim.claimant, claim=claim, signer_name="A", signer_address="B", digest=shown
        )
    assert not Waiver.objects.exists()


# --- under concurrency (real threads, real PostgreSQL row locks) ---------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_signatures_sent_at_the_same_instant_make_one_waiver():
    from spp.ops.query_counts import at_once

    claim = claim_on(waivable_service())
    waivers = at_once([lambda: sign(claim).pk for _ in range(6)])
    assert len(set(waivers)) == 1
    assert Waiver.objects.filter(claim=claim).count() == 1
    assert ClaimEvent.objects.filter(claim=claim, action="waive").count() == 1
