"""Giving up a claim to the operator and issuing the yearly tax receipts (services and
selectors). Years are computed from a pinned ``today`` or relative to the real one, so the
tests pass on any date."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from spp.catalog.tests.factories import ServiceFactory
from spp.core.models import AuditLogEntry, Membership, Notification
from spp.core.tests.factories import MembershipFactory, OperatorFactory, UserFactory
from spp.expenses.models import Claim, ClaimEvent, Policy, TaxReceipt, Waiver
from spp.expenses.selectors.waivers import (
    tax_receipt_donors,
    tax_receipt_preview,
    tax_receipts_of_operator,
    tax_receipts_of_user,
)
from spp.expenses.services import claims as claim_services
from spp.expenses.services.waivers import (
    claim_waivable,
    claim_waive,
    tax_receipts_issue,
    waiver_wording,
    wording_digest,
)
from spp.expenses.tests.factories import ClaimFactory, ParticipationFactory, PolicyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("spp.expenses.tests.test_waiver_views")]

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


# --- issuing the receipts -----------------------------------------------------------------


def test_receipts_sum_each_donors_approved_waived_claims_of_the_year():
    service = waivable_service()
    operator = service.operator
    donor = UserFactory()
    for total in ("10.00", "22.50"):
        claim = claim_on(service, claimant=donor, total=total)
        sign(claim)
        approve(claim)
    receipts = tax_receipts_issue(
        actor=operator_admin(operator), operator=operator, year=YEAR, today=TODAY
    )
    assert len(receipts) == 1
    receipt = receipts[0]
    assert (receipt.user, receipt.year, receipt.amount) == (donor, YEAR, Decimal("32.50"))
    assert receipt.number == f"{YEAR}-0001"
    assert receipt.donor_address == "3 rue des Lilas\n38500 Voiron"


def test_only_approved_waived_claims_of_that_year_and_operator_count():
    service = waivable_service()
    operator = service.operator
    donor = UserFactory()
    counted = claim_on(service, claimant=donor, total="5.00")
    sign(counted)
    approve(counted)
    still_submitted = claim_on(service, claimant=donor, total="100.00")
    sign(still_submitted)
    not_waived = claim_on(service, claimant=donor, total="200.00")
    approve(not_waived)
    other_year = claim_on(
        service, claimant=donor, total="300.00", when=datetime(YEAR + 1, 1, 5, 18, tzinfo=PARIS)
    )
    sign(other_year)
    approve(other_year)
    elsewhere = claim_on(waivable_service(), claimant=donor, total="400.00")
    sign(elsewhere)
    approve(elsewhere)
    [receipt] = tax_receipts_issue(
        actor=operator_admin(operator), operator=operator, year=YEAR, today=TODAY
    )
    assert receipt.amount == Decimal("5.00")


def test_a_claim_of_new_years_eve_evening_counts_in_that_year_in_local_time():
    service = waivable_service()
    claim = claim_on(service, when=datetime(YEAR, 12, 31, 23, 30, tzinfo=PARIS))
    sign(claim)
    approve(claim)
    [donor] = tax_receipt_donors(service.operator, YEAR)
    assert donor["amount"] == Decimal("12.50")
    assert tax_receipt_donors(service.operator, YEAR + 1) == []


def test_receipts_are_numbered_in_order_of_the_donors_names_per_operator():
    service = waivable_service()
    operator = service.operator
    for name in ("Zoé Roux", "Anne Bernard", "Marc Petit"):
        claim = claim_on(service)
        sign(claim, name=name)
        approve(claim)
    other = waivable_service()
    claim = claim_on(other)
    sign(claim)
    approve(claim)
    admin = operator_admin(operator)
    made = tax_receipts_issue(actor=admin, operator=operator, year=YEAR, today=TODAY)
    assert [(r.number, r.donor_name) for r in made] == [
        (f"{YEAR}-0001", "Anne Bernard"),
        (f"{YEAR}-0002", "Marc Petit"),
        (f"{YEAR}-0003", "Zoé Roux"),
    ]
    [theirs] = tax_receipts_issue(
        actor=operator_admin(other.operator), operator=other.operator, year=YEAR, today=TODAY
    )
    assert theirs.number == f"{YEAR}-0001"


def test_the_donor_name_and_address_come_from_their_latest_waiver():
    service = waivable_service()
    donor = UserFactory()
    first = claim_on(service, claimant=donor)
    sign(first, name="Camille Martin", address="Ancienne adresse")
    later = claim_on(service, claimant=donor)
    sign(later, name="Camille Martin-Durand", address="Nouvelle adresse")
    approve(first)
    approve(later)
    [receipt] = tax_receipts_issue(
        actor=operator_admin(service.operator), operator=service.operator, year=YEAR, today=TODAY
    )
    assert (receipt.donor_name, receipt.donor_address) == (
        "Camille Martin-Durand",
        "Nouvelle adresse",
    )


def test_issuing_again_only_makes_receipts_for_donors_who_have_none():
    service = waivable_service()
    operator = service.operator
    admin = operator_admin(operator)
    claim = claim_on(service)
    sign(claim, name="Anne Bernard")
    approve(claim)
    [first] = tax_receipts_issue(actor=admin, operator=operator, year=YEAR, today=TODAY)
    assert tax_receipts_issue(actor=admin, operator=operator, year=YEAR, today=TODAY) == []
    late = claim_on(service)
    sign(late, name="Bruno Adam")
    approve(late)
    [second] = tax_receipts_issue(actor=admin, operator=operator, year=YEAR, today=TODAY)
    assert (first.number, second.number) == (f"{YEAR}-0001", f"{YEAR}-0002")
    assert TaxReceipt.objects.filter(operator=operator).count() == 2


def test_the_database_keeps_one_receipt_per_donor_operator_and_year():
    service = waivable_service()
    claim = claim_on(service)
    sign(claim)
    approve(claim)
    [receipt] = tax_receipts_issue(
        actor=operator_admin(service.operator), operator=service.operator, year=YEAR, today=TODAY
    )
    with pytest.raises(IntegrityError):
        TaxReceipt.objects.create(
            operator=service.operator,
            user=receipt.user,
            year=YEAR,
            number=f"{YEAR}-0099",
            donor_name="x",
            donor_address="x",
            amount=Decimal("1"),
            issued_at=receipt.issued_at,
        )


def test_a_year_that_is_not_over_is_refused_whatever_the_date():
    service = waivable_service()
    admin = operator_admin(service.operator)
    for today in (date(YEAR, 1, 1), date(YEAR, 12, 31)):
        with pytest.raises(ValidationError, match="n’est pas terminée"):
            tax_receipts_issue(actor=admin, operator=service.operator, year=YEAR, today=today)
    # Without a pinned day: the current year is refused, whichever it is.
    from django.utils import timezone

    with pytest.raises(ValidationError, match="n’est pas terminée"):
        tax_receipts_issue(actor=admin, operator=service.operator, year=timezone.localdate().year)


def test_only_the_operators_admins_issue_its_receipts():
    service = waivable_service()
    claim = claim_on(service)
    sign(claim)
    approve(claim)
    coordinator = MembershipFactory(
        organisation=service.operator, role=Membership.Role.COORDINATOR
    ).user
    other_admin = operator_admin(OperatorFactory())
    for actor in (coordinator, other_admin, claim.claimant):
        with pytest.raises(ValidationError, match="administrateurs"):
            tax_receipts_issue(actor=actor, operator=service.operator, year=YEAR, today=TODAY)
    assert not TaxReceipt.objects.exists()


def test_issuing_tells_each_donor_with_a_link_and_is_audited():
    service = waivable_service()
    claim = claim_on(service)
    sign(claim)
    approve(claim)
    admin = operator_admin(service.operator)
    [receipt] = tax_receipts_issue(actor=admin, operator=service.operator, year=YEAR, today=TODAY)
    notification = Notification.objects.get(recipient=claim.claimant)
    assert notification.url == f"/frais/recus-fiscaux/{receipt.pk}/recu.pdf"
    assert receipt.number in notification.body
    entry = AuditLogEntry.objects.get(action="expenses.tax_receipts_issue")
    assert entry.actor == admin and entry.data["count"] == 1


def test_a_claim_waived_then_approved_through_the_review_counts_in_the_budget_and_receipt():
    service = waivable_service()
    coordinator = MembershipFactory(
        organisation=service.operator, role=Membership.Role.COORDINATOR
    ).user
    claim = claim_on(service, total="40.00")
    sign(claim)
    claim_services.claim_approve(actor=coordinator, claim=claim)
    [donor] = tax_receipt_donors(service.operator, YEAR)
    assert donor["amount"] == Decimal("40.00")
    assert service.expense_month_totals.get().waived_amount == Decimal("40.00")


# --- selectors ------------------------------------------------------------------------------


def test_the_preview_shows_who_would_get_a_receipt_and_what_still_waits():
    service = waivable_service()
    operator = service.operator
    admin = operator_admin(operator)
    issued = claim_on(service, total="7.00")
    sign(issued, name="Anne Bernard")
    approve(issued)
    tax_receipts_issue(actor=admin, operator=operator, year=YEAR, today=TODAY)
    waiting = claim_on(service, total="8.00")
    sign(waiting, name="Bruno Adam")
    approve(waiting)
    sign(claim_on(service, total="9.00"))  # submitted: not yet decided
    preview = tax_receipt_preview(operator, YEAR)
    assert [(d["donor_name"], d["amount"], d["receipt_number"]) for d in preview["donors"]] == [
        ("Anne Bernard", Decimal("7.00"), f"{YEAR}-0001"),
        ("Bruno Adam", Decimal("8.00"), None),
    ]
    assert preview["to_issue_total"] == Decimal("8.00")
    assert preview["pending_count"] == 1


def test_a_persons_receipts_and_an_operators_receipts_of_a_year():
    service = waivable_service()
    claim = claim_on(service)
    sign(claim)
    approve(claim)
    [receipt] = tax_receipts_issue(
        actor=operator_admin(service.operator), operator=service.operator, year=YEAR, today=TODAY
    )
    assert list(tax_receipts_of_user(claim.claimant)) == [receipt]
    assert list(tax_receipts_of_user(UserFactory())) == []
    assert list(tax_receipts_of_operator(service.operator, YEAR)) == [receipt]
    assert list(tax_receipts_of_operator(service.operator, YEAR - 1)) == []


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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_admins_issuing_at_once_make_one_receipt_per_donor_numbered_without_gaps():
    from spp.ops.query_counts import at_once

    service = waivable_service()
    operator = service.operator
    for name in ("Anne", "Bruno", "Chloé", "David"):
        claim = claim_on(service)
        sign(claim, name=name)
        approve(claim)
    admins = [operator_admin(operator) for _ in range(2)]
    made = at_once(
        [
            lambda a=a: len(tax_receipts_issue(actor=a, operator=operator, year=YEAR, today=TODAY))
            for a in admins
        ]
    )
    assert sorted(made) == [0, 4]
    assert sorted(
        TaxReceipt.objects.filter(operator=operator).values_list("number", flat=True)
    ) == [f"{YEAR}-000{n}" for n in range(1, 5)]
