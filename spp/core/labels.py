"""The words people read in place of the codes the platform stores: the audit log's actions,
and status changes ("En attente → Validée", never "pending → active").

Every action passed to ``spp.core.services.audit_record`` has its label here;
``spp/core/tests/test_labels_audit.py`` reads the source for the actions recorded and fails
on one without a label. An action without a label still shows, as its code."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    # core
    "membership.set": _("Rôle attribué"),
    "membership.add": _("Membre ajouté"),
    "membership.role": _("Rôle d’un membre changé"),
    "membership.remove": _("Membre retiré"),
    "invitation.create": _("Invitation envoyée"),
    "invitation.resend": _("Invitation renvoyée"),
    "invitation.cancel": _("Invitation annulée"),
    "invitation.accept": _("Invitation acceptée"),
    "organisation.branding": _("Identité visuelle modifiée"),
    "api_token.create": _("Jeton d’API créé"),
    "api_token.revoke": _("Jeton d’API révoqué"),
    "user.erase": _("Compte effacé"),
    "personal_data.export_request": _("Copie de ses données demandée"),
    # catalog: services, charters, enrolments, qualifications, incidents, ledger
    "service.create": _("Service créé"),
    "service.update": _("Service modifié"),
    "service.publish": _("Service publié"),
    "service.unpublish": _("Service retiré de la publication"),
    "charter.publish": _("Charte publiée"),
    "charter.accept": _("Charte acceptée"),
    "enrolment.create": _("Inscription demandée"),
    "enrolment.reapply": _("Inscription demandée à nouveau"),
    "enrolment.approve": _("Inscription validée"),
    "enrolment.refuse": _("Inscription refusée"),
    "enrolment.suspend": _("Inscription suspendue"),
    "enrolment.reinstate": _("Inscription rétablie"),
    "enrolment.end": _("Inscription terminée"),
    "enrolment.withdraw": _("Retrait du service"),
    "qualification.add": _("Qualification ajoutée"),
    "qualification.verify": _("Qualification vérifiée"),
    "qualification_type.create": _("Type de qualification créé"),
    "qualification_type.update": _("Type de qualification modifié"),
    "qualification_type.deactivate": _("Type de qualification désactivé"),
    "qualification_type.activate": _("Type de qualification réactivé"),
    "qualification_type.delete": _("Type de qualification supprimé"),
    "qualification_type.verifiers": _("Organisations habilitées à vérifier modifiées"),
    "incident.declare": _("Incident déclaré"),
    "incident.acknowledge": _("Incident pris en compte"),
    "incident.follow_up": _("Incident passé en traitement"),
    "incident.close": _("Incident clos"),
    "incident.note": _("Note ajoutée à un incident"),
    "participation.correct": _("Participation corrigée"),
    "attestation.issue": _("Attestation délivrée"),
    "attestation.revoke": _("Attestation révoquée"),
    # rosters
    "rosters.households.read": _("Foyers des contributeurs consultés"),
    "rosters.policy.set": _("Règles des gardes modifiées"),
    "rosters.pattern.create": _("Modèle de garde créé"),
    "rosters.pattern.generate": _("Gardes générées depuis un modèle"),
    "rosters.shift.create": _("Garde créée"),
    "rosters.shift.cancel": _("Garde annulée"),
    "rosters.assignment.signup": _("Inscription sur une garde"),
    "rosters.assignment.roster": _("Place donnée par le planning automatique"),
    "rosters.assignment.call_out": _("Place prise sur une alerte"),
    "rosters.assignment.coordinator": _("Place donnée par la coordination"),
    "rosters.assignment.cancel": _("Place sur une garde annulée"),
    "rosters.assignment.attend": _("Présence sur une garde confirmée"),
    "rosters.roster.request": _("Planning automatique calculé"),
    "rosters.roster.publish": _("Planning publié"),
    "rosters.roster.submit": _("Planning automatique demandé"),
    "rosters.roster.add": _("Personne ajoutée à une proposition de planning"),
    "rosters.roster.remove": _("Place retirée d’une proposition de planning"),
    "rosters.roster.swap": _("Deux personnes échangées dans une proposition de planning"),
    "rosters.callout.create": _("Alerte lancée"),
    "rosters.escalate": _("Besoin confié au renfort professionnel"),
    "rosters.household.create": _("Foyer créé"),
    "rosters.replacement.request": _("Remplacement demandé sur une garde"),
    "rosters.replacement.cancel": _("Demande de remplacement retirée"),
    "rosters.replacement.take": _("Garde reprise par un collègue (remplacement)"),
    # reports
    "report.create": _("Signalement créé"),
    "report.acknowledge": _("Signalement pris en compte"),
    "report.start": _("Signalement passé en traitement"),
    "report.resolve": _("Signalement résolu"),
    "report.reject": _("Signalement rejeté"),
    "report.mark_duplicate": _("Signalement marqué comme doublon"),
    "report.reopen": _("Signalement rouvert"),
    "report.export": _("Signalements exportés"),
    "report.assign": _("Signalement attribué"),
    "report.recategorise": _("Signalement changé de catégorie"),
    "report.submit_for_confirmation": _("Signalement en attente de confirmation par courriel"),
    "report_settings.set": _("Réglages des signalements modifiés"),
    "report_category.target_days": _("Délai cible d’une catégorie modifié"),
    "report_category.create": _("Catégorie de signalement créée"),
    "report_category.update": _("Catégorie de signalement modifiée"),
    "open311.key_issue": _("Clé d’API Open311 délivrée"),
    "open311.key_rotate": _("Clé d’API Open311 renouvelée"),
    "open311.key_revoke": _("Clé d’API Open311 révoquée"),
    # consultations
    "consultation.create": _("Consultation créée"),
    "consultation.update": _("Consultation modifiée"),
    "consultation.export": _("Réponses d’une consultation exportées"),
    "consultation.evaluation_send": _("Invitations à une évaluation envoyées"),
    "consultation.moderation.publish": _("Contribution publiée"),
    "consultation.moderation.hide": _("Contribution masquée"),
    "consultation.moderation.restore": _("Contribution rétablie"),
    "consultation.moderation.spam": _("Contribution classée indésirable"),
    "consultation.moderation.dismiss": _("Signalement d’une contribution écarté"),
    "consultation.moderation.merge": _("Proposition fusionnée avec une autre"),
    "consultation.proposal.edit": _("Proposition corrigée par son auteur"),
    # carpool
    "carpool.line_created": _("Ligne de covoiturage créée"),
    "carpool.line_updated": _("Ligne de covoiturage modifiée"),
    "carpool.stops_updated": _("Arrêts d’une ligne modifiés"),
    "carpool.tariff_added": _("Tarif d’une ligne ajouté"),
    "carpool.guarantee_requested": _("Trajet garanti demandé"),
    "carpool.guarantee_fallback_called": _("Solution de secours appelée"),
    "carpool.guarantee_fallback_failed": _("Solution de secours injoignable"),
    # peers
    "peers.profile.save": _("Profil de patient-expert enregistré"),
    "peers.request.create": _("Demande d’accompagnement créée"),
    "peers.request.read_personal": _("Coordonnées d’une demande consultées"),
    "peers.request.close": _("Demande d’accompagnement close"),
    "peers.requests.purge": _("Coordonnées anciennes effacées"),
    "peers.proposal.make": _("Accompagnement proposé"),
    "peers.proposal.accept": _("Accompagnement accepté"),
    "peers.proposal.decline": _("Accompagnement décliné"),
    "peers.session.log": _("Séance notée"),
    # expenses
    "expenses.policy_save": _("Règles de remboursement enregistrées"),
    "expenses.claim_approve": _("Demande de frais validée"),
    "expenses.claim_reject": _("Demande de frais refusée"),
    "expenses.claim_waive": _("Abandon de frais enregistré"),
    "expenses.export": _("Paiements exportés"),
    "expenses.payout_account_set": _("Compte de remboursement enregistré"),
    "expenses.tax_receipts_issue": _("Reçus fiscaux délivrés"),
}


def action_label(code: str) -> str:
    """The action as people read it; its code when it has no label."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def action_choices(codes) -> list[tuple[str, str]]:
    """``[(code, label)]`` of ``codes``, sorted by label, for a filter's suggestions."""
    return sorted(((code, action_label(code)) for code in codes), key=lambda pair: pair[1])


def status_label(labels: dict, status: str) -> str:
    """A status read from ``labels`` (``choice_labels(Model.Status)``); "Création" for the
    empty status a history starts from, the code for an unknown one."""
    if not status:
        return str(_("Création"))
    return str(labels.get(status, status))


def transition_label(labels: dict, from_status: str, to_status: str) -> str:
    """A status change as people read it: "Déclaré → Pris en compte", "Création → Déclaré"."""
    return f"{status_label(labels, from_status)} → {status_label(labels, to_status)}"
