"""Every write of the expenses app, one module per concern: claims (their life from draft to
decision), limits (the ceilings the database keeps), policies (what a service covers),
payments (payout accounts and exports), waivers (gifts of costs to an operator and their tax
receipts). Callers import from here; modules import each other by their own path."""

from spp.expenses.services.claims import (
    claim_approve,
    claim_line_add,
    claim_line_remove,
    claim_reject,
    claim_start,
    claim_submit,
    claim_withdraw,
    claims_bulk_approve,
)
from spp.expenses.services.limits import limit_consume
from spp.expenses.services.payments import payment_export_create, payout_account_set
from spp.expenses.services.policies import policy_save
from spp.expenses.services.waivers import claim_waive, tax_receipts_issue

__all__ = [
    "claim_approve", "claim_line_add", "claim_line_remove", "claim_reject", "claim_start",
    "claim_submit", "claim_waive", "claim_withdraw", "claims_bulk_approve", "limit_consume",
    "payment_export_create", "payout_account_set", "policy_save", "tax_receipts_issue",
]
