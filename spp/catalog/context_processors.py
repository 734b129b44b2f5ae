"""The charter banner every page shows a signed-in person whose service changed its charter
since they accepted it (components/charter_banner.html). Lazy: one query, only on pages that
render the banner."""

from django.utils.functional import SimpleLazyObject

from spp.catalog.selectors import enrolments_needing_reacceptance


def charters_to_reaccept(request):
    return {"charters_to_reaccept": SimpleLazyObject(
        lambda: enrolments_needing_reacceptance(request.user))}
