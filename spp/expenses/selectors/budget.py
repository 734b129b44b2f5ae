"""The budget page's figures: what each month of a year consumed against what was planned. The
sums are read from ``ServiceMonthTotal`` (kept by the approval and payment services), twelve
rows a year, whatever the number of claims."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from spp.expenses.models import ServiceMonthTotal

ZERO = Decimal("0")


@dataclass(frozen=True)
class BudgetMonth:
    month: date
    planned: Decimal | None
    approved: Decimal
    paid: Decimal
    waived: Decimal
    approved_count: int

    @property
    def over_budget(self) -> bool:
        return self.planned is not None and self.approved > self.planned


def budget_year(service, policy, year: int) -> list[BudgetMonth]:
    totals = {row.month: row for row in ServiceMonthTotal.objects.filter(
        service=service, month__year=year)}
    planned = policy.monthly_budget if policy is not None else None
    months = []
    for number in range(1, 13):
        month = date(year, number, 1)
        row = totals.get(month)
        months.append(BudgetMonth(
            month=month, planned=planned,
            approved=row.approved_amount if row else ZERO,
            paid=row.paid_amount if row else ZERO,
            waived=row.waived_amount if row else ZERO,
            approved_count=row.approved_count if row else 0))
    return months


def budget_years(service) -> list[int]:
    """The years that have figures, for the year switcher."""
    return sorted({month.year for month in ServiceMonthTotal.objects.filter(
        service=service).values_list("month", flat=True)}, reverse=True)
