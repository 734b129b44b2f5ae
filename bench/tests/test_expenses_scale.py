"""The expenses scale generator writes data the app could have written itself: every claim is
its claimant's, one live claim per participation, the budget's month totals, the ceilings'
usage and the payment runs add up to the claims, every status is there. Generated at a tiny
scale, on a pinned day (the data is dated from "now")."""

import random
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, F
from freezegun import freeze_time

from spp.catalog.models import Enrolment, Participation
from spp.core.models import User
from spp.expenses import scale
from spp.expenses.models import (
    Claim,
    ClaimLine,
    LimitUsage,
    PaymentExport,
    PayoutAccount,
    ServiceMonthTotal,
)

CONTRIBUTORS = 40
SETTLED = (Claim.Status.APPROVED, Claim.Status.PAID)


@pytest.fixture
def generated(db):
    with freeze_time("2026-03-24 09:30:00"):
        written = scale.generate(count=CONTRIBUTORS, rng=random.Random(16), log=lambda _m: None)
    return written


def _claims():
    return Claim.objects.filter(service__slug=scale.SLUG)


def test_every_contributor_is_enrolled_with_a_bank_account_and_claims_for_their_own_acts(
        generated):
    claims = _claims()
    assert Enrolment.objects.filter(service__slug=scale.SLUG, status="active").count() == \
        CONTRIBUTORS
    assert PayoutAccount.objects.filter(user__enrolments__service__slug=scale.SLUG).count() == \
        CONTRIBUTORS
    assert claims.count() == Participation.objects.filter(service__slug=scale.SLUG,
                                                          kind="shift").count()
    assert not claims.exclude(participation__user_id=F("claimant_id")).exists()
    assert not claims.exclude(participation__service_id=F("service_id")).exists()
    assert claims.values("participation").annotate(n=Count("id")).filter(n__gt=1).count() == 0
    assert claims.filter(claimant__email=scale.CONTRIBUTOR).count() == scale.CONTRIBUTOR_CLAIMS
    connection.check_constraints()  # the deferred foreign keys too


def test_claims_are_in_every_status_with_the_dates_their_status_needs(generated):
    claims = _claims()
    by_status = dict(claims.values_list("status").annotate(n=Count("id")))
    assert set(by_status) == set(Claim.Status.values), by_status
    assert by_status["paid"] > by_status["submitted"] > 0
    assert not claims.filter(status="draft", submitted_at__isnull=False).exists()
    assert not claims.filter(status__in=["approved", "paid", "rejected"],
                             decided_at__isnull=True).exists()
    assert not claims.filter(status="rejected", decision_reason="").exists()
    assert not claims.filter(status="paid", payment__isnull=True).exists()
    assert not claims.exclude(status="paid").filter(payment__isnull=False).exists()
    assert not claims.filter(status="paid", paid_at__lte=F("decided_at")).exists()


def test_each_claims_total_is_the_sum_of_its_one_or_two_lines(generated):
    lines = defaultdict(list)  # summed in Python: SQLite sums decimals as floats
    for claim_id, amount in ClaimLine.objects.filter(claim__service__slug=scale.SLUG) \
            .values_list("claim_id", "amount"):
        lines[claim_id].append(amount)
    totals = dict(_claims().values_list("id", "total"))
    assert {claim_id: sum(amounts) for claim_id, amounts in lines.items()} == totals
    assert {len(amounts) for amounts in lines.values()} == {1, 2}
    assert not ClaimLine.objects.filter(claim__service__slug=scale.SLUG, category="mileage") \
        .exclude(amount__gt=0).exists()


def test_every_paid_claim_is_a_ledger_row_of_its_own_kind_with_the_amount_paid(generated):
    paid = dict(_claims().filter(status="paid").values_list("pk", "total"))
    rows = Participation.objects.filter(service__slug=scale.SLUG, kind="indemnity_paid")
    assert {int(key.split(":")[1]): quantity
            for key, quantity in rows.values_list("source_key", "quantity")} == paid
    assert not rows.exclude(unit="eur").exists()


def test_a_claim_is_flagged_when_it_was_sent_with_a_round_meal_and_only_then(generated):
    round_meal = {claim_id for claim_id, amount in ClaimLine.objects.filter(
        claim__service__slug=scale.SLUG, category="meals").values_list("claim_id", "amount")
        if amount % 10 == 0}
    sent = _claims().filter(submitted_at__isnull=False)
    flagged = {claim.pk: claim.flags for claim in sent.exclude(flags=[])}
    assert set(flagged) == round_meal & set(sent.values_list("pk", flat=True)) != set()
    assert {flag["code"] for flags in flagged.values() for flag in flags} == {"flat_amount"}
    assert not _claims().filter(submitted_at__isnull=True).exclude(flags=[]).exists()


