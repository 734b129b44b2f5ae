"""The budget page's figures: what each month of a year consumed against what was planned. The
sums are read from ``ServiceMonthTotal`` (kept by the approval and payment services), twelve
rows a year, whatever the number of claims."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.dates import MONTHS, MONTHS_3
from django.utils.formats import number_format

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
    # The table's and the chart's cells, as the template's filters wrote them, written once
    # by ``budget_year`` (the plan is the same every month: formatted once for the twelve).
    name: str  # {{ month|date:"F" }}
    initial: str  # {{ month|date:"M"|first }}
    planned_text: str | None
    approved_text: str
    paid_text: str

    @property
    def over_budget(self) -> bool:
        return self.planned is not None and self.approved > self.planned


def budget_year(service, policy, year: int) -> tuple[list[BudgetMonth], list[int]]:
    """The twelve months of ``year`` and the years that have figures, newest first (the year
    switcher's), from one read of the service's ``ServiceMonthTotal`` rows (twelve a year).
    Month names come from Django's own table (what ``date_format`` reads), in the page's
    language."""
    totals, years = {}, set()
    for month, approved, paid, waived, count in (
            ServiceMonthTotal.objects.filter(service=service).order_by()
            .values_list("month", "approved_amount", "paid_amount", "waived_amount",
                         "approved_count")):
        years.add(month.year)
        if month.year == year:
            totals[month] = (approved, paid, waived, count)
    planned = policy.monthly_budget if policy is not None else None
    planned_text = None if planned is None else euros(planned)
    months = []
    for number in range(1, 13):
        month = date(year, number, 1)
        approved, paid, waived, count = totals.get(month, (ZERO, ZERO, ZERO, 0))
        months.append(BudgetMonth(
            month=month, planned=planned, approved=approved, paid=paid, waived=waived,
            approved_count=count, name=str(MONTHS[number]),
            initial=str(MONTHS_3[number]).title()[:1], planned_text=planned_text,
            approved_text=euros(approved), paid_text=euros(paid)))
    return months, sorted(years, reverse=True)
