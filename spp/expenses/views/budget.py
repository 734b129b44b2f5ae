"""The budget page: per month of a year, what was approved and paid against the monthly budget
the authority planned, as a table and as a bar chart drawn on the server (an SVG whose figures
are also in the table, so the chart needs no script and hides nothing from a screen reader)."""

from decimal import Decimal

from django.shortcuts import render
from django.utils import timezone

from spp.expenses import permissions, selectors

CHART_HEIGHT = 160
BAR_WIDTH = 20
BAR_GAP = 8


def _year(request) -> int:
    value = request.GET.get("annee", "")
    this_year = timezone.localdate().year
    return int(value) if value.isdigit() and 2000 <= int(value) <= this_year + 1 else this_year


def _bars(months) -> dict:
    """Heights in the SVG's units: the tallest of the approved sums and the plan is the top."""
    top = max([m.approved for m in months] + [m.planned or Decimal("0") for m in months]
              + [Decimal("1")])
    scale = Decimal(CHART_HEIGHT) / top
    bars = []
    for index, month in enumerate(months):
        height = int(month.approved * scale)
        x = index * (BAR_WIDTH + BAR_GAP)
        bars.append({"x": x, "height": height, "y": CHART_HEIGHT - height, "label_x": x + 10,
                     "month": month})
    planned = months[0].planned if months else None
    return {"bars": bars, "width": len(months) * (BAR_WIDTH + BAR_GAP),
            "height": CHART_HEIGHT, "bar_width": BAR_WIDTH, "box_height": CHART_HEIGHT + 20,
            "label_y": CHART_HEIGHT + 15,
            "planned_y": CHART_HEIGHT - int(planned * scale) if planned else None}


def service_budget(request, slug):
    service = permissions.access_service_for_budget(request.user, slug)
    policy = getattr(service, "expense_policy", None)
    year = _year(request)
    months, years = selectors.budget_year(service, policy, year)
    approved = sum((m.approved for m in months), Decimal("0"))
    planned = policy.monthly_budget * 12 if policy and policy.monthly_budget else None
    return render(request, "expenses/budget.html", {
        "service": service, "policy": policy, "year": year, "months": months,
        "years": sorted({year, *years}, reverse=True),
        "chart": _bars(months), "approved": approved, "planned": planned,
        "paid": sum((m.paid for m in months), Decimal("0")),
        "waived": sum((m.waived for m in months), Decimal("0")),
        "can": permissions.service_abilities(request.user, service, policy),
    })
