"""A request's life: new → proposed (a coordinator proposed an expert) → matched (the expert
accepted) → closed. A declined proposal brings it back to new; a coordinator may close it
from any open state (the person no longer wishes it, no expert available). One function
changes the status, and appends the event, so the log cannot miss a change."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spp.peers.models import PeerRequest, RequestEvent

S = PeerRequest.Status
TRANSITIONS = {
    S.NEW: {S.PROPOSED, S.CLOSED},
    S.PROPOSED: {S.MATCHED, S.NEW, S.CLOSED},
    S.MATCHED: {S.CLOSED},
    S.CLOSED: set(),
}


def request_transition(request: PeerRequest, to: str, *, actor, note: str = "",
                       extra_fields: tuple[str, ...] = ()) -> None:
    """Move ``request`` to ``to`` (inside the caller's transaction), or say why not."""
    if to not in TRANSITIONS[request.status]:
        raise ValidationError(_("Cette demande est « %(s)s » : cette action n’est plus "
                                "possible.") % {"s": request.get_status_display()})
    before = request.status
    request.status = to
    request.save(update_fields=["status", *extra_fields])
    RequestEvent.objects.create(request=request, actor=actor if actor and
                                actor.is_authenticated else None, from_status=before,
                                to_status=to, note=note[:255])
