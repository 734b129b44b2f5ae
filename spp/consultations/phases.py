"""The phases of a consultation, as its page shows them (a stepper): information (before it
opens), contributions (while open), analysis (after closing, until the results are published
at ``results_at``) and results. Derived from the consultation's dates, never stored: a phase
cannot disagree with what the consultation accepts (``permissions``)."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

INFORMATION, CONTRIBUTIONS = "information", "contributions"
ANALYSIS, RESULTS = "analysis", "results"
LABELS = {INFORMATION: gettext_lazy("Information"),
          CONTRIBUTIONS: gettext_lazy("Contributions"),
          ANALYSIS: gettext_lazy("Analyse"),
          RESULTS: gettext_lazy("Résultats")}
ORDER = [INFORMATION, CONTRIBUTIONS, ANALYSIS, RESULTS]


def current_phase(consultation, at=None) -> str:
    """The phase ``consultation`` is in at ``at`` (now by default)."""
    at = at or timezone.now()
    if at < consultation.opens_at:
        return INFORMATION
    if at < consultation.closes_at:
        return CONTRIBUTIONS
    if consultation.results_at and at < consultation.results_at:
        return ANALYSIS
    return RESULTS


def _day(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y")


def phase_steps(consultation, at=None) -> list[dict]:
    """Each phase in order: ``key``, ``label``, ``state`` ("done", "current", "upcoming"),
    ``state_label`` (what a screen reader says of it) and ``when`` (its dates, in French)."""
    current = ORDER.index(current_phase(consultation, at))
    opens, closes = _day(consultation.opens_at), _day(consultation.closes_at)
    results_at = consultation.results_at or consultation.closes_at
    when = {
        INFORMATION: _("jusqu’au %(date)s") % {"date": opens},
        CONTRIBUTIONS: _("du %(start)s au %(end)s") % {"start": opens, "end": closes},
        ANALYSIS: (_("jusqu’au %(date)s") % {"date": _day(consultation.results_at)}
                   if consultation.results_at else _("sans délai après la clôture")),
        RESULTS: _("à partir du %(date)s") % {"date": _day(results_at)},
    }
    state_labels = {"done": _("étape terminée"), "current": _("étape en cours"),
                    "upcoming": _("étape à venir")}  # the current one also shows "En cours"
    steps = []
    for index, key in enumerate(ORDER):
        state = "done" if index < current else "current" if index == current else "upcoming"
        steps.append({"key": key, "label": str(LABELS[key]), "state": state,
                      "state_label": state_labels[state], "when": when[key]})
    return steps
