"""Helpers shared by the rosters services: who may act, and the transition + event log."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from spp.catalog.selectors import enrolment_require_current
from spp.rosters import permissions, workflow
from spp.rosters.models import Assignment, AssignmentEvent


def require_manager(actor, service) -> None:
    if not permissions.manages_rosters(actor, service):
        raise PermissionDenied(_("Seule la coordination du service peut faire cela."))


def require_participant(actor, service) -> None:
    """A ValidationError saying what to do when the person may not act (not enrolled, charter
    to accept again)."""
    if not actor.is_authenticated:
        raise PermissionDenied
    enrolment_require_current(actor, service)


def assignment_move(assignment: Assignment, action: str, *, actor, reason: str = "") -> None:
    """Change an assignment's status through the workflow table and log the event. Caller
    holds the transaction."""
    before = assignment.status
    assignment.status = workflow.next_status(workflow.ASSIGNMENT, before, action)
    assignment.save(update_fields=["status", "attended_hours"])
    AssignmentEvent.objects.create(assignment=assignment, from_status=before,
                                   to_status=assignment.status,
                                   actor=actor if actor and actor.is_authenticated else None,
                                   reason=reason[:255])


def bad(field: str | None, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: message} if field else message, code=code)