def test_the_budget_months_add_up_the_approved_and_paid_claims(generated):
    expected = defaultdict(lambda: [0, Decimal(0), Decimal(0)])
    for month, status, total in _claims().filter(status__in=SETTLED).values_list(
            "period_month", "status", "total"):
        expected[month][0] += 1
        expected[month][1] += total
        expected[month][2] += total if status == "paid" else 0
    kept = {row.month: [row.approved_count, row.approved_amount, row.paid_amount]
            for row in ServiceMonthTotal.objects.filter(service__slug=scale.SLUG)}
    assert kept == dict(expected)
    assert len(kept) >= 24  # two years of months


def test_each_payment_run_counts_the_claims_it_paid(generated):
    paid = defaultdict(list)
    for export_id, total in _claims().filter(status="paid").values_list("payment_id", "total"):
        paid[export_id].append(total)
    exports = PaymentExport.objects.filter(service__slug=scale.SLUG)
    assert exports.count() >= 20
    assert {e.pk: (e.claim_count, e.total) for e in exports} == {
        export_id: (len(totals), sum(totals)) for export_id, totals in paid.items()}
    assert not _claims().filter(status="paid", decided_at__gte=F("payment__created_at")).exists()


def test_the_ceilings_usage_is_what_each_person_had_approved_and_stays_under_the_ceiling(
        generated):
    expected = defaultdict(Decimal)
    for user_id, month, total in _claims().filter(status__in=SETTLED).values_list(
            "claimant_id", "period_month", "total"):
        expected[(user_id, "month", month)] += total
        expected[(user_id, "year", month.replace(month=1))] += total
    usages = LimitUsage.objects.filter(policy__service__slug=scale.SLUG)
    assert {(u.user_id, u.period, u.period_start): u.used for u in usages} == dict(expected)
    assert not usages.filter(used__gt=F("ceiling")).exists()


@pytest.mark.parametrize("count", [1, 7])
def test_payable_claims_are_approved_unpaid_and_counted_in_the_budget(db, count):
    service = scale.payable_claims(slug="paiement-essai", count=count, rng=random.Random(3),
                                   log=lambda _m: None)
    claims = Claim.objects.filter(service=service)
    assert claims.count() == claims.filter(status="approved", payment__isnull=True).count() \
        == count
    assert not claims.filter(claimant__payout_account__isnull=True).exists()
    kept = ServiceMonthTotal.objects.filter(service=service)
    assert sum(row.approved_count for row in kept) == count
    assert sum(row.approved_amount for row in kept) == sum(c.total for c in claims)
    assert not PaymentExport.objects.filter(service=service).exists()


def test_a_second_run_adds_nothing(generated):
    claims = _claims().count()
    assert scale.generate(count=CONTRIBUTORS, rng=random.Random(1), log=lambda _m: None) == 0
    assert _claims().count() == claims


def test_each_benchmark_case_answers_its_signed_in_person_with_the_rows_it_measures(
        generated, client):
    """The queue starts with the claim waiting longest, "Mes frais" with the newest claim."""
    from bench.cases import expenses as expenses_cases

    cases = {case.name: case for case in expenses_cases.cases("tiny")}
    assert list(cases) == ["expenses.review_queue", "expenses.my_claims",
                           "expenses.service_budget"]
    pages = {}
    for name, case in cases.items():
        client.force_login(User.objects.get(email=case.login_email))
        response = client.get(case.path, {"_cold": "1"})
        assert response.status_code == case.expected_status, name
        pages[name] = response.content.decode()
    oldest = _claims().filter(status="submitted").order_by("submitted_at", "pk").first()
    newest = _claims().filter(claimant__email=scale.CONTRIBUTOR).order_by("-created_at").first()
    assert f"Demande n° {oldest.pk}<" in pages["expenses.review_queue"]
    assert f"Demande n° {newest.pk}<" in pages["expenses.my_claims"]


def test_the_cases_are_left_out_of_a_database_without_the_expenses_data(db):
    from bench.cases import expenses as expenses_cases

    assert expenses_cases.cases("tiny") == []
