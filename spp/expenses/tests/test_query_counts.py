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

# What each page costs, as the tests count it: the frame (the session, the person, and the
# brand, since ``queries_for`` empties the cache) and a reviewer's memberships, then the
# page's own reads. The queue: the service, a page of claims with their names and acts and
# their capped count (the claims' index alone). "Mes frais": a page of claims with their
# count, what may still be claimed. The budget: the service, its month totals.
REVIEW_QUEUE_QUERIES, MY_CLAIMS_QUERIES, BUDGET_QUERIES = 6, 5, 6


def _claims(policy, count, **kwargs):
    return [ClaimFactory(policy=policy, **kwargs) for _ in range(count)]


def test_the_review_queue_costs_the_same_queries_whatever_the_claims(client):
    policy = PolicyFactory()
    client.force_login(coordinator_of(policy.service))
    url = reverse("expenses:review_queue", args=[policy.service.slug])
    _claims(policy, 2)
    client.get(url)
    assert queries_for(client, url) == REVIEW_QUEUE_QUERIES
    _claims(policy, 22, flags=[{"code": "late", "reason": "Envoyée tard."}])
    assert queries_for(client, url) == REVIEW_QUEUE_QUERIES
    assert queries_for(client, url + "?page=2") == REVIEW_QUEUE_QUERIES


def test_my_claims_costs_the_same_queries_whatever_the_claims(client):
    policy = PolicyFactory()
    first = ClaimFactory(policy=policy)
    client.force_login(first.claimant)
    url = reverse("expenses:my_claims")
    client.get(url)
    assert queries_for(client, url) == MY_CLAIMS_QUERIES
    for status in [Claim.Status.APPROVED, Claim.Status.REJECTED, Claim.Status.DRAFT] * 8:
        ClaimFactory(policy=policy, status=status, participation=ParticipationFactory(
            service=policy.service, user=first.claimant))
    for _ in range(3):  # acts still to claim for
        ParticipationFactory(service=policy.service, user=first.claimant)
    assert queries_for(client, url) == MY_CLAIMS_QUERIES


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
    assert queries_for(client, url) == BUDGET_QUERIES
    _claims(policy, 3)
    assert queries_for(client, url) == BUDGET_QUERIES


def test_the_acts_to_claim_for_say_what_the_participation_says(client):
    """``claimable_participations`` reads plain values: each offer still says the act's
    label (its kind's when it has no description), its measure and where its button posts."""
    policy = PolicyFactory()
    done = ParticipationFactory(service=policy.service, description="", quantity=Decimal("2.5"))
    client.force_login(done.user)
    page = client.get(reverse("expenses:my_claims")).content.decode()
    start = reverse("expenses:claim_start", args=[done.pk])
    assert f'<h3 class="card__title">{done.get_kind_display()}</h3>' in page
    assert f"{policy.service.name} — " in page and f" — {done.measure}</p>" in page
    assert f'<form method="post" action="{start}">' in page
