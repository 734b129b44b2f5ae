"""The impact dashboards: an authority's (its admins) and a service's (its coordinators),
for a calendar period, with their downloads. The figures are read from ``PeriodFigures``,
which the refresh task computes (the page says when)."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.impact import downloads, permissions, presentation
from spp.impact.periods import parse_period, year_period
from spp.impact.selectors import figures as selectors
from spp.impact.selectors.scopes import dashboard_scopes

# The charts: contributors always, beside the figure the reader picks (``?courbe=``).
FIRST_CHART, SECOND_CHART = "contributors", "hours"


def _period(request) -> tuple:
    """The period asked for (``?periode=``), or this year with the reason the one asked for
    was not understood."""
    today = timezone.localdate()
    period = parse_period(request.GET.get("periode"), default_year=today.year)
    if period is None:
        return year_period(today.year), _(
            "La période demandée n’existe pas : voici l’année en cours. Choisissez une année, "
            "un trimestre ou un mois dans la liste.")
    return period, None


def index(request):
    """Every signed-in person: the dashboards they may open (often none: said so)."""
    return render(request, "impact/index.html", {"scopes": dashboard_scopes(request.user)})


def _dashboard(request, *, authority, service):
    period, period_error = _period(request)
    service_id = service.pk if service else None
    figures = selectors.dashboard_figures(
        authority_id=authority.pk, service_id=service_id, period=period)
    months = figures["months"]
    values = selectors.figure_values(figures["row"])
    lines = presentation.figure_lines(values)
    labels = {line["key"]: line["label"] for line in lines}
    second = request.GET.get("courbe", SECOND_CHART)
    if second not in presentation.CHARTABLE:
        second = SECOND_CHART
    chart_keys = [FIRST_CHART] if second == FIRST_CHART else [FIRST_CHART, second]
    context = {
        "authority": authority, "service": service, "period": period,
        "period_error": period_error,
        "periods": presentation.period_choices(figures["years"], period),
        "lines": lines,
        "charts": [{"key": key, "label": labels[key],
                    "chart": presentation.month_chart(months, key=key, period=period)}
                   for key in chart_keys],
        "chart_choices": [{"key": line["key"], "label": line["label"],
                           "selected": line["key"] == chart_keys[-1]} for line in lines
                          if line["key"] in presentation.CHARTABLE],
        "month_headers": [labels[key] for key in chart_keys],
        "month_rows": presentation.month_table(months, chart_keys),
        "refresh": figures["refresh"],
        "service_headers": presentation.service_table_headers(),
        "services": presentation.service_rows(figures["services"], authority.slug),
    }
    return render(request, "impact/dashboard.html", context)


def authority_dashboard(request, authority):
    """The authority's admins (404 to anyone else)."""
    authority = permissions.access_authority_for_figures(request.user, authority)
    return _dashboard(request, authority=authority, service=None)


def service_dashboard(request, authority, service):
    """The service's coordinators and admins, of its authority or operator (404 otherwise)."""
    service = permissions.access_service_for_figures(request.user, authority, service)
    return _dashboard(request, authority=service.authority, service=service)


def authority_download(request, authority, fmt):
    authority = permissions.access_authority_for_figures(request.user, authority)
    return _download(request, authority=authority, service=None, fmt=fmt)


def service_download(request, authority, service, fmt):
    service = permissions.access_service_for_figures(request.user, authority, service)
    return _download(request, authority=service.authority, service=service, fmt=fmt)


def _download(request, *, authority, service, fmt):
    if fmt not in downloads.FORMATS:
        raise Http404
    period, _error = _period(request)
    return downloads.figures_response(authority=authority, service=service, period=period,
                                      fmt=fmt)
