"""Transition tables of the stateful roster objects. Services change a status only through
``next_status``; anything not listed is refused with a clear message."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ASSIGNMENT = {
    ("proposed", "publish"): "published",
    ("proposed", "discard"): "cancelled",
    ("published", "cancel"): "cancelled",
    ("published", "attend"): "attended",
}

ROSTER = {
    ("draft", "publish"): "published",
    ("draft", "discard"): "discarded",
}

CALLOUT = {
    ("open", "fill"): "filled",
    ("open", "escalate"): "escalated",
    ("open", "cancel"): "cancelled",
    ("filled", "reopen"): "open",
}


def next_status(table: dict, current: str, action: str) -> str:
    try:
        return table[(current, action)]
    except KeyError:
        raise ValidationError(_("Action « %(a)s » impossible dans l’état « %(s)s ».")
                              % {"a": action, "s": current}, code="bad_transition") from None

REPLACEMENT = {
    ("open", "take"): "taken",
    ("open", "cancel"): "cancelled",
}
