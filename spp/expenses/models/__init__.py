"""The indemnification tables: the legal rate tables (data with validity dates and a named
source), each service's policy, the claims with their lines and event log, the limits the
database enforces, the payment exports, and the waivers with their tax receipts."""

from spp.expenses.models.claims import Claim, ClaimEvent, ClaimLine, LimitUsage, ServiceMonthTotal
from spp.expenses.models.payments import PaymentExport, PayoutAccount, TaxReceipt, Waiver
from spp.expenses.models.policies import CostCategory, Policy, PolicyCost
from spp.expenses.models.rates import HourlyRate, MileageBracket, RateTable

__all__ = [
    "Claim", "ClaimEvent", "ClaimLine", "CostCategory", "HourlyRate", "LimitUsage",
    "MileageBracket", "PaymentExport", "PayoutAccount", "Policy", "PolicyCost", "RateTable",
    "ServiceMonthTotal", "TaxReceipt", "Waiver",
]
