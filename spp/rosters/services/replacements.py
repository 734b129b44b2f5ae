"""Replacements between volunteers: a volunteer on a shift (even inside the no-withdrawal
window, where they may no longer withdraw) asks for a replacement; qualified colleagues of
the service see the request and a bounded number of them are told; the first to take it
over gets the place: in one transaction, the request's row locked, the requester's
assignment ends (cancelled, its event logged) and the taker gets a new one on the same need.
The requester withdraws the request while it is open."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.core.models import User
from spp.core.services import audit_record, notification_send
from spp.rosters import permissions, selectors, workflow
from spp.rosters.models import Assignment, ReplacementRequest, Shift
from spp.rosters.selectors.replacements import replacement_candidates
from spp.rosters.services.assignments import check_place
from spp.rosters.services.common import (
    assignment_move,
    bad,
    need_count_add,
    require_participant,
)


def _url(replacement: ReplacementRequest) -> str:
    return reverse("rosters:replacement_detail", args=[replacement.pk])


def _refuse_if_started(shift: Shift) -> None:
    if shift.status != Shift.Status.OPEN or shift.starts_at <= timezone.now():
        raise bad(None, _("Cette garde a déjà commencé ou a été annulée."), code="started")


@transaction.atomic
def replacement_request(*, actor, assignment: Assignment, message: str = "") -> ReplacementRequest:
    """The person on ``assignment`` asks to be replaced. One open request per assignment
    (the database refuses a second one, even from two requests at once)."""
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("shift__service", "need")
        .get(pk=assignment.pk)
    )
    if not permissions.owns_assignment(actor, assignment):
        raise bad(
            None, _("Seule la personne de garde peut demander à être remplacée."), code="not_owner"
        )
    if assignment.status != Assignment.Status.PUBLISHED:
        raise bad(None, _("Cette place n’est plus la vôtre."), code="not_live")
    _refuse_if_started(assignment.shift)
    try:
        with transaction.atomic():
            replacement = ReplacementRequest.objects.create(
                assignment=assignment, requested_by=actor, message=message.strip()[:300]
            )
    except IntegrityError:
        raise bad(
            None, _("Vous avez déjà demandé un remplacement pour cette garde."), code="duplicate"
        ) from None
    candidates = replacement_candidates(replacement)
    replacement.notified_count = len(candidates)
    replacement.save(update_fields=["notified_count"])
    audit_record(
        actor=actor,
        action="rosters.replacement.request",
        target=assignment,
        organisation=assignment.shift.service.authority,
        data={"replacement": replacement.pk, "notified": len(candidates)},
    )
    transaction.on_commit(lambda: _notify_candidates(replacement.pk, candidates))
    return replacement


def _notify_candidates(replacement_id: int, candidate_ids: list[int]) -> None:
    replacement = ReplacementRequest.objects.select_related("assignment__shift").get(
        pk=replacement_id
    )
    shift = replacement.assignment.shift
    title = _("Remplaçant recherché : %(s)s") % {"s": shift}
    for user in User.objects.filter(pk__in=candidate_ids, is_active=True):
        notification_send(
            recipient=user, title=title, body=replacement.message, url=_url(replacement)
        )


@transaction.atomic
def replacement_cancel(*, actor, replacement: ReplacementRequest) -> ReplacementRequest:
    """The requester withdraws their request while it is open."""
    replacement = (
        ReplacementRequest.objects.select_for_update(of=("self",))
        .select_related("assignment__shift__service")
        .get(pk=replacement.pk)
    )
    if actor.pk != replacement.requested_by_id:
        raise bad(
            None,
            _("Seule la personne qui a demandé le remplacement peut retirer sa demande."),
            code="not_owner",
        )
    if replacement.status != ReplacementRequest.Status.OPEN:
        raise bad(None, _("Cette demande est déjà close."), code="closed")
    replacement.status = workflow.next_status(workflow.REPLACEMENT, replacement.status, "cancel")
    replacement.closed_at = timezone.now()
    replacement.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        action="rosters.replacement.cancel",
        target=replacement.assignment,
        organisation=replacement.assignment.shift.service.authority,
        data={"replacement": replacement.pk},
    )
    return replacement


def replacement_take(*, actor, replacement: ReplacementRequest) -> Assignment:
    """A colleague takes the shift over. The request's row is locked first: of two
    colleagues accepting at once, the second waits, then finds the request closed. The
    taker must hold the need's qualification and be free (``check_place``, under the
    need's lock); the requester's place ends before, so the need's counters stay exact."""
    require_participant(actor, replacement.assignment.shift.service)
    with transaction.atomic():
        replacement = ReplacementRequest.objects.select_for_update(of=("self",)).get(
            pk=replacement.pk
        )
        if replacement.status != ReplacementRequest.Status.OPEN:
            raise bad(
                None,
                _(
                    "Un collègue a déjà repris cette garde, ou la demande a été "
                    "retirée : merci de votre réactivité !"
                ),
                code="closed",
            )
        if replacement.requested_by_id == actor.pk:
            raise bad(None, _("Vous ne pouvez pas reprendre votre propre garde."), code="own")
        old = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("shift__service", "need__qualification_type", "user")
            .get(pk=replacement.assignment_id)
        )
        if old.status != Assignment.Status.PUBLISHED:
            raise bad(None, _("Cette place n’est plus à reprendre."), code="not_live")
        shift = old.shift
        _refuse_if_started(shift)
        assignment_move(
            old,
            "cancel",
            actor=actor,
            reason=_("Remplacé par %(n)s") % {"n": actor.get_full_name() or actor.email},
        )
        need = check_place(user=actor, need=old.need)
        new = Assignment.objects.create(
            shift=shift,
            need=need,
            user=actor,
            trainee=need.as_trainee,
            status=Assignment.Status.PUBLISHED,
            source=Assignment.Source.SIGNUP,
        )
        need_count_add(new, +1)
        replacement.status = workflow.next_status(workflow.REPLACEMENT, replacement.status, "take")
        replacement.taken_by, replacement.new_assignment = actor, new
        replacement.closed_at = timezone.now()
        replacement.save(update_fields=["status", "taken_by", "new_assignment", "closed_at"])
        audit_record(
            actor=actor,
            action="rosters.replacement.take",
            target=new,
            organisation=shift.service.authority,
            data={
                "replacement": replacement.pk,
                "replaced_assignment": old.pk,
                "replaced_user": old.user_id,
            },
        )
        transaction.on_commit(lambda: _notify_taken(replacement.pk))
    return new


def _notify_taken(replacement_id: int) -> None:
    """Tell the requester, and the service's coordinators, who now holds the place."""
    replacement = ReplacementRequest.objects.select_related(
        "assignment__shift__service", "taken_by", "requested_by"
    ).get(pk=replacement_id)
    shift, taker = replacement.assignment.shift, replacement.taken_by
    names = {
        "s": shift,
        "n": taker.get_full_name() or taker.email,
        "r": replacement.requested_by.get_full_name() or replacement.requested_by.email,
    }
    notification_send(
        recipient=replacement.requested_by,
        title=_("Vous êtes remplacé : %(s)s") % names,
        body=_("%(n)s reprend votre garde. Elle n’apparaît plus dans vos gardes.") % names,
        url=_url(replacement),
    )
    emails = {
        c.email
        for c in selectors.coordination_contacts([shift.service])[shift.service.pk]
        if c.email
    }
    for user in User.objects.filter(email__in=emails, is_active=True).exclude(
        pk__in=[taker.pk, replacement.requested_by_id]
    ):
        notification_send(
            recipient=user,
            title=_("Remplacement : %(s)s") % names,
            body=_("%(n)s remplace %(r)s.") % names,
            url=_url(replacement),
        )
