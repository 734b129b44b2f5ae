"""The claim's transition table. Services change a claim's status only through
``next_status``; anything not listed is refused with a clear message (Signalen's way)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLAIM = {
    ("draft", "submit"): "submitted",
    ("draft", "withdraw"): "withdrawn",
    ("submitted", "approve"): "approved",
    ("submitted", "reject"): "rejected",
    ("submitted", "withdraw"): "withdrawn",
    ("approved", "pay"): "paid",
}

ACTION_LABELS = {
    "create": _("Brouillon créé"),
    "submit": _("Demande envoyée"),
    "withdraw": _("Demande retirée"),
    "approve": _("Demande validée"),
    "reject": _("Demande refusée"),
    "pay": _("Paiement exporté"),
    "waive": _("Remboursement abandonné au profit de l’opérateur"),
}


def next_status(current: str, action: str) -> str:
    try:
        return CLAIM[(current, action)]
    except KeyError:
        raise ValidationError(
            _("Cette demande est « %(status)s » : l’action « %(action)s » n’est plus possible.")
            % {"status": current, "action": action}, code="bad_transition") from None
