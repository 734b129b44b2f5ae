"""The figures as the pages and downloads show them: each value written the French way with
its unit, the period selector's choices and the monthly bar charts (SVG drawn by the
template from the geometry computed here, so no script and no outside service draws them).

Kept apart from the views so that the dashboards, the public page and the downloads write a
figure the same way."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.dates import MONTHS_3
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from spp.core.links import link_for_slug
from spp.impact.catalogue import FIGURES
from spp.impact.disclosure import Published
from spp.impact.periods import month_period, periods_of_year

UNIT_LABELS = {"personnes": "", "nombre": "", "heures": " h", "km": " km", "kg CO2e": " kg CO₂e",
               "euros": " €", "%": " %"}
QUANTUM = {decimals: Decimal(1).scaleb(-decimals) for decimals in range(4)}
CHART_WIDTH, CHART_HEIGHT, BAR_WIDTH, BAR_STEP = 360, 120, 22, 30


def display_value(figure, value, separators: tuple[str, str] | None = None) -> str:
    """``value`` rounded to the figure's decimals, grouped by thousands the way the page's
    language writes numbers (``separators``: its decimal and thousands separators, read once
    per page by the callers that write many values), with the figure's unit."""
    if value is None:
        return "—"
    decimal_separator, thousands_separator = separators or number_separators()
    value = Decimal(value).quantize(QUANTUM[figure.decimals], ROUND_HALF_UP)
    text = f"{value:,.{figure.decimals}f}"  # "1,234.50": then each separator swapped at once
    text = text.translate({ord(","): thousands_separator, ord("."): decimal_separator})
    return text + UNIT_LABELS[figure.unit]


def number_separators() -> tuple[str, str]:
    return get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR")


def figure_labels() -> dict[str, str]:
    """{key: label} in the page's language, translated once: a dashboard writes a label up
    to four times (figures, method, chart selector, table headers), the public page once per
    service (the method stays lazy: written once, or never for the public page's services)."""
    return {figure.key: str(figure.label) for figure in FIGURES}


def figure_lines(values: dict, *, published: dict[str, Published] | None = None,
                 threshold: int = 0, labels: dict[str, str] | None = None) -> list[dict]:
    """[{key, label, text, method}] for every figure: ``values`` shown as they are, or, with
    ``published`` (the public page), with what the disclosure rules withhold said in words.
    ``labels``: ``figure_labels()``, for a page that writes several scopes' lines."""
    lines, separators = [], number_separators()
    labels = labels or figure_labels()
    for figure in FIGURES:
        value = values.get(figure.key)
        suppressed = published is not None and published[figure.key].suppressed
        if suppressed:
            text = (_("moins de %(n)s") if figure.disclosure == "count"
                    else _("non publié (moins de %(n)s contributeurs)")) % {"n": threshold}
        else:
            text = display_value(figure, value, separators)
        lines.append({"key": figure.key, "label": labels[figure.key], "text": text,
                      "method": figure.method,
                      "empty": not suppressed and not value})
    return lines


def period_choices(years: list[int], current) -> list[dict]:
    """The selector's groups: each year with figures, then its quarters and months."""
    years = sorted(set(years) | {current.year}, reverse=True)
    return [{"year": year, "options": [
        {"param": period.param, "label": period.label, "selected": period == current}
        for period in periods_of_year(year)]} for year in years]


# Figures whose months can be drawn: each month's row holds them (a ratio or a median of a
# month is drawn as it is; the charts say so).
CHARTABLE = {figure.key for figure in FIGURES if figure.key != "coverage_percent"}


def month_chart(months: list[dict], *, key: str, period) -> dict:
    """Bar geometry for one figure over the twelve months of the period's year; the months
    inside the chosen period are marked (``chosen``)."""
    values = [Decimal(row.get(key) or 0) for row in months]
    top = max(values + [Decimal(1)])
    bars = []
    for index, (row, value) in enumerate(zip(months, values, strict=True)):
        height = int(value * CHART_HEIGHT / top)
        starts_on = row["starts_on"]
        bars.append({"x": index * BAR_STEP + 4, "y": CHART_HEIGHT - height, "height": height,
                     "label_x": index * BAR_STEP + 4 + BAR_WIDTH // 2,
                     # date_format(starts_on, "M")'s first letter, from Django's month names
                     "initial": str(MONTHS_3[starts_on.month])[:1].upper(),
                     "chosen": period.starts_on <= starts_on <= period.ends_on})
    return {"width": CHART_WIDTH, "height": CHART_HEIGHT, "bar_width": BAR_WIDTH,
            "box_height": CHART_HEIGHT + 16, "label_y": CHART_HEIGHT + 13, "bars": bars}


def month_table(months: list[dict], keys: list[str]) -> list[dict]:
    """The charts' figures as table rows (the charts' text alternative)."""
    figures, separators = [figure for figure in FIGURES if figure.key in keys], number_separators()
    return [{"label": month_period(row["starts_on"].year, row["starts_on"].month).label,
             "cells": [display_value(figure, row.get(figure.key) or 0, separators)
                       for figure in figures]}
            for row in months]


SERVICE_TABLE_KEYS = ["contributors", "acts", "hours", "value_estimate"]


def service_table_headers() -> list[str]:
    return [figure.label for figure in FIGURES if figure.key in SERVICE_TABLE_KEYS]


def service_rows(rows: list[dict], authority_slug: str) -> list[dict]:
    """The authority dashboard's comparison of its services, a few figures each, with the
    address of each service's dashboard (reversed once for the table: ``link_for_slug``)."""
    figures = [figure for figure in FIGURES if figure.key in SERVICE_TABLE_KEYS]
    separators, link = number_separators(), link_for_slug("impact:service", authority_slug)
    return [{"name": row["service__name"], "slug": row["service__slug"],
             "url": link(row["service__slug"]),
             "cells": [display_value(figure, row.get(figure.key) or 0, separators)
                       for figure in figures]}
            for row in rows]
