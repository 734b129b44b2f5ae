"""Query-count guards of the expenses lists: the review queue, "Mes frais" and the budget
cost as many queries with a full page of claims (and more beyond it) as with two, and
their rows say what the model's displays say."""

from decimal import Decimal

import pytest
from django.urls import reverse

from spp.expenses.models import Claim
from spp.expenses.tests.factories import (
    ClaimFactory,
    ParticipationFactory,
    PolicyFactory,
    coordinator_of,
)
from spp.ops.query_counts import queries_for

pytestmark = pytest.mark.django_db


def _claims(policy, count, **kwargs):
    return [ClaimFactory(policy=policy, **kwargs) for _ in range(count)]


def test_the_review_queue_costs_the_same_queries_whatever_the_claims(client):
    policy = PolicyFactory()
    client.force_login(coordinator_of(policy.service))
    url = reverse("expenses:review_queue", args=[policy.service.slug])
    _claims(policy, 2)
    client.get(url)
    few = queries_for(client, url)
    _claims(policy, 22, flags=[{"code": "late", "reason": "Envoyée tard."}])
    assert queries_for(client, url) == few


def test_my_claims_costs_the_same_queries_whatever_the_claims(client):
    policy = PolicyFactory()
    first = ClaimFactory(policy=policy)
    client.force_login(first.claimant)
    url = reverse("expenses:my_claims")
    client.get(url)
    few = queries_for(client, url)
    for status in [Claim.Status.APPROVED, Claim.Status.REJECTED, Claim.Status.DRAFT] * 8:
        ClaimFactory(policy=policy, status=status, participation=ParticipationFactory(
            service=policy.service, user=first.claimant))
    assert queries_for(client, url) == few


def test_the_rows_say_the_number_amount_act_and_state(client):
    policy = PolicyFactory()
    claim = ClaimFactory(policy=policy, total=Decimal("1234.50"), status=Claim.Status.APPROVED)
    client.force_login(claim.claimant)
    page = client.get(reverse("expenses:my_claims")).content.decode()
    detail = reverse("expenses:claim_detail", args=[claim.pk])
    assert f'<a href="{detail}">Demande n° {claim.pk}</a> — 1\xa0234,50 €' in page
    assert '<span class="badge badge--success">Validée</span>' in page
    assert "Garde de test" in page
    claim.status = Claim.Status.SUBMITTED
    claim.save(update_fields=["status"])
    client.force_login(coordinator_of(policy.service))
    page = client.get(reverse("expenses:review_queue", args=[policy.service.slug])).text
    assert f"Choisir la demande n° {claim.pk}" in page and "envoyée le " in page
    name = claim.claimant.get_full_name() or claim.claimant.email
    assert f"{name} — Garde de test, " in page


def test_the_budget_reads_its_months_and_years_in_one_query(client):
    policy = PolicyFactory(monthly_budget=Decimal("100"))
    client.force_login(coordinator_of(policy.service))
    url = reverse("expenses:service_budget", args=[policy.service.slug])
    client.get(url)
    few = queries_for(client, url)
    _claims(policy, 3)
    assert queries_for(client, url) == few
