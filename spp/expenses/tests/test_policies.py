"""The authority's admins set a service's policy on its page; nobody else may, and what cannot
work (a gift of costs in a régie service, a payer IBAN with a typo) is refused on the form."""

from decimal import Decimal

import pytest
from django.urls import reverse

from spp.catalog.tests.factories import ServiceFactory
from spp.core.models import AuditLogEntry
from spp.expenses.models import Policy
from spp.expenses.tests.factories import PolicyFactory, admin_of, coordinator_of

pytestmark = pytest.mark.django_db

TERMS = {"kind": "reimbursement", "is_active": "on", "claim_deadline_days": "60",
         "approver": "coordinator", "ceiling_per_month": "150,00", "monthly_budget": "800",
         "cover_mileage": "on", "receipt_mileage": "", "cover_meals": "on",
         "receipt_meals": "0", "payer_name": "Commune de Voiron",
         "payer_iban": "FR76 3000 6000 0112 3456 7890 189"}


def test_an_authority_admin_opens_a_service_to_claims(client):
    service = ServiceFactory()
    client.force_login(admin_of(service.authority))
    response = client.post(reverse("expenses:service_policy", args=[service.slug]), TERMS)
    assert response.status_code == 302
    policy = Policy.objects.get(service=service)
    assert (policy.ceiling_per_month, policy.claim_deadline_days) == (Decimal("150"), 60)
    assert policy.payer_iban == "FR7630006000011234567890189"
    assert {cost.category: cost.receipt_required_above for cost in policy.costs.all()} == {
        "mileage": None, "meals": Decimal("0")}
    assert AuditLogEntry.objects.filter(action="expenses.policy_save").exists()


def test_unchecking_a_cost_stops_covering_it(client):
    policy = PolicyFactory()
    client.force_login(admin_of(policy.service.authority))
    terms = {**TERMS, "cover_meals": ""}
    client.post(reverse("expenses:service_policy", args=[policy.service.slug]), terms)
    assert list(policy.costs.values_list("category", flat=True)) == ["mileage"]


def test_a_gift_of_costs_in_a_regie_service_and_a_bad_iban_are_refused_on_the_form(client):
    service = ServiceFactory()
    client.force_login(admin_of(service.authority))
    url = reverse("expenses:service_policy", args=[service.slug])
    page = client.post(url, {**TERMS, "payer_iban": "FR76 3000 6000 0112 3456 7890 188"})
    assert page.status_code == 400 and "faute de frappe" in page.content.decode()
    page = client.post(url, {**TERMS, "kind": "waivable"})
    assert "géré en régie" in page.content.decode()
    assert not Policy.objects.exists()


def test_coordinators_do_not_set_the_policy(client):
    policy = PolicyFactory()
    client.force_login(coordinator_of(policy.service))
    url = reverse("expenses:service_policy", args=[policy.service.slug])
    assert client.get(url).status_code == 404
