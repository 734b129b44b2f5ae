"""The budget page's figures: what each month of a year consumed against what was planned. The
sums are read from ``ServiceMonthTotal`` (kept by the approval and payment services), twelve
rows a year, whatever the number of claims."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format, number_format

from spp.expenses.models import ServiceMonthTotal

ZERO = Decimal("0")
CENT = Decimal("0.01")


def euros(amount: Decimal) -> str:
    """As ``{{ amount|floatformat:"2g" }}`` (rounded half up to the cent, grouped by
    thousands), without the filter's parsing: the budget writes 36 amounts a page."""
    return number_format(amount.quantize(CENT, ROUND_HALF_UP), 2, force_grouping=True)


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

    # The table's and the chart's cells, as the template's filters wrote them.
    @property
    def name(self) -> str:
        return date_format(self.month, "F")

    @property
    def initial(self) -> str:
        return date_format(self.month, "M")[:1]

    @property
    def planned_text(self) -> str | None:
        return None if self.planned is None else euros(self.planned)

    @property
    def approved_text(self) -> str:
        return euros(self.approved)

    @property
    def paid_text(self) -> str:
        return euros(self.paid)


def budget_year(service, policy, year: int) -> tuple[list[BudgetMonth], list[int]]:
    """The twelve months of ``year`` and the years that have figures, newest first (the year
    switcher's), from one read of the service's ``ServiceMonthTotal`` rows (twelve a year)."""
    totals, years = {}, set()
    for month, approved, paid, waived, count in (
            ServiceMonthTotal.objects.filter(service=service).order_by()
            .values_list("month", "approved_amount", "paid_amount", "waived_amount",
                         "approved_count")):
        years.add(month.year)
        if month.year == year:
            totals[month] = (approved, paid, waived, count)
    planned = policy.monthly_budget if policy is not None else None
    months = []
    for number in range(1, 13):
        month = date(year, number, 1)
        approved, paid, waived, count = totals.get(month, (ZERO, ZERO, ZERO, 0))
        months.append(BudgetMonth(month=month, planned=planned, approved=approved, paid=paid,
                                  waived=waived, approved_count=count))
    return months, sorted(years, reverse=True)
