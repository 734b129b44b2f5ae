"""Tables of the catalog, one module per concern; imported here for Django and for
``from spp.catalog.models import Service``."""

from spp.catalog.models.enrolments import Enrolment, EnrolmentEvent
from spp.catalog.models.incidents import Incident, IncidentUpdate
from spp.catalog.models.ledger import Participation
from spp.catalog.models.qualifications import Qualification, QualificationType
from spp.catalog.models.services import Charter, Pattern, Service

__all__ = [
    "Charter", "Enrolment", "EnrolmentEvent", "Incident", "IncidentUpdate", "Participation",
    "Pattern", "Qualification", "QualificationType", "Service",
]
