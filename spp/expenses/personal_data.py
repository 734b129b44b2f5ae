"""The expenses app's part of a person's own data (``spp.core.personal_data``): their claims
with each cost and its receipt (as a file: receipts are private, served only by their views,
and only the person's own claims are read here), the history of each claim, their waivers,
their reimbursement account and their tax receipts. Called through
``ExpensesConfig.personal_data_export``; a bounded number of queries whatever the count."""

import posixpath

from django.db.models import Prefetch

from spp.core.personal_data import export_file
from spp.expenses.models import Claim, ClaimEvent, ClaimLine, PayoutAccount, TaxReceipt, Waiver
from spp.expenses.workflow import ACTION_LABELS


def _receipt(claim, number, line):
    if not line.receipt:
        return None
    name = posixpath.basename(line.receipt.name)
    return export_file("expenses", f"demande-{claim.pk}/{number}-{name}", line.receipt)


def personal_data_sections(user) -> dict:
    claims = (
        Claim.objects.filter(claimant=user)
        .select_related("service")
        .prefetch_related(
            Prefetch("lines", queryset=ClaimLine.objects.order_by("id")),
            Prefetch("events", queryset=ClaimEvent.objects.order_by("at", "id")),
        )
        .order_by("created_at", "id")
    )
    account = PayoutAccount.objects.filter(user=user).first()
    return {
        "frais_demandes": [
            {
                "numero": claim.pk,
                "service": claim.service.name,
                "mois": claim.period_month,
                "etat": claim.get_status_display(),
                "etat_code": claim.status,
                "montant": claim.total,
                "abandonnee_au_profit_de_l_operateur": claim.waived,
                "points_d_attention": claim.flags,
                "creee_le": claim.created_at,
                "envoyee_le": claim.submitted_at,
                "decidee_le": claim.decided_at,
                "motif_de_la_decision": claim.decision_reason,
                "payee_le": claim.paid_at,
                "frais": [
                    {
                        "nature": line.get_category_display(),
                        "libelle": line.description,
                        "quantite": line.quantity,
                        "unite": line.get_unit_display(),
                        "taux": line.unit_rate,
                        "montant": line.amount,
                        "vehicule": line.vehicle_class,
                        "vehicule_electrique": line.electric,
                        "calcul": line.computation,
                        "justificatif": _receipt(claim, number, line),
                    }
                    for number, line in enumerate(claim.lines.all(), start=1)
                ],
                "historique": [
                    {
                        "action": str(ACTION_LABELS.get(event.action, event.action)),
                        "etat": event.get_status_display(),
                        "note": event.note,
                        "le": event.at,
                    }
                    for event in claim.events.all()
                ],
            }
            for claim in claims
        ],
        "frais_renonciations": [
            {
                "demande": w.claim_id,
                "operateur": w.operator.name,
                "texte_signe": w.wording,
                "signataire": w.signer_name,
                "adresse": w.signer_address,
                "signee_le": w.signed_at,
            }
            for w in Waiver.objects.filter(claim__claimant=user)
            .select_related("operator")
            .order_by("signed_at", "id")
        ],
        "frais_compte_de_remboursement": {
            "titulaire": account.holder_name,
            "iban": account.iban,
            "bic": account.bic,
            "mis_a_jour_le": account.updated_at,
        }
        if account
        else None,
        "frais_recus_fiscaux": [
            {
                "operateur": r.operator.name,
                "annee": r.year,
                "numero": r.number,
                "donateur": r.donor_name,
                "adresse": r.donor_address,
                "montant": r.amount,
                "emis_le": r.issued_at,
            }
            for r in TaxReceipt.objects.filter(user=user)
            .select_related("operator")
            .order_by("issued_at", "id")
        ],
    }
