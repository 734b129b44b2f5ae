"""The admin of indemnification: rate tables and policies are edited there; claims, payments,
bank accounts, waivers and tax receipts are only shown."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from spp.core.tests.factories import UserFactory
from spp.expenses.models import (
    Claim,
    ClaimLine,
    CostCategory,
    HourlyRate,
    LimitUsage,
    PaymentExport,
    PayoutAccount,
    Policy,
    RateTable,
    ServiceMonthTotal,
    TaxReceipt,
    Waiver,
)
from spp.expenses.selectors.rates import rate_table_in_force
from spp.expenses.tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

IBAN = "FR7630006000011234567890189"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_every_expenses_model_has_a_list_page(admin_client):
    claim = ClaimFactory()
    PayoutAccount.objects.create(user=claim.claimant, holder_name="Camille Martin", iban=IBAN)
    for model in (
        RateTable,
        Policy,
        Claim,
        LimitUsage,
        ServiceMonthTotal,
        PaymentExport,
        PayoutAccount,
        Waiver,
        TaxReceipt,
    ):
        url = reverse(f"admin:expenses_{model._meta.model_name}_changelist")
        assert admin_client.get(url).status_code == 200, url


def test_the_iban_is_masked_in_the_accounts_list(admin_client):
    PayoutAccount.objects.create(user=UserFactory(), holder_name="Camille Martin", iban=IBAN)
    page = admin_client.get(reverse("admin:expenses_payoutaccount_changelist")).content.decode()
    assert "FR76 •••• 0189" in page
    assert IBAN not in page


def test_a_rate_table_shows_its_brackets_or_its_grades(admin_client):
    tax = RateTable.objects.get(kind=RateTable.Kind.TAX_MILEAGE, valid_from=date(2022, 1, 1))
    page = admin_client.get(reverse("admin:expenses_ratetable_change", args=[tax.pk]))
    assert "Voiture de 7 CV et plus" in page.content.decode()
    spv = RateTable.objects.get(kind=RateTable.Kind.SPV_HOURLY, valid_from=date(2025, 12, 1))
    page = admin_client.get(reverse("admin:expenses_ratetable_change", args=[spv.pk]))
    assert "13.11" in page.content.decode() or "13,11" in page.content.decode()


def test_an_admin_adds_the_next_hourly_table_and_it_applies_from_its_date(admin_client):
    """A new order is data: the admin closes nothing, adds a table from 1 January 2027 with its
    grades, and the selector takes it from that day (the latest start wins)."""
    prefix = "hourly_rates"
    data = {
        "kind": RateTable.Kind.SPV_HOURLY,
        "name": "Indemnités horaires 2027",
        "method": RateTable.Method.HOURLY,
        "valid_from": "01/01/2027",
        "valid_until": "",
        "source": "Arrêté fictif pour le test",
        "source_url": "",
        "electric_increase_percent": "0",
        "sunday_holiday_increase_percent": "50",
        "night_increase_percent": "100",
        "night_starts": "22:00",
        "night_ends": "07:00",
        "brackets-TOTAL_FORMS": "0",
        "brackets-INITIAL_FORMS": "0",
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-0-grade": "Sapeurs",
        f"{prefix}-0-qualification_code": "spv-fi",
        f"{prefix}-0-rate": "9.00",
    }
    response = admin_client.post(reverse("admin:expenses_ratetable_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert HourlyRate.objects.get(table__name="Indemnités horaires 2027").rate == Decimal("9.00")
    assert rate_table_in_force(RateTable.Kind.SPV_HOURLY, date(2026, 12, 31)).valid_from == date(
        2025, 12, 1
    )
    assert (
        rate_table_in_force(RateTable.Kind.SPV_HOURLY, date(2027, 1, 1)).name
        == "Indemnités horaires 2027"
    )


def test_a_claim_is_shown_with_its_lines_but_cannot_be_changed(admin_client):
    claim = ClaimFactory()
    ClaimLine.objects.create(
        claim=claim, category=CostCategory.OTHER, description="Péage A48", amount=Decimal("3.10")
    )
    url = reverse("admin:expenses_claim_change", args=[claim.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and "Péage A48" in page.content.decode()
    admin_client.post(url, {"status": Claim.Status.PAID})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED
    assert admin_client.get(reverse("admin:expenses_claim_add")).status_code == 403
