"""The waiver page, the operator's "Reçus fiscaux" page, the PDF download and "Mes reçus
fiscaux", through HTTP as people use them. Anyone who may not see a page gets a 404."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from spp.catalog.tests.factories import ServiceFactory
from spp.core.models import Membership
from spp.core.tests.factories import (
    MembershipFactory,
    OperatorFactory,
    UserFactory,
)
from spp.expenses.models import Claim, Policy, TaxReceipt, Waiver
from spp.expenses.services.waivers import (
    claim_waive,
    tax_receipts_issue,
    waiver_wording,
    wording_digest,
)
from spp.expenses.tests.factories import (
    ClaimFactory,
    ParticipationFactory,
    PolicyFactory,
)

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def _last_year() -> int:
    return timezone.localdate().year - 1


def waivable_claim(*, regie=False, kind=Policy.Kind.WAIVABLE, year=None, **kwargs):
    service = ServiceFactory(operator=None if regie else OperatorFactory())
    PolicyFactory(kind=kind, service=service)
    when = datetime(year or _last_year(), 6, 1, 18, tzinfo=PARIS)
    participation = ParticipationFactory(service=service, occurred_at=when)
    return ClaimFactory(policy=service.expense_policy, participation=participation, **kwargs)


def admin_of(operator):
    return MembershipFactory(organisation=operator, role=Membership.Role.ADMIN).user


def issued_receipt():
    """A claim given up, approved, and its receipt issued for last year."""
    claim = waivable_claim()
    claim_waive(
        actor=claim.claimant,
        claim=claim,
        signer_name="Anne Bernard",
        signer_address="1 rue Haute\n38500 Voiron",
    )
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.APPROVED)
    operator = claim.service.operator
    [receipt] = tax_receipts_issue(actor=admin_of(operator), operator=operator, year=_last_year())
    return receipt


# --- the waiver page ------------------------------------------------------------------------


def test_the_claimant_reads_the_wording_ticks_the_box_and_signs(client):
    claim = waivable_claim()
    client.force_login(claim.claimant)
    url = reverse("expenses:claim_waive", args=[claim.pk])
    page = client.get(url).content.decode()
    wording = waiver_wording(claim)
    assert "Je renonce expressément au remboursement des frais de ma demande" in page
    assert wording_digest(wording) in page
    response = client.post(
        url,
        {
            "signer_name": "Anne Bernard",
            "signer_address": "1 rue Haute\n38500 Voiron",
            "accept": "on",
            "digest": wording_digest(wording),
        },
    )
    assert response.status_code == 302
    waiver = Waiver.objects.get(claim=claim)
    assert waiver.wording == wording
    after = client.get(url).content.decode()
    assert "Remboursement abandonné au profit de l’association" in after
    assert "Anne Bernard" in after


def test_signing_without_ticking_the_box_keeps_what_was_typed(client):
    claim = waivable_claim()
    client.force_login(claim.claimant)
    url = reverse("expenses:claim_waive", args=[claim.pk])
    response = client.post(
        url,
        {
            "signer_name": "Anne Bernard",
            "signer_address": "1 rue Haute",
            "digest": wording_digest(waiver_wording(claim)),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Le formulaire contient des erreurs" in page
    assert 'value="Anne Bernard"' in page
    assert not Waiver.objects.exists()


def test_a_double_submit_keeps_one_waiver(client):
    claim = waivable_claim()
    client.force_login(claim.claimant)
    url = reverse("expenses:claim_waive", args=[claim.pk])
    data = {
        "signer_name": "A",
        "signer_address": "B",
        "accept": "on",
        "digest": wording_digest(waiver_wording(claim)),
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 200
    assert Waiver.objects.filter(claim=claim).count() == 1


def test_a_regie_service_shows_why_the_waiver_is_impossible(client):
    claim = waivable_claim(regie=True)
    client.force_login(claim.claimant)
    url = reverse("expenses:claim_waive", args=[claim.pk])
    page = client.get(url).content.decode()
    assert "géré en régie" in page
    assert "Signer la renonciation" not in page
    client.post(url, {"signer_name": "A", "signer_address": "B", "accept": "on", "digest": "x"})
    assert not Waiver.objects.exists()


def test_a_policy_that_is_not_waivable_shows_a_clear_message(client):
    claim = waivable_claim(kind=Policy.Kind.REIMBURSEMENT)
    client.force_login(claim.claimant)
    page = client.get(reverse("expenses:claim_waive", args=[claim.pk])).content.decode()
    assert "ne prévoit pas l’abandon des frais" in page


def test_someone_else_cannot_open_the_waiver_page(client):
    claim = waivable_claim()
    coordinator = MembershipFactory(
        organisation=claim.service.operator, role=Membership.Role.COORDINATOR
    ).user
    for user in (UserFactory(), coordinator):
        client.force_login(user)
        url = reverse("expenses:claim_waive", args=[claim.pk])
        assert client.get(url).status_code == 404
        assert (
            client.post(
                url, {"signer_name": "A", "signer_address": "B", "accept": "on", "digest": "x"}
            ).status_code
            == 404
        )
    assert not Waiver.objects.exists()


# --- the operator's receipts page -----------------------------------------------------------


def test_the_operators_admin_previews_then_issues_last_years_receipts(client):
    claim = waivable_claim(total=Decimal("42.00"))
    claim_waive(
        actor=claim.claimant, claim=claim, signer_name="Anne Bernard", signer_address="1 rue Haute"
    )
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.APPROVED)
    operator = claim.service.operator
    client.force_login(admin_of(operator))
    url = reverse("expenses:tax_receipts", args=[operator.slug])
    page = client.get(url, {"annee": _last_year()}).content.decode()
    assert "Anne Bernard" in page and "42,00 €" in page and "à émettre" in page
    response = client.post(url, {"annee": _last_year()})
    assert response.status_code == 302
    receipt = TaxReceipt.objects.get(operator=operator)
    page = client.get(response.url).content.decode()
    assert f"{_last_year()}-0001" in page
    assert reverse("expenses:tax_receipt_pdf", args=[receipt.pk]) in page


def test_the_current_year_cannot_be_issued_from_the_page(client):
    claim = waivable_claim(year=timezone.localdate().year)
    claim_waive(actor=claim.claimant, claim=claim, signer_name="A", signer_address="B")
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.APPROVED)
    operator = claim.service.operator
    client.force_login(admin_of(operator))
    url = reverse("expenses:tax_receipts", args=[operator.slug])
    year = timezone.localdate().year
    page = client.get(url, {"annee": year}).content.decode()
    assert "n’est pas terminée" in page
    response = client.post(url, {"annee": year}, follow=True)
    assert "n’est pas terminée" in response.content.decode()
    assert not TaxReceipt.objects.exists()


def test_the_receipts_page_is_a_404_for_anyone_but_the_operators_admins(client):
    operator = OperatorFactory()
    url = reverse("expenses:tax_receipts", args=[operator.slug])
    other_admin = admin_of(OperatorFactory())
    coordinator = MembershipFactory(organisation=operator, role=Membership.Role.COORDINATOR).user
    for user in (other_admin, coordinator, UserFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"annee": _last_year()}).status_code == 404


# --- the PDF and "Mes reçus fiscaux" --------------------------------------------------------


def test_the_donor_downloads_their_receipt_and_finds_it_in_my_receipts(client):
    receipt = issued_receipt()
    client.force_login(receipt.user)
    response = client.get(reverse("expenses:tax_receipt_pdf", args=[receipt.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"recu-fiscal-{receipt.number}.pdf" in response["Content-Disposition"]
    page = client.get(reverse("expenses:my_tax_receipts")).content.decode()
    assert receipt.number in page and receipt.operator.name in page


def test_the_operators_admins_download_any_of_its_receipts(client):
    receipt = issued_receipt()
    client.force_login(admin_of(receipt.operator))
    assert client.get(reverse("expenses:tax_receipt_pdf", args=[receipt.pk])).status_code == 200


def test_anyone_else_gets_a_404_for_a_receipt(client):
    receipt = issued_receipt()
    url = reverse("expenses:tax_receipt_pdf", args=[receipt.pk])
    coordinator = MembershipFactory(
        organisation=receipt.operator, role=Membership.Role.COORDINATOR
    ).user
    for user in (admin_of(OperatorFactory()), coordinator, UserFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code in (302, 404)  # sent to log in, never the PDF


def test_my_receipts_is_empty_for_someone_who_has_none(client):
    issued_receipt()
    client.force_login(UserFactory())
    page = client.get(reverse("expenses:my_tax_receipts")).content.decode()
    assert "aucun reçu fiscal" in page


def test_the_preview_warns_of_given_up_claims_still_waiting_for_a_decision(client):
    claim = waivable_claim()
    claim_waive(actor=claim.claimant, claim=claim, signer_name="A", signer_address="B")
    operator = claim.service.operator
    client.force_login(admin_of(operator))
    url = reverse("expenses:tax_receipts", args=[operator.slug])
    page = client.get(url, {"annee": _last_year()}).content.decode()
    assert "1 demande abandonnée de cette année attend encore une décision" in page
    assert "Aucun frais abandonné et validé pour cette année." in page
