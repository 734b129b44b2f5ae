"""Files out of the carpool app: a service's stops as open data (public, in the national
"lieux de covoiturage" schema) and, for its coordinators, a month of journeys in the national
carpool proof registry's format (JSON Lines, streamed: a month of a busy service never sits in
memory)."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, StreamingHttpResponse

from spp.carpool import opendata, permissions, registry
from spp.core.page_cache import public_page


@login_not_required
@public_page
def stops_csv(request, slug):
    """Anyone, for a published service (open data, Licence Ouverte as the data of the
    authority); 404 for an unpublished one, even to its managers: it is not open yet."""
    service = permissions.access_service(request.user, slug)
    if not service.is_published:
        raise Http404
    response = HttpResponse(opendata.stops_csv(service), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{service.slug}-arrets.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def registry_month(request, slug, year, month):
    """The service's coordinators and admins (404 to others)."""
    service = permissions.access_service_to_manage(request.user, slug)
    if not (1 <= month <= 12 and 2000 <= year <= 2999):
        raise Http404
    response = StreamingHttpResponse(registry.journeys_month_stream(service, year, month),
                                     content_type="application/jsonl; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{service.slug}-registre-{year}-{month:02d}.jsonl"')
    return response
