"""The matched expert logs a session: when, how long, how; no clinical content. Each session
writes one row to the participation ledger (hours), which the expenses app claims from."""

from datetime import datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.catalog.models import Participation
from spp.catalog.services import participation_record
from spp.core.services import audit_record
from spp.peers import permissions
from spp.peers.models import PeerRequest, PeerSession


def session_log(*, actor, request: PeerRequest, held_on, duration_minutes: int, mode: str,
                today=None) -> PeerSession:
    if not permissions.request_abilities(actor, request)["log_session"]:
        raise PermissionDenied
    today = today or timezone.localdate()
    errors = {}
    if held_on > today:
        errors["held_on"] = _("Une séance se note une fois tenue : la date est à venir.")
    elif held_on < request.created_at.date():
        errors["held_on"] = _("Cette date précède la demande.")
    if not 5 <= duration_minutes <= 480:
        errors["duration_minutes"] = _("Une séance dure entre 5 minutes et 8 heures.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session = PeerSession.objects.create(request=request, expert=request.expert,
                                             held_on=held_on, duration_minutes=duration_minutes,
                                             mode=mode)
        hours = (Decimal(duration_minutes) / 60).quantize(Decimal("0.01"), ROUND_HALF_UP)
        participation_record(
            user=actor, service=request.service, kind=Participation.Kind.PEER_SESSION,
            quantity=hours, unit=Participation.Unit.HOURS,
            occurred_at=timezone.make_aware(datetime.combine(held_on, time(12, 0))),
            source_key=f"peers.session:{session.pk}",
            description=_("Séance d’accompagnement par un pair"), recorded_by=actor)
        audit_record(actor=actor, action="peers.session.log", target=session,
                     organisation=request.service.authority)
    return session
