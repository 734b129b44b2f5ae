"""Writes on assignments: a volunteer signs up or withdraws; the coordination confirms
attendance, which writes the participation ledger (hours)."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.catalog.models import Participation
from spp.catalog.selectors import qualifications_valid_on
from spp.catalog.services import participation_record
from spp.core.services import audit_record
from spp.rosters import permissions, selectors
from spp.rosters.models import Assignment, Shift, ShiftNeed
from spp.rosters.services.common import (
    assignment_move,
    bad,
    need_count_add,
    require_manager,
    require_participant,
)


def check_free(user, shift: Shift, *, rest_hours: int = 0) -> None:
    """Refuse a place overlapping one of the person's live shifts."""
    rest = timedelta(hours=rest_hours)
    clash = Assignment.objects.filter(
        user=user, status__in=selectors.LIVE, shift__starts_at__lt=shift.ends_at + rest,
        shift__ends_at__gt=shift.starts_at - rest).exclude(shift=shift).select_related("shift")
    if clash.exists():
        raise bad(None, _("Vous êtes déjà de garde sur un créneau qui chevauche celui-ci "
                          "(%(s)s).") % {"s": clash.first().shift}, code="overlap")


def withdrawal_deadline(shift: Shift, notice_hours: int):
    """The last instant the volunteer may withdraw from ``shift`` themself."""
    return shift.starts_at - timedelta(hours=notice_hours)


def within_notice(shift: Shift, notice_hours: int, *, now=None) -> bool:
    """Whether ``shift`` starts within the service's no-withdrawal window: a place taken
    now could no longer be given up by the volunteer themself."""
    return (now or timezone.now()) > withdrawal_deadline(shift, notice_hours)


def qualification_missing(user, need: ShiftNeed) -> str | None:
    """What keeps ``user`` from a place on ``need`` for want of its qualification (the
    message to show), or None. Read without lock: pages use it to offer or not a button;
    ``check_place`` asks it again under the need's lock."""
    if not need.code:
        return None
    day = timezone.localtime(need.shift.starts_at).date()
    if need.code in qualifications_valid_on(user, day) or _trainee_allowed(user, need, day):
        return None
    return _("Il vous faut la qualification « %(q)s » valide le %(d)s.") % {
        "q": need.qualification_type.name, "d": day.strftime("%d/%m/%Y")}


def _trainee_allowed(user, need: ShiftNeed, day) -> bool:
    """Someone in training for the need's qualification counts only alongside a qualified
    person: allowed once a qualified person already holds a place on that need."""
    in_training = any(q.code == need.code and q.in_training and q.valid_on(day)
                      for q in selectors.qualifications_by_user([user.pk]).get(user.pk, []))
    return in_training and need.assigned_count > 0


def check_place(*, user, need: ShiftNeed) -> ShiftNeed:
    """Lock the need's row (concurrent sign-ups queue behind it, so its maximum holds) and
    refuse with a clear message if ``user`` may not take a place on it now."""
    need = (ShiftNeed.objects.select_for_update(of=("self",))
            .select_related("shift", "qualification_type").get(pk=need.pk))
    shift = need.shift
    if shift.status != Shift.Status.OPEN or shift.starts_at <= timezone.now():
        raise bad(None, _("Cette garde a déjà commencé ou a été annulée."), code="started")
    day = timezone.localtime(shift.starts_at).date()
    need.as_trainee = False
    if need.code and need.code not in qualifications_valid_on(user, day):
        missing = qualification_missing(user, need)
        if missing:
            raise bad(None, missing, code="unqualified")
        need.as_trainee = True
    if Assignment.objects.filter(shift=shift, user=user, status__in=selectors.LIVE).exists():
        raise bad(None, _("Vous êtes déjà inscrit sur cette garde."), code="duplicate")
    check_free(user, shift)
    if need.is_full:  # the counters are read under the row lock taken above
        raise bad(None, _("Cette garde est complète pour « %(n)s ».") % {"n": need},
                  code="full")
    return need


