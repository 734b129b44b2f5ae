"""An authority's public transparency page (/transparence/<slug>/): its figures for a
calendar year, for all its published services together and for each, with the small counts
withheld (``disclosure``) and the method stated, for councillors and citizens alike."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.core.page_cache import public_page
from spp.impact import permissions, presentation
from spp.impact.disclosure import published_values, small_count_threshold
from spp.impact.selectors import figures as selectors


def _year(request, years: list[int]) -> tuple[int, str | None]:
    this_year = timezone.localdate().year
    asked = request.GET.get("annee", "")
    if not asked:
        return (years[0] if years else this_year), None
    if asked.isdigit() and int(asked) in years:
        return int(asked), None
    return (years[0] if years else this_year), _(
        "Aucun chiffre publié pour l’année demandée : voici la plus récente.")


@login_not_required
@public_page
def transparency_page(request, authority):
    """Anyone, for an authority with a published service (404 otherwise)."""
    authority = permissions.access_public_authority(authority)
    figures = selectors.public_figures(authority_id=authority.pk)
    years = figures["years"]
    year, year_error = _year(request, years)
    threshold = small_count_threshold()
    row, service_rows = figures["rows"].get(year), figures["services"].get(year, [])
    values = selectors.figure_values(row)
    labels = presentation.figure_labels()
    services = []
    for row in service_rows:
        if not row["service__is_published"]:
            continue
        service_values = selectors.figure_values(row)
        lines = presentation.figure_lines(
            service_values, published=published_values(service_values, threshold=threshold),
            threshold=threshold, labels=labels)
        services.append({"name": row["service__name"], "slug": row["service__slug"],
                         "lines": [line for line in lines if not line["empty"]]})
    return render(request, "impact/public.html", {
        "authority": authority, "year": year, "years": years, "year_error": year_error,
        "threshold": threshold,
        "lines": presentation.figure_lines(
            values, published=published_values(values, threshold=threshold),
            threshold=threshold, labels=labels),
        "services": services,
        "refresh": figures["refresh"],
    })
