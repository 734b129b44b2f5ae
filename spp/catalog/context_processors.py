"""The charter banner every page shows a signed-in person whose service changed its charter
since they accepted it (core's components/charter_banner.html). Lazy: one query, only on pages
that render the banner. Each item carries the link to the charter, so that core's component
names no catalog URL."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from spp.catalog.selectors import enrolments_needing_reacceptance


def charters_to_reaccept(request):
    def items():
        return [{"service_name": item["service_name"],
                 "url": reverse("catalog:charter", args=[item["service_slug"]])}
                for item in enrolments_needing_reacceptance(request.user)]

    return {"charters_to_reaccept": SimpleLazyObject(items)}
