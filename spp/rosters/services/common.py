"""Helpers shared by the rosters services: who may act, the transition + event log, the
live places counted on each need (``ShiftNeed.assigned_count``/``trainee_count``) and the
places missing counted on each shift (``Shift.missing_count``)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext as _

from spp.catalog.selectors import enrolment_require_current
from spp.rosters import permissions, selectors, workflow
from spp.rosters.models import Assignment, AssignmentEvent, Shift, ShiftNeed

LIVE = ("published", "attended")


def need_count_add(assignment: Assignment, delta: int) -> None:
    """Move the live places of the assignment's need by ``delta`` (F(): no lost update; the
    CHECK constraints keep it between 0 and the maximum). Caller holds the transaction."""
    column = "trainee_count" if assignment.trainee else "assigned_count"
    ShiftNeed.objects.filter(pk=assignment.need_id).update(**{column: F(column) + delta})
    if not assignment.trainee:  # trainees never fill a minimum
        shift_missing_recount(assignment.shift_id)


def missing_of_shift():
    """The places missing of the shift ``OuterRef("pk")``: the sum of its needs' gaps
    (``ShiftNeed.gap``), the needs handed to the professional fallback left out."""
    return Coalesce(Subquery(
        ShiftNeed.objects.filter(shift=OuterRef("pk"), escalation__isnull=True).order_by()
        .values("shift").annotate(n=Sum(Greatest(F("min_count") - F("assigned_count"), 0)))
        .values("n")), 0)


def shift_missing_recount(shift_id: int) -> None:
    """Recount ``Shift.missing_count`` of one shift from its needs, after a write on one of
    them. The shift's row is locked first, in a statement of its own: the recount, a later
    statement, then sees every change committed before the lock was granted and this
    transaction's own, so that two writes on needs of the same shift never lose one another's
    (with READ COMMITTED, an UPDATE waiting for the row would keep its older snapshot)."""
    with transaction.atomic(savepoint=False):  # the caller's transaction, or one of its own
        list(Shift.objects.select_for_update().filter(pk=shift_id).values_list("pk"))
        Shift.objects.filter(pk=shift_id).update(missing_count=missing_of_shift())


def need_counts_refresh(needs) -> int:
    """Recount the live places of ``needs`` (a ShiftNeed queryset) from their assignments,
    then their shifts' places missing: for data written in bulk (scale data, imports), which
    no service counted."""
    def live(trainee: bool):
        return Coalesce(Subquery(
            Assignment.objects.filter(need=OuterRef("pk"), status__in=LIVE, trainee=trainee)
            .order_by().values("need").annotate(n=Count("pk")).values("n")), 0)

    counted = needs.update(assigned_count=live(False), trainee_count=live(True))
    Shift.objects.filter(pk__in=needs.values("shift_id")).update(
        missing_count=missing_of_shift())
    return counted


def need_changed(sender, instance: ShiftNeed, **kwargs) -> None:
    """post_save/post_delete receiver (apps.py) of ShiftNeed: a need made, changed or deleted
    one by one (the ORM, factories, the admin) recounts its shift's places missing. The
    services that write needs in bulk count them themselves."""
    shift_missing_recount(instance.shift_id)


def escalation_changed(sender, instance, **kwargs) -> None:
    """post_save/post_delete receiver (apps.py) of Escalation: a need handed to the
    professional fallback (or taken back) leaves (or joins) its shift's places missing."""
    for shift_id in ShiftNeed.objects.filter(pk=instance.need_id).values_list("shift_id",
                                                                               flat=True):
        shift_missing_recount(shift_id)


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
    if not selectors.is_participant(actor, service):  # one query when the person may act
        enrolment_require_current(actor, service)  # which says why not


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
