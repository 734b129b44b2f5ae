"""Every non-trivial read of the expenses app, one module per concern."""

from spp.expenses.selectors.budget import BudgetMonth, budget_year
from spp.expenses.selectors.claims import (
    CLAIM_FIELDS,
    REVIEW_FIELDS,
    claim_rows,
    claim_with_details,
    claimable_categories,
    claimable_participations,
    claims_of,
    policy_of,
    receipt_rules,
    review_queue,
    review_rows,
    vehicle_choices,
)
from spp.expenses.selectors.flags import claim_flags

__all__ = [
    "CLAIM_FIELDS", "REVIEW_FIELDS", "BudgetMonth", "budget_year", "claim_flags", "claim_rows",
    "claim_with_details",
    "claimable_categories", "claimable_participations", "claims_of", "policy_of",
    "receipt_rules", "review_queue", "review_rows", "vehicle_choices",
]
