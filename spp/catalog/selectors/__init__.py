"""Every non-trivial read of the catalog, one module per concern. Pattern apps use
``enrolment_require_current`` and ``qualifications_valid_on`` to know whether someone may act."""

from spp.catalog.selectors.enrolments import (
    CONTRIBUTOR_LIST_FIELDS,
    ENROLMENT_LIST_FIELDS,
    authority_answering_for,
    charter_changed_column,
    contributors_of_service,
    enrolment_for,
    enrolment_history,
    enrolment_needs_reacceptance,
    enrolment_require_current,
    enrolment_rows_for_user,
    enrolment_table_rows_for_user,
    enrolments_needing_reacceptance,
    enrolments_of_service,
    enrolments_with_a_newer_charter,
    qualification_badges_for,
)
from spp.catalog.selectors.incidents import (
    incident_list_for_manager,
)
from spp.catalog.selectors.ledger import (
    LEDGER_ROW_FIELDS,
    participation_labels,
    participation_rows_for_user,
    participation_table_rows_for_user,
)
from spp.catalog.selectors.qualifications import (
    add_months,
    qualifications_missing_for,
    qualifications_of,
    qualifications_valid_on,
    required_qualifications_for,
)
from spp.catalog.selectors.services import (
    charter_current,
    organisation_staff,
    service_list_enrolled_in,
    service_list_managed_by,
    service_list_public,
    service_list_public_rows,
    service_managers,
)

__all__ = [
    "CONTRIBUTOR_LIST_FIELDS",
    "ENROLMENT_LIST_FIELDS",
    "LEDGER_ROW_FIELDS",
    "add_months",
    "authority_answering_for",
    "charter_changed_column",
    "charter_current",
    "contributors_of_service",
    "enrolment_for",
    "enrolment_history",
    "enrolment_needs_reacceptance",
    "enrolment_require_current",
    "enrolment_rows_for_user",
    "enrolment_table_rows_for_user",
    "enrolments_needing_reacceptance",
    "enrolments_of_service",
    "enrolments_with_a_newer_charter",
    "incident_list_for_manager",
    "organisation_staff",
    "participation_labels",
    "participation_rows_for_user",
    "participation_table_rows_for_user",
    "qualification_badges_for",
    "qualifications_missing_for",
    "qualifications_of",
    "qualifications_valid_on",
    "required_qualifications_for",
    "service_list_enrolled_in",
    "service_list_managed_by",
    "service_list_public",
    "service_list_public_rows",
    "service_managers",
]
