"""Every write to services, charters, enrolments, qualifications, incidents and the
participation ledger.

Each function takes the acting user, checks permissions.py, validates, runs in one transaction
and writes the audit log with the change. Views, the API, commands and the demo all call these,
through this package: ``from spp.catalog import services; services.enrolment_create(...)``."""

from spp.catalog.services.enrolments import (
    charter_accept,
    charter_publish,
    enrolment_create,
    enrolment_transition,
    service_create,
    service_participant_counts_recount,
)
from spp.catalog.services.incidents import incident_declare, incident_transition
from spp.catalog.services.ledger import (
    participation_correct,
    participation_record,
    participation_unlink_user,
)
from spp.catalog.services.qualification_types import (
    qualification_type_create,
    qualification_type_delete,
    qualification_type_set_active,
    qualification_type_set_verifiers,
    qualification_type_update,
)
from spp.catalog.services.qualifications import qualification_add, qualification_verify
from spp.catalog.services.service_admin import (
    service_publication_set,
    service_slug_available,
    service_update,
)

__all__ = [
    "charter_accept",
    "charter_publish",
    "enrolment_create",
    "enrolment_transition",
    "incident_declare",
    "incident_transition",
    "participation_correct",
    "participation_record",
    "participation_unlink_user",
    "qualification_add",
    "qualification_type_create",
    "qualification_type_delete",
    "qualification_type_set_active",
    "qualification_type_set_verifiers",
    "qualification_type_update",
    "qualification_verify",
    "service_create",
    "service_publication_set",
    "service_slug_available",
    "service_update",
    "service_participant_counts_recount",
]
