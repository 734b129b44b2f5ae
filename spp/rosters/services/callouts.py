"""Call-outs ("alertes"): the coordination alerts qualified, available volunteers for an
uncovered need; the first N to accept get the places, never more (row lock + CHECK
constraint). A need still uncovered shortly before its start escalates to the professional
fallback."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.core.services import audit_record, notification_send
from spp.rosters import selectors, workflow
from spp.rosters.models import (
    Assignment,
    CallOut,
    CallOutResponse,
    Escalation,
    Shift,
    ShiftNeed,
)
from spp.rosters.selectors import callout_candidates
from spp.rosters.services.assignments import take_place
from spp.rosters.services.common import bad, require_manager, require_participant


def need_missing(need: ShiftNeed) -> tuple[int, int]:
    """(qualified places missing to reach the minimum, free places up to the maximum)."""
    need.refresh_from_db(fields=["assigned_count", "trainee_count"])
    return need.gap, max(0, need.max_count - need.assigned_count - need.trainee_count)


@transaction.atomic
def callout_create(*, actor, need: ShiftNeed, places: int | None = None,
                   message: str = "") -> CallOut:
    """Open a call-out and alert the candidates through a task after commit, so that the
    coordinator gets the answer at once whatever the number of people alerted."""
    from spp.rosters.tasks import callout_notify

    shift = need.shift
    require_manager(actor, shift.service)
    if shift.status != Shift.Status.OPEN or shift.starts_at <= timezone.now():
        raise bad(None, _("Cette garde a déjà commencé ou a été annulée."), code="started")
    missing, free = need_missing(need)
    places = places or missing or 1
    if places > free:
        raise bad("places", _("Il ne reste que %(n)s place(s) sur ce besoin.") % {"n": free})
    candidates = callout_candidates(need)
    callout = CallOut.objects.create(shift=shift, need=need, places=places, message=message,
                                     notified_count=len(candidates), created_by=actor)
    audit_record(actor=actor, action="rosters.callout.create", target=callout,
                 organisation=shift.service.authority, data={"alerted": len(candidates)})
    transaction.on_commit(lambda: callout_notify.enqueue(callout.pk))
    return callout


def callout_respond(*, actor, callout: CallOut, accept: bool) -> CallOutResponse:
    """Answer a call-out. Accepting locks the call-out row: concurrent acceptances queue,
    and once ``places`` are taken the others get a clear "already filled" message."""
    from spp.rosters.tasks import callout_filled_notify

    require_participant(actor, callout.shift.service)
    with transaction.atomic():
        callout = (CallOut.objects.select_for_update().select_related("shift", "need")
                   .get(pk=callout.pk))
        if callout.shift.starts_at <= timezone.now():
            raise bad(None, _("La garde a déjà commencé : l’alerte est close."), code="started")
        previous = CallOutResponse.objects.filter(callout=callout, user=actor).first()
        if previous is not None and previous.answer == CallOutResponse.Answer.ACCEPTED:
            raise bad(None, _("Vous avez déjà accepté cette alerte."), code="duplicate")
        if not accept:
            response, _created = CallOutResponse.objects.update_or_create(
                callout=callout, user=actor, defaults={"answer": "declined"})
            return response
        if callout.status != CallOut.Status.OPEN or callout.accepted_count >= callout.places:
            raise bad(None, _("Cette alerte est déjà pourvue : merci de votre réactivité !"),
                      code="filled")
        take_place(user=actor, need=callout.need, source=Assignment.Source.CALL_OUT,
                   actor=actor)
        response, _created = CallOutResponse.objects.update_or_create(
            callout=callout, user=actor, defaults={"answer": "accepted"})
        CallOut.objects.filter(pk=callout.pk).update(accepted_count=F("accepted_count") + 1)
        if callout.accepted_count + 1 >= callout.places:
            CallOut.objects.filter(pk=callout.pk).update(
                status=workflow.next_status(workflow.CALLOUT, callout.status, "fill"))
            transaction.on_commit(lambda: callout_filled_notify.enqueue(callout.pk))
    return response


@transaction.atomic
def callout_cancel(*, actor, callout: CallOut) -> CallOut:
    require_manager(actor, callout.shift.service)
    callout.status = workflow.next_status(workflow.CALLOUT, callout.status, "cancel")
    callout.save(update_fields=["status"])
    return callout


def escalation_check(*, now=None) -> list[Escalation]:
    """Hand every need still short of its minimum, within its service's escalation delay
    before the start, to the professional fallback (once per need) and notify them."""
    now = now or timezone.now()
    needs = (ShiftNeed.objects.filter(shift__status=Shift.Status.OPEN, shift__starts_at__gt=now,
                                      shift__starts_at__lte=now + timedelta(hours=72),
                                      escalation__isnull=True)
             .select_related("shift__service__authority", "qualification_type"))
    policies: dict[int, object] = {}
    escalations = []
    for need in needs:
        service = need.shift.service
        policy = policies.setdefault(service.pk, selectors.policy_for(service))
        missing = need.gap
        if missing <= 0 or need.shift.starts_at - now > timedelta(hours=policy.escalation_hours):
            continue
        escalations.append(_escalate(need, policy.fallback, missing))
    return escalations


@transaction.atomic
def _escalate(need: ShiftNeed, fallback, missing: int) -> Escalation:
    escalation = Escalation.objects.create(need=need, fallback=fallback, missing=missing)
    for callout in need.callouts.filter(status=CallOut.Status.OPEN):
        callout.status = workflow.next_status(workflow.CALLOUT, callout.status, "escalate")
        callout.save(update_fields=["status"])
    if fallback is not None and fallback.contact_id:
        notification_send(recipient=fallback.contact,
                          title=_("Renfort demandé : %(s)s") % {"s": need.shift},
                          body=_("%(n)s place(s) « %(need)s » non pourvue(s) par les "
                                 "bénévoles.") % {"n": missing, "need": need})
        alerted = []
    else:
        alerted = _alert_coordinators(need, missing)
    audit_record(actor=None, action="rosters.escalate", target=need.shift,
                 organisation=need.shift.service.authority,
                 data={"need": need.pk, "missing": missing,
                       "coordinators_alerted": [user.pk for user in alerted]})
    return escalation


def _alert_coordinators(need: ShiftNeed, missing: int) -> list:
    """No professional fallback will hear of this need (none configured, or no contact named):
    its coordinators are told instead, so that an uncovered shift never goes unnoticed."""
    service = need.shift.service
    coordinators = selectors.service_coordinators(service)
    for coordinator in coordinators:
        notification_send(
            recipient=coordinator,
            title=_("Garde non couverte, sans renfort : %(s)s") % {"s": need.shift},
            body=_("%(n)s place(s) « %(need)s » non pourvue(s) par les bénévoles, et aucun "
                   "renfort professionnel n’est prévu pour ce service : il faut trouver une "
                   "solution.") % {"n": missing, "need": need},
            url=reverse("rosters:coverage", args=[service.slug]))
    return coordinators


def validation_message(error: ValidationError) -> str:
    return " ".join(error.messages)
