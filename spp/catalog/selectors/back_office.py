"""The back office home's read (``core:back_office``)."""

from spp.catalog.selectors.services import service_list_managed_by

BACK_OFFICE_SERVICE_FIELDS = ("slug", "name", "operator_id", "operator__name",
                              "pending_enrolment_count", "active_participant_count",
                              "open_incidents")


def service_rows_managed_by(user) -> list[dict]:
    """The services ``user`` manages (``service_list_managed_by``: same services, order and
    figures) as the columns the back office shows: plain values, since building each service
    with its authority and operator cost more than the query."""
    return list(service_list_managed_by(user).values(*BACK_OFFICE_SERVICE_FIELDS))
