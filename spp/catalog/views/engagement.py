""""Mon engagement" (``core:my_engagement``): what the person gave and joined — their
enrolments, their ledger, their qualifications and the incidents they declared."""

from django.shortcuts import render

from spp.catalog import selectors
from spp.catalog.models import Enrolment
from spp.catalog.pattern_links import personal_link
from spp.catalog.selectors.incidents import incident_rows_for_user
from spp.catalog.selectors.qualifications import qualification_table_rows_for_user
from spp.core.formatting import choice_labels
from spp.core.links import link_for_pk
from spp.core.pagination import paginate


def my_engagement(request):
    """The person's enrolments, ledger (paginated), qualifications and incidents."""
    page, querystring = paginate(
        request, selectors.participation_table_rows_for_user(request.user))
    statuses = choice_labels(Enrolment.Status)
    enrolment_url = link_for_pk("catalog:enrolment_detail")
    enrolments = selectors.enrolment_table_rows_for_user(request.user)
    for row in enrolments:
        row["status_label"] = statuses.get(row["status"], row["status"])
        row["url"] = enrolment_url(row["pk"])
    return render(request, "catalog/my_engagement.html", {
        "ledger_rows": selectors.participation_labels(page.object_list),
        "enrolments": enrolments,
        "qualifications": qualification_table_rows_for_user(request.user),
        "incidents": incident_rows_for_user(request.user),
        "page": page,
        "querystring": querystring,
        "expenses_url": personal_link("expenses", "my_claims"),
        "carpool_url": personal_link("carpool", "my_trips"),
        "attestations_url": personal_link("impact", "attestations"),
    })
