"""Reads for the payments page: what awaits payment, what is blocked for lack of a bank
account, and the exports already made. Each is a query on ``claim_queue_idx`` (service,
status, …) or on the exports of one service."""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from spp.expenses.models import Claim, PaymentExport, PayoutAccount


def claims_payable(service, export_format: str = PaymentExport.Format.CSV):
    """The claims an export of ``export_format`` takes now: approved, not waived, not yet
    paid, with an amount; for a SEPA transfer, only those whose claimant gave an account."""
    claims = Claim.objects.filter(
        service=service,
        status=Claim.Status.APPROVED,
        waived=False,
        payment__isnull=True,
        total__gt=0,
    )
    if export_format == PaymentExport.Format.SEPA:
        claims = claims.filter(claimant__payout_account__isnull=False)
    return claims


def payments_awaiting(service) -> dict:
    """How many approved claims await payment and their total, and how many of them a SEPA
    transfer can pay (their claimant gave an account): one aggregate query."""
    with_account = Q(claimant__payout_account__isnull=False)
    row = claims_payable(service).aggregate(
        n=Count("pk"),
        amount=Sum("total"),
        transfer_n=Count("pk", filter=with_account),
        transfer_amount=Sum("total", filter=with_account),
    )
    cent = Decimal("0.01")
    total = (row["amount"] or Decimal("0")).quantize(cent)
    transfer_total = (row["transfer_amount"] or Decimal("0")).quantize(cent)
    return {
        "count": row["n"],
        "total": total,
        "transfer_count": row["transfer_n"],
        "transfer_total": transfer_total,
        "blocked_count": row["n"] - row["transfer_n"],
        "blocked_total": total - transfer_total,
    }


def claims_blocked_without_account(service, limit: int = 50):
    """Approved claims a transfer cannot pay yet: their claimant has given no bank account
    (oldest decision first, so the longest waiting are asked first)."""
    return (
        claims_payable(service)
        .filter(claimant__payout_account__isnull=True)
        .select_related("claimant")
        .order_by("decided_at", "pk")[:limit]
    )


def payment_exports_for(service):
    """The service's exports, newest first (paginate with ``spp.core.pagination``)."""
    return (
        PaymentExport.objects.filter(service=service)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )


def payout_account_of(user) -> PayoutAccount | None:
    return PayoutAccount.objects.filter(user=user).first() if user.is_authenticated else None
