"""Reads for waivers and tax receipts: an operator's receipts of a year, a person's receipts,
and what issuing a year would produce (the preview the operator's admins check first)."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, OuterRef, Subquery, Sum

from spp.expenses.models import Claim, TaxReceipt, Waiver


def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year + 1, 1, 1)


def waived_claims_of_year(operator, year: int, statuses=(Claim.Status.APPROVED,)):
    """Claims given up to ``operator`` whose participation falls in ``year`` (its month,
    ``period_month``, is the participation's local month), in ``statuses``. A range on
    ``period_month`` rather than ``__year`` so that the (service, period_month) index
    serves it."""
    start, end = _year_bounds(year)
    return Claim.objects.filter(
        service__operator=operator,
        waived=True,
        status__in=statuses,
        period_month__gte=start,
        period_month__lt=end,
    )


def tax_receipt_donors(operator, year: int) -> list[dict]:
    """One row per contributor who gave up approved claims of ``year`` to ``operator``:
    ``user_id``, ``donor_name`` and ``donor_address`` (from their latest waiver among those
    claims), ``amount`` (the sum of the claims), ``claim_count`` and ``receipt_id`` /
    ``receipt_number`` (the receipt already issued for the year, if any). Ordered as the
    receipts are numbered: by name, then by person. One query."""
    claims = waived_claims_of_year(operator, year)
    start, end = _year_bounds(year)
    latest = Waiver.objects.filter(
        claim__claimant=OuterRef("claimant"),
        claim__service__operator=operator,
        claim__waived=True,
        claim__status=Claim.Status.APPROVED,
        claim__period_month__gte=start,
        claim__period_month__lt=end,
    ).order_by("-signed_at", "-id")
    receipt = TaxReceipt.objects.filter(operator=operator, year=year, user=OuterRef("claimant"))
    rows = (
        claims.order_by()
        .values("claimant")
        .annotate(
            amount=Sum("total"),
            claim_count=Count("id"),
            donor_name=Subquery(latest.values("signer_name")[:1]),
            donor_address=Subquery(latest.values("signer_address")[:1]),
            receipt_id=Subquery(receipt.values("id")[:1]),
            receipt_number=Subquery(receipt.values("number")[:1]),
        )
    )
    donors = [
        {
            "user_id": row["claimant"],
            "donor_name": row["donor_name"] or "",
            "donor_address": row["donor_address"] or "",
            "amount": row["amount"] or Decimal("0"),
            "claim_count": row["claim_count"],
            "receipt_id": row["receipt_id"],
            "receipt_number": row["receipt_number"],
        }
        for row in rows
    ]
    donors.sort(key=lambda d: (d["donor_name"].casefold(), d["user_id"]))
    return [d for d in donors if d["amount"] > 0]


def tax_receipt_preview(operator, year: int) -> dict:
    """What the "Reçus fiscaux" page shows before issuing: the donors, those still without a
    receipt and their total, and how many claims given up that year still wait for a decision
    (they will not be on a receipt issued now)."""
    donors = tax_receipt_donors(operator, year)
    to_issue = [d for d in donors if d["receipt_id"] is None]
    pending = waived_claims_of_year(
        operator, year, statuses=(Claim.Status.DRAFT, Claim.Status.SUBMITTED)
    ).count()
    return {
        "donors": donors,
        "to_issue": to_issue,
        "to_issue_total": sum((d["amount"] for d in to_issue), Decimal("0")),
        "total": sum((d["amount"] for d in donors), Decimal("0")),
        "pending_count": pending,
    }


def tax_receipts_of_operator(operator, year: int):
    """The receipts ``operator`` issued for ``year``, in number order (paginate it)."""
    return TaxReceipt.objects.filter(operator=operator, year=year).order_by("number", "id")


def tax_receipts_of_user(user):
    """A person's receipts, every operator and year, the latest year first."""
    return (
        TaxReceipt.objects.filter(user=user)
        .select_related("operator")
        .order_by("-year", "operator__name", "number")
    )


def tax_receipt_years(operator) -> list[int]:
    """The years in which ``operator`` has waived claims or receipts, latest first (for the
    year picker)."""
    months = Claim.objects.filter(service__operator=operator, waived=True).dates(
        "period_month", "year", order="DESC"
    )
    years = {d.year for d in months}
    years |= set(
        TaxReceipt.objects.filter(operator=operator).values_list("year", flat=True).distinct()
    )
    return sorted(years, reverse=True)


def waiver_of_claim(claim):
    return Waiver.objects.filter(claim=claim).first()
