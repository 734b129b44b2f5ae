"""Transition tables for the catalog's stateful objects (after Signalen's workflow.py).

A transition not listed here is refused; ``transition_allowed`` is the only place that knows."""

from django.utils.translation import gettext_lazy as _

from spp.catalog.models import Enrolment, Incident

E = Enrolment.Status
ENROLMENT_TRANSITIONS: dict[str, dict[str, str]] = {
    # action: {from: to}
    "approve": {E.PENDING: E.ACTIVE},
    "refuse": {E.PENDING: E.ENDED},
    "suspend": {E.ACTIVE: E.SUSPENDED},
    "reinstate": {E.SUSPENDED: E.ACTIVE},
    "end": {E.ACTIVE: E.ENDED, E.SUSPENDED: E.ENDED, E.PENDING: E.ENDED},
    "withdraw": {E.ACTIVE: E.ENDED, E.SUSPENDED: E.ENDED, E.PENDING: E.ENDED},
    "reapply": {E.ENDED: E.PENDING},
}
ENROLMENT_ACTIONS_NEEDING_REASON = {"refuse", "suspend", "end"}
ENROLMENT_ACTION_LABELS = {
    "approve": _("Valider"),
    "refuse": _("Refuser"),
    "suspend": _("Suspendre"),
    "reinstate": _("Rétablir"),
    "end": _("Mettre fin"),
    "withdraw": _("Me retirer"),
    "reapply": _("Demander à nouveau"),
}

I = Incident.Status  # noqa: E741
INCIDENT_TRANSITIONS: dict[str, dict[str, str]] = {
    "acknowledge": {I.DECLARED: I.ACKNOWLEDGED},
    "follow_up": {I.DECLARED: I.IN_FOLLOW_UP, I.ACKNOWLEDGED: I.IN_FOLLOW_UP},
    "close": {I.DECLARED: I.CLOSED, I.ACKNOWLEDGED: I.CLOSED, I.IN_FOLLOW_UP: I.CLOSED},
    "note": {
        I.DECLARED: I.DECLARED,
        I.ACKNOWLEDGED: I.ACKNOWLEDGED,
        I.IN_FOLLOW_UP: I.IN_FOLLOW_UP,
    },
}
INCIDENT_ACTION_LABELS = {
    "acknowledge": _("Prendre en compte"),
    "follow_up": _("Passer en traitement"),
    "close": _("Clore"),
    "note": _("Ajouter une note"),
}


def next_status(table: dict[str, dict[str, str]], action: str, current: str) -> str | None:
    """The status ``action`` leads to from ``current``, or None if the move is not allowed."""
    return table.get(action, {}).get(current)


def available_actions(table: dict[str, dict[str, str]], current: str) -> list[str]:
    return [action for action, moves in table.items() if current in moves]
