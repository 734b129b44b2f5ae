"""Issuing the yearly tax receipts for waived claims, and reading them (services and
selectors). Years come from a pinned ``TODAY`` or are relative to the real one."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from spp.core.models import AuditLogEntry, Membership, Notification
from spp.core.tests.factories import MembershipFactory, OperatorFactory, UserFactory
from spp.expenses.models import TaxReceipt
from spp.expenses.selectors.waivers import (
    tax_receipt_donors,
    tax_receipt_preview,
    tax_receipts_of_operator,
    tax_receipts_of_user,
)
from spp.expenses.services import claims as claim_services
from spp.expenses.services.waivers import (
    tax_receipts_issue,
)
from spp.expenses.tests.waiver_factories import (
    PARIS,
    TODAY,
    YEAR,
    approve,
    claim_on,
    operator_admin,
    sign,
    waivable_service,
)

pytestmark = pytest.mark.django_db


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
