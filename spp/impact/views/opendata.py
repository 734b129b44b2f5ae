"""An authority's open data, open to anyone (Licence Ouverte 2.0, the data being the
authority's): the page that lists its datasets, its figures per year as CSV and JSON, and the
Table Schema that describes them. Any slug that is not an authority with a published service
answers 404 (permissions.access_public_authority), and so does a year with nothing computed.

The files are those the refresh task wrote with the figures (``OpenDataFile``): a download
reads one row. They are served inline with ``Access-Control-Allow-Origin: *`` so that a
browser application elsewhere may read them; anonymous readers share the cached answer
(core.page_cache)."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from spp.core.page_cache import public_page
from spp.impact import opendata
from spp.impact.catalogue import FIGURES
from spp.impact.disclosure import small_count_threshold
from spp.impact.permissions import access_public_authority
from spp.impact.selectors.figures import figures_last_refresh, figures_years
from spp.impact.selectors.opendata import opendata_file, opendata_services

FIRST_YEAR, LAST_YEAR = 2000, 2100  # as periods.parse_period


def _open(response: HttpResponse, filename: str | None = None) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    if filename:
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_not_required
@public_page
def figures_schema(request):
    """Anyone: the Table Schema of the figures' CSV, as stored in the repository."""
    return _open(HttpResponse(opendata.TABLE_SCHEMA_PATH.read_bytes(),
                              content_type="application/json; charset=utf-8"),
                 "chiffres-impact.json")


@login_not_required
@public_page
def datasets(request, authority):
    """Anyone, for an authority with a published service: what it publishes, where, in which
    format and under which licence."""
    authority = access_public_authority(authority)
    services = opendata_services(authority_id=authority.pk)
    return render(request, "impact/datasets.html", {
        "authority": authority,
        "years": figures_years(authority_id=authority.pk),
        "refresh": figures_last_refresh(),
        "carpool_services": services["carpool"],
        "report_services": services["reports"],
        "figures": FIGURES,
        "threshold": small_count_threshold(),
        "licence": opendata.LICENCE,
    })


def _published_file(authority_slug: str, year: int, fmt: str):
    """The authority (public) and its file of ``year`` as the refresh task wrote it; 404 when
    none was written (nothing computed that year)."""
    authority = access_public_authority(authority_slug)
    found = (opendata_file(authority_id=authority.pk, year=year, fmt=fmt)
             if FIRST_YEAR <= year <= LAST_YEAR else None)
    if found is None:
        raise Http404
    return authority, found


@login_not_required
@public_page
def figures_csv(request, authority, year):
    """Anyone: the authority's figures of ``year`` as CSV (404 when none were computed)."""
    authority, found = _published_file(authority, year, "csv")
    return _open(HttpResponse(found.content, content_type="text/csv; charset=utf-8"),
                 f"{authority.slug}-chiffres-{year}.csv")


@login_not_required
@public_page
def figures_json(request, authority, year):
    """Anyone: the authority's figures of ``year`` as JSON (404 when none were computed)."""
    authority, found = _published_file(authority, year, "json")
    return _open(HttpResponse(found.content, content_type="application/json; charset=utf-8"),
                 f"{authority.slug}-chiffres-{year}.json")