def take_place(*, user, need: ShiftNeed, source: str, actor) -> Assignment:
    """Give ``user`` a confirmed place on ``need``; the unique constraint refuses a double
    place even if two requests of the same person race."""
    need = check_place(user=user, need=need)
    shift, trainee = need.shift, need.as_trainee
    assignment = Assignment.objects.create(shift=shift, need=need, user=user, trainee=trainee,
                                           status=Assignment.Status.PUBLISHED, source=source)
    need_count_add(assignment, +1)
    audit_record(actor=actor, action=f"rosters.assignment.{source}", target=assignment,
                 organisation=shift.service.authority)
    return assignment


@transaction.atomic
def assignment_signup(*, actor, need: ShiftNeed, late_acknowledged: bool = True
                      ) -> Assignment:
    """A volunteer takes a free place on a shift. A shift starting within the service's
    notice cannot be given up afterwards: the pages ask the person to acknowledge it first
    (``late_acknowledged=False`` refuses until they have)."""
    require_participant(actor, need.shift.service)
    if not late_acknowledged:
        notice = selectors.policy_for(need.shift.service).cancel_notice_hours
        if within_notice(need.shift, notice):
            raise bad(None, _("Cette garde commence dans moins de %(h)s heures : confirmez que "
                              "vous ne pourrez plus vous en désister vous-même.") % {"h": notice},
                      code="late_unacknowledged")
    return take_place(user=actor, need=need, source=Assignment.Source.SIGNUP, actor=actor)


@transaction.atomic
def assignment_cancel(*, actor, assignment: Assignment, reason: str = "") -> Assignment:
    """The volunteer withdraws up to the service's notice; the coordination at any time."""
    assignment = Assignment.objects.select_for_update().select_related(
        "shift__service").get(pk=assignment.pk)
    service = assignment.shift.service
    manager = permissions.manages_rosters(actor, service)
    if not manager and not permissions.owns_assignment(actor, assignment):
        require_manager(actor, service)
    if not manager:
        notice = selectors.policy_for(service).cancel_notice_hours
        if within_notice(assignment.shift, notice):
            raise bad(None, _("Le désistement n’est plus possible moins de %(h)s heures avant "
                              "le début : prévenez la coordination.") % {"h": notice},
                      code="too_late")
    assignment_move(assignment, "cancel", actor=actor, reason=reason)
    audit_record(actor=actor, action="rosters.assignment.cancel", target=assignment,
                 organisation=service.authority, reason=reason)
    return assignment


@transaction.atomic
def assignment_attend(*, actor, assignment: Assignment, hours: Decimal | None = None
                      ) -> Assignment:
    """Confirm that the person did the shift; writes the ledger once (idempotent key)."""
    assignment = Assignment.objects.select_for_update().select_related(
        "shift__service", "user").get(pk=assignment.pk)
    shift = assignment.shift
    require_manager(actor, shift.service)
    if shift.ends_at > timezone.now():
        raise bad(None, _("La présence se confirme après la fin de la garde."),
                  code="not_finished")
    hours = Decimal(str(hours)) if hours else Decimal(str(round(shift.hours, 2)))
    if hours <= 0 or hours > 48:
        raise bad("hours", _("Indiquez un nombre d’heures entre 0 et 48."))
    assignment.attended_hours = hours
    assignment_move(assignment, "attend", actor=actor)
    kind = (Participation.Kind.CALL_OUT if assignment.source == Assignment.Source.CALL_OUT
            else Participation.Kind.SHIFT)
    participation_record(user=assignment.user, service=shift.service, kind=kind,
                         quantity=hours, unit=Participation.Unit.HOURS, occurred_at=shift.starts_at,
                         source_key=f"rosters.assignment:{assignment.pk}",
                         description=str(shift), recorded_by=actor, accepted_by=actor)
    audit_record(actor=actor, action="rosters.assignment.attend", target=assignment,
                 organisation=shift.service.authority, data={"hours": str(hours)})
    return assignment
