"""Reads of claims: a person's claims and what they may still claim for, one claim with its
lines and history, a service's review queue. Lists return querysets for
``spp.core.pagination.paginate``; each reads only the columns its page shows."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from spp.catalog.models import Participation
from spp.expenses.models import Claim, ClaimEvent, CostCategory, Policy
from spp.expenses.selectors.rates import rate_table_in_force

# How far back "what you can claim for" looks: the longest deadline a policy may reasonably set.
CLAIMABLE_LOOKBACK_DAYS = 366


def claims_of(user):
    """``user``'s claims, newest first (the index on claimant and creation date)."""
    return (Claim.objects.filter(claimant=user)
            .select_related("service", "participation")
            .only("id", "status", "total", "waived", "created_at", "submitted_at",
                  "period_month", "service__name", "service__slug",
                  "participation__kind", "participation__occurred_at",
                  "participation__description")
            .order_by("-created_at", "-id"))


def claimable_participations(user, *, limit: int = 20) -> list:
    """``user``'s recent acts in services with an open policy, within the policy's deadline
    and without a live claim: what the "Mes frais" page offers to claim for."""
    now = timezone.now()
    live_claim = Claim.objects.filter(participation=OuterRef("pk")).exclude(
        status__in=[Claim.Status.REJECTED, Claim.Status.WITHDRAWN])
    rows = (Participation.objects
            .filter(user=user, quantity__gt=0, occurred_at__lte=now,
                    occurred_at__gte=now - timedelta(days=CLAIMABLE_LOOKBACK_DAYS),
                    service__expense_policy__is_active=True)
            .exclude(kind__in=[Participation.Kind.INDEMNITY_PAID, Participation.Kind.CORRECTION])
            .exclude(Exists(live_claim))
            .select_related("service", "service__expense_policy")
            .order_by("-occurred_at")[: limit * 2])
    return [row for row in rows
            if row.occurred_at + timedelta(days=row.service.expense_policy.claim_deadline_days)
            >= now][:limit]


def claim_with_details(claim):
    """The claim's lines and its history, each read once."""
    return (Claim.objects.filter(pk=claim.pk)
            .select_related("service__authority", "service__operator", "policy",
                            "participation", "claimant", "decided_by")
            .prefetch_related("lines", Prefetch(
                "events", queryset=ClaimEvent.objects.select_related("actor")))
            .get())


def review_queue(service):
    """The service's submitted claims, oldest first (first come, first reviewed)."""
    return (Claim.objects.filter(service=service, status=Claim.Status.SUBMITTED)
            .select_related("claimant", "participation")
            .only("id", "total", "flags", "submitted_at", "period_month",
                  "claimant__first_name", "claimant__last_name", "claimant__email",
                  "participation__kind", "participation__occurred_at",
                  "participation__description")
            .order_by("submitted_at", "id"))


def policy_of(service):
    return Policy.objects.filter(service=service).prefetch_related("costs").first()


def claimable_categories(policy) -> list[str]:
    """The costs a person adds by hand (hourly allowances are computed from the shift)."""
    return [cost.category for cost in policy.costs.all()
            if cost.category != CostCategory.HOURLY_ALLOWANCE]


def receipt_rules(policy) -> list[dict]:
    """For the claim page: which costs need a receipt, from what amount."""
    return [{"category": cost.get_category_display(), "above": cost.receipt_required_above}
            for cost in policy.costs.all() if cost.receipt_required_above is not None]


def vehicle_choices(claim) -> list[tuple[str, str]]:
    """The vehicle classes of the mileage table in force on the participation's day; none when
    the policy does not cover kilometres or no table is in force."""
    if not any(cost.category == CostCategory.MILEAGE for cost in claim.policy.costs.all()):
        return []
    day = timezone.localtime(claim.participation.occurred_at).date()
    try:
        table = rate_table_in_force(claim.policy.mileage_table_kind, day)
    except ValidationError:  # said when the person adds kilometres (claim_line_add)
        return []
    return list(dict.fromkeys((bracket.vehicle_class, bracket.vehicle_label)
                              for bracket in table.brackets.all()))
