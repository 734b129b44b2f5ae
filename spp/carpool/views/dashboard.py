"""A line's dashboard for the service's coordinators: a month of offers and bookings by hour
and direction, the demand no driver met, completion, kilometres shared, incentives against
their caps and the bookings to check. The figures come from counters the services keep
(``selectors.dashboard``); the bar charts are SVG drawn here, their figures also in the
tables, so they need no script and hide nothing from a screen reader."""

import re
from datetime import date

from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from spp.carpool import permissions
from spp.carpool.selectors import dashboard as figures

CHART_HEIGHT = 120
BAR_WIDTH = 6
HOUR_WIDTH = 2 * BAR_WIDTH + 4
MONTHS_OFFERED = 13
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month(request, today: date) -> tuple[date, str]:
    """The ``mois`` asked for (YYYY-MM), or the current month with a word on why."""
    value = request.GET.get("mois", "")
    current = today.replace(day=1)
    if not value:
        return current, ""
    match = MONTH.match(value)
    if match and 2000 <= int(match[1]) <= today.year + 1 and 1 <= int(match[2]) <= 12:
        return date(int(match[1]), int(match[2]), 1), ""
    return current, _("« %(value)s » n’est pas un mois (AAAA-MM) : voici le mois en cours.") % {
        "value": value[:20]}


def _months(current: date, chosen: date) -> list[date]:
    """The month selector's choices: the next month, this one and the twelve before."""
    index = current.year * 12 + current.month  # this month, counted in months from year 0
    months = {date((i - 1) // 12, (i - 1) % 12 + 1, 1)
              for i in range(index - MONTHS_OFFERED + 1, index + 2)}
    return sorted({*months, chosen}, reverse=True)


def _chart(direction, top: int) -> dict:
    """One direction's bars: seats offered and seats booked, per hour, on a shared scale.
    Coordinates are strings: SVG wants them bare, never localised ("1 234")."""
    bars = []
    for index, (hour, hour_figures) in enumerate(direction.hours):
        offered = round(hour_figures.seats_offered * CHART_HEIGHT / top)
        booked = round(hour_figures.booked_seats * CHART_HEIGHT / top)
        x = index * HOUR_WIDTH
        bars.append({"hour": str(hour), "x": str(x), "label_x": str(x + BAR_WIDTH),
                     "offered_y": str(CHART_HEIGHT - offered), "offered": str(offered),
                     "booked_x": str(x + BAR_WIDTH), "booked_y": str(CHART_HEIGHT - booked),
                     "booked": str(booked), "labelled": hour % 3 == 0})
    # The table's rows as plain dicts of text: the template's lookups find a dict's keys at
    # once, an object's attributes only after a failed key lookup each, and a string is written
    # as it is where a number is localised cell by cell. The project groups no thousands
    # (USE_THOUSAND_SEPARATOR is off), so str() writes each count as the localisation would.
    rows = [{"hour": str(hour), "trips": str(counts.trips),
             "seats_offered": str(counts.seats_offered), "bookings": str(counts.bookings),
             "booked_seats": str(counts.booked_seats),
             "unmatched_searches": str(counts.unmatched_searches)}
            for hour, counts in direction.hours]
    return {"bars": bars, "rows": rows, "width": str(max(1, len(bars) * HOUR_WIDTH)),
            "height": str(CHART_HEIGHT), "box_height": str(CHART_HEIGHT + 20),
            "label_y": str(CHART_HEIGHT + 12), "bar_width": str(BAR_WIDTH), "figures": direction}


def line_dashboard(request, slug, code):
    service, line = permissions.access_service_line(request.user, slug, code, dashboard=True)
    now = timezone.now()
    today = timezone.localdate(now, figures.PARIS)
    month, month_error = _month(request, today)
    data = figures.line_dashboard(line, month=month, now=now)
    top = max([1] + [counts.seats_offered for direction in data.directions
                     for _hour, counts in direction.hours])
    return render(request, "carpool/line_dashboard.html", {
        "service": service, "line": line, "data": data, "month": month,
        "month_error": month_error,
        "months": [{"value": f"{choice:%Y-%m}", "label": date_format(choice, "F Y"),
                    "selected": choice == month}
                   for choice in _months(today.replace(day=1), month)],
        "charts": [_chart(direction, top) for direction in data.directions],
        "manages": permissions.manages_lines(request.user, service),
    })
