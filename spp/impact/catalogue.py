"""The figures the platform publishes, in one list: their names, units and the sentence that
says how each is computed. The dashboards, the public page, the downloads, the open-data
schema and ``docs/impact.md`` all read this list, so a figure is defined in one place and
two authorities' pages can be read side by side.

``disclosure`` says how the public page treats a figure for a small group:
- ``"count"``: a count of people; below the threshold it is shown as "fewer than N";
- ``"person"``: a total made by people (hours, km, acts); hidden when the group's
  contributors are fewer than the threshold, since a total of one or two people tells what
  each of them did;
- ``"none"``: not about people (shifts planned, a budget): always shown."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Figure:
    key: str  # the PeriodFigures column, and the open data's field name
    label: str
    unit: str  # "personnes", "heures", "nombre", "km", "kg CO2e", "euros", "%"
    decimals: int
    disclosure: str
    method: str


FIGURES = [
    Figure("contributors", _("Contributeurs actifs"), "personnes", 0, "count",
           _("Personnes distinctes ayant au moins un acte de participation dans la période "
             "(garde, intervention, signalement, trajet, séance, contribution) ; une "
             "personne active dans plusieurs services compte une fois pour l’autorité.")),
    Figure("acts", _("Actes de participation"), "nombre", 0, "person",
           _("Lignes du registre des participations dans la période, hors frais "
             "indemnisés ; une correction retire l’acte qu’elle corrige.")),
    Figure("hours", _("Heures données"), "heures", 2, "person",
           _("Somme des durées inscrites au registre en heures (gardes, interventions, "
             "séances entre pairs), corrections déduites.")),
    Figure("shifts_held", _("Gardes et permanences tenues"), "nombre", 0, "person",
           _("Gardes ou permanences inscrites au registre comme effectuées.")),
    Figure("call_outs", _("Interventions sur alerte"), "nombre", 0, "person",
           _("Départs sur alerte inscrits au registre.")),
    Figure("shifts_planned", _("Gardes prévues"), "nombre", 0, "none",
           _("Gardes du planning commençant dans la période, hors gardes annulées.")),
    Figure("coverage_percent", _("Couverture des gardes"), "%", 1, "none",
           _("Part des gardes prévues pourvues au minimum requis de personnes qualifiées.")),
    Figure("reports_filed", _("Signalements déposés"), "nombre", 0, "person",
           _("Signalements créés dans la période (doublons fusionnés compris).")),
    Figure("reports_resolved", _("Signalements résolus"), "nombre", 0, "none",
           _("Signalements passés à l’état « résolu » dans la période.")),
    Figure("resolution_hours_median", _("Délai médian de résolution"), "heures", 1, "none",
           _("Médiane, sur les signalements résolus dans la période, du temps écoulé entre "
             "le dépôt et la résolution.")),
    Figure("journeys", _("Trajets partagés"), "nombre", 0, "person",
           _("Trajets en covoiturage confirmés, comptés une fois par réservation "
             "(le trajet du passager).")),
    Figure("km_shared", _("Kilomètres parcourus ensemble"), "km", 1, "person",
           _("Somme des distances des trajets confirmés, pour le passager et pour le "
             "conducteur.")),
    Figure("km_avoided", _("Kilomètres de voiture évités"), "km", 1, "person",
           _("Distance des passagers : chaque réservation confirmée est un trajet que le "
             "passager n’a pas fait dans sa propre voiture.")),
    Figure("co2_kg_avoided", _("CO₂ évité"), "kg CO2e", 1, "person",
           _("Kilomètres évités × facteur d’émission d’une voiture particulière en vigueur "
             "au premier jour du mois du trajet (donnée datée et sourcée, qu’un "
             "administrateur met à jour).")),
    Figure("peer_sessions", _("Séances entre pairs"), "nombre", 0, "person",
           _("Séances d’accompagnement par un patient-expert inscrites au registre.")),
    Figure("peer_hours", _("Heures d’accompagnement entre pairs"), "heures", 2, "person",
           _("Durée des séances entre pairs, corrections déduites.")),
    Figure("consultation_contributions", _("Contributions aux consultations"), "nombre", 0,
           "person", _("Réponses et propositions déposées dans les consultations.")),
    Figure("consultation_participants", _("Participants aux consultations"), "personnes", 0,
           "count", _("Personnes distinctes ayant répondu ou proposé dans la période.")),
    Figure("indemnities_paid", _("Frais indemnisés"), "euros", 2, "person",
           _("Montants des frais remboursés aux participants, inscrits au registre au "
             "paiement (les frais couvrent des dépenses, jamais le travail).")),
    Figure("indemnity_budget", _("Budget d’indemnisation prévu"), "euros", 2, "none",
           _("Budget mensuel de la politique d’indemnisation × nombre de mois de la "
             "période ; vide quand la politique n’en fixe pas.")),
    Figure("value_estimate", _("Valeur estimée de la participation"), "euros", 2, "person",
           _("Heures données × coût horaire de référence du service, moins les frais "
             "indemnisés ; pour l’autorité, la somme de ses services.")),
]

FIGURES_BY_KEY = {figure.key: figure for figure in FIGURES}
