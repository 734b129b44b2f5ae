"""The booking's transition table. Services change a booking's status only through
``booking_transition``, which appends the event; anything not listed is refused with a clear
message (Signalen's way)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

BOOKING = {
    ("booked", "complete"): "completed",
    ("booked", "cancel_by_passenger"): "cancelled_by_passenger",
    ("booked", "cancel_by_driver"): "cancelled_by_driver",
}

ACTION_LABELS = {
    "book": _("Place réservée"),
    "complete": _("Trajet confirmé à l’arrêt"),
    "cancel_by_passenger": _("Annulée par le passager"),
    "cancel_by_driver": _("Annulée par le conducteur"),
    "confirm": _("Confirmation d’un occupant"),
    "code_failed": _("Code erroné"),
}


def next_status(current: str, action: str) -> str:
    try:
        return BOOKING[(current, action)]
    except KeyError:
        raise ValidationError(
            _("Cette réservation est déjà « %(status)s » : cette action n’est plus possible.")
            % {"status": current}, code="bad_transition") from None


def booking_transition(booking, *, actor, action: str, note: str = "") -> None:
    """Move ``booking`` along the table, save its status and log the event (inside the
    caller's transaction)."""
    from spp.carpool.models import BookingEvent

    booking.status = next_status(booking.status, action)
    booking.save(update_fields=["status", "cancelled_at"])
    BookingEvent.objects.create(booking=booking, actor=actor, action=action,
                                status=booking.status, note=note[:300])
