"""Reads of claims: a person's claims and what they may still claim for, one claim with its
lines and history, a service's review queue. Lists return querysets of claims for
``spp.core.pagination.paginate`` and the columns their pages show (``CLAIM_FIELDS``,
``REVIEW_FIELDS``)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext

from spp.catalog.models import Participation
from spp.core.formatting import choice_labels, date_formatter, quantity_label
from spp.core.links import link_for_pk
from spp.core.models import User
from spp.expenses.models import Claim, ClaimEvent, CostCategory, Policy
from spp.expenses.selectors.rates import rate_table_in_force

# How far back "what you can claim for" looks: the longest deadline a policy may reasonably set.
CLAIMABLE_LOOKBACK_DAYS = 366


def claims_of(user) -> QuerySet[Claim]:
    """``user``'s claims, newest first (the index on claimant and creation date). No column is
    joined here, so that counting them reads that index alone: the page shows
    ``CLAIM_FIELDS`` of a page (``paginate(counted=...)``), which ``claim_rows`` formats."""
    return Claim.objects.filter(claimant=user).order_by("-created_at", "-id")


# The columns of a person's list and of the review queue: plain values, the service, the act
# and (for the queue) the claimant joined in the page's query, no model built per row.
CLAIM_FIELDS = ("id", "status", "total", "waived", "service__name", "participation__kind",
                "participation__occurred_at", "participation__description")
REVIEW_FIELDS = ("id", "total", "flags", "submitted_at", "claimant__first_name",
                 "claimant__last_name", "claimant__email", "participation__kind",
                 "participation__occurred_at", "participation__description")


# The badge of a claim's state, as components/status_badge.html colours it ("info" otherwise).
_STATUS_BADGES = {Claim.Status.APPROVED: "success", Claim.Status.REJECTED: "danger"}


def _euros(amount) -> str:
    """As ``{{ amount|floatformat:"2g" }}``: two decimals, grouped by thousands."""
    return number_format(amount, 2, force_grouping=True)


def _claim_cells(rows) -> list[dict]:
    """What every claim row of a page shows, formatted once here: its number, link, amount,
    and the act it claims for (its label and day)."""
    rows = list(rows)
    link, day = link_for_pk("expenses:claim_detail"), date_formatter("j F Y")
    kinds, tz = choice_labels(Participation.Kind), timezone.get_current_timezone()
    number = gettext("Demande n° %(n)s")
    for row in rows:
        row["url"], row["title"] = link(row["id"]), number % {"n": row["id"]}
        row["amount"] = _euros(row["total"])
        row["act"] = row["participation__description"] or kinds.get(
            row["participation__kind"], row["participation__kind"])
        row["act_day"] = day(row["participation__occurred_at"].astimezone(tz))
    return rows


def claim_rows(rows) -> list[dict]:
    """A page of ``claims_of``: each row with its cells (``_claim_cells``) and its state's
    label and badge."""
    rows = _claim_cells(rows)
    labels = choice_labels(Claim.Status)
    for row in rows:
        row["status_label"] = labels.get(row["status"], row["status"])
        row["badge"] = _STATUS_BADGES.get(row["status"], "info")
    return rows


def claimable_participations(user, *, limit: int = 20) -> list[dict]:
    """``user``'s recent acts in services with an open policy, within the policy's deadline
    and without a live claim: what the "Mes frais" page offers to claim for. Plain values
    (the columns the page shows, not three model instances a row), each with its title (the
    description, else the kind's label), its measure (``Participation.measure``) and the
    address its button posts to, formatted once here."""
    now = timezone.now()
    live_claim = Claim.objects.filter(participation=OuterRef("pk")).exclude(
        status__in=[Claim.Status.REJECTED, Claim.Status.WITHDRAWN])
    rows = (Participation.objects
            .filter(user=user, quantity__gt=0, occurred_at__lte=now,
                    occurred_at__gte=now - timedelta(days=CLAIMABLE_LOOKBACK_DAYS),
                    service__expense_policy__is_active=True)
            .exclude(kind__in=[Participation.Kind.INDEMNITY_PAID, Participation.Kind.CORRECTION])
            .exclude(Exists(live_claim))
            .values("id", "kind", "description", "quantity", "unit", "occurred_at",
                    "service__name", "service__expense_policy__claim_deadline_days")
            .order_by("-occurred_at")[: limit * 2])
    rows = [row for row in rows
            if row["occurred_at"] + timedelta(
                days=row["service__expense_policy__claim_deadline_days"]) >= now][:limit]
    link = link_for_pk("expenses:claim_start")
    kinds, units = choice_labels(Participation.Kind), choice_labels(Participation.Unit)
    for row in rows:
        row["start_url"] = link(row["id"])
        row["title"] = row["description"] or kinds.get(row["kind"], row["kind"])
        number = quantity_label(row["quantity"])
        row["measure"] = (number if row["unit"] == Participation.Unit.COUNT
                          else f"{number} {units.get(row['unit'], row['unit'])}")
    return rows


def claim_with_details(claim):
    """The claim's lines and its history, each read once."""
    return (Claim.objects.filter(pk=claim.pk)
            .select_related("service__authority", "service__operator", "policy",
                            "participation", "claimant", "decided_by")
            .prefetch_related("lines", Prefetch(
                "events", queryset=ClaimEvent.objects.select_related("actor")))
            .get())


def review_queue(service) -> QuerySet[Claim]:
    """The service's submitted claims, oldest first (first come, first reviewed). No column is
    joined here, so that counting the queue (up to a thousand rows) reads the claims' index
    alone: a join to the claimant and the act, kept in that count, would make PostgreSQL look
    up a thousand people and acts (7 ms on the benchmark's queue, against 0.3 ms). The page
    shows ``REVIEW_FIELDS`` of a page (``paginate(counted=...)``), which ``review_rows``
    formats."""
    return (Claim.objects.filter(service=service, status=Claim.Status.SUBMITTED)
            .order_by("submitted_at", "id"))


def review_rows(rows) -> list[dict]:
    """A page of ``review_queue``: each row with its cells (``_claim_cells``), the claimant's
    name (as ``get_full_name``, else the email) and the sentences the row says."""
    rows = _claim_cells(rows)
    day, tz = date_formatter("j F Y"), timezone.get_current_timezone()
    choose, sent = gettext("Choisir la demande n° %(n)s"), gettext("envoyée le %(d)s")
    for row in rows:
        row["claimant"] = User.label_for(row["claimant__first_name"],
                                         row["claimant__last_name"], row["claimant__email"])
        row["number"] = str(row["id"])  # as {{ id }} writes it, without localizing it thrice
        row["choose_label"] = choose % {"n": row["id"]}
        row["sent"] = sent % {"d": day(row["submitted_at"].astimezone(tz))}
    return rows


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
