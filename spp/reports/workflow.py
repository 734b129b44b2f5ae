"""The report's transition table (after Signalen's workflow.py). A move not listed here is
refused; ``services.report_transition`` is the one function that changes a report's status."""

from django.utils.translation import gettext_lazy as _

from spp.reports.models import Report

S = Report.Status
_OPEN = (S.NEW, S.ACKNOWLEDGED, S.IN_PROGRESS)

TRANSITIONS: dict[str, dict[str, str]] = {
    # action: {from: to}
    "acknowledge": {S.NEW: S.ACKNOWLEDGED},
    "start": {S.NEW: S.IN_PROGRESS, S.ACKNOWLEDGED: S.IN_PROGRESS},
    "resolve": {status: S.RESOLVED for status in _OPEN},
    "reject": {status: S.REJECTED for status in _OPEN},
    "mark_duplicate": {status: S.DUPLICATE for status in _OPEN},
    "reopen": {S.RESOLVED: S.ACKNOWLEDGED, S.REJECTED: S.ACKNOWLEDGED,
               S.DUPLICATE: S.ACKNOWLEDGED},
}
# Actions whose reason is shown to the public and is required.
NEEDS_REASON = {"reject", "reopen"}
ACTION_LABELS = {
    "acknowledge": _("Prendre en compte"),
    "start": _("Passer en traitement"),
    "resolve": _("Marquer comme résolu"),
    "reject": _("Rejeter"),
    "mark_duplicate": _("Marquer comme doublon"),
    "reopen": _("Rouvrir"),
}


def next_status(action: str, current: str) -> str | None:
    """The status ``action`` leads to from ``current``, or None if the move is not allowed."""
    return TRANSITIONS.get(action, {}).get(current)


def available_actions(current: str) -> list[str]:
    return [action for action, moves in TRANSITIONS.items() if current in moves]
