"""Helpers shared by the rosters services: who may act, the transition + event log, and
the live places counted on each need (``ShiftNeed.assigned_count``/``trainee_count``)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from spp.catalog.selectors import enrolment_require_current
from spp.rosters import permissions, workflow
from spp.rosters.models import Assignment, AssignmentEvent, ShiftNeed

LIVE = ("published", "attended")


def need_count_add(assignment: Assignment, delta: int) -> None:
    """Move the live places of the assignment's need by ``delta`` (F(): no lost update; the
    CHECK constraints keep it between 0 and the maximum). Caller holds the transaction."""
    column = "trainee_count" if assignment.trainee else "assigned_count"
    ShiftNeed.objects.filter(pk=assignment.need_id).update(**{column: F(column) + delta})


def need_counts_refresh(needs) -> int:
    """Recount the live places of ``needs`` (a ShiftNeed queryset) from their assignments:
    for data written in bulk (scale data, imports), which no service counted."""
    def live(trainee: bool):
        return Coalesce(Subquery(
            Assignment.objects.filter(need=OuterRef("pk"), status__in=LIVE, trainee=trainee)
            .order_by().values("need").annotate(n=Count("pk")).values("n")), 0)

    return needs.update(assigned_count=live(False), trainee_count=live(True))


def assignment_deleted(sender, instance: Assignment, **kwargs) -> None:
    """post_delete receiver (apps.py): a live place deleted (with its person, by the admin)
    no longer counts."""
    if instance.status in LIVE:
        need_count_add(instance, -1)


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
    change = (assignment.status in LIVE) - (before in LIVE)
    if change:
        need_count_add(assignment, change)
    AssignmentEvent.objects.create(assignment=assignment, from_status=before,
                                   to_status=assignment.status,
                                   actor=actor if actor and actor.is_authenticated else None,
                                   reason=reason[:255])


def bad(field: str | None, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: message} if field else message, code=code)
