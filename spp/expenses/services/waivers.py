"""A contributor of a delegated service gives up the reimbursement of a claim to the operator
(an association), and the operator issues the yearly tax receipt for what was given up.

The conditions are those of the tax administration for costs volunteers give up
(BOI-IR-RICI-250-20, § on "frais engagés par les bénévoles"; associations.gouv.fr, "Option
pour une réduction d'impôts"): costs incurred strictly for the association's object, without
anything in return, duly justified, which the volunteer expressly gives up in writing, the
association keeping the statement and the evidence with its accounts, and any volunteer in
the same situation being able to have them reimbursed. The waiver page says all of it; the
text signed is stored exactly as it was shown (``Waiver.wording``)."""

import hashlib
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.core.models import Organisation
from spp.core.services import audit_record, notification_send
from spp.expenses import permissions
from spp.expenses.cerfa import beneficiary_of, euros_in_figures
from spp.expenses.models import Claim, ClaimEvent, Policy, TaxReceipt, Waiver
from spp.expenses.selectors.waivers import tax_receipt_donors

WAIVABLE_STATUSES = (Claim.Status.DRAFT, Claim.Status.SUBMITTED)


def waiver_wording(claim) -> str:
    """The statement the contributor signs for ``claim``, in French. It names the claim, its
    amount and the operator, so that the stored text proves on its own what was given up."""
    operator = claim.service.operator.name
    return _(
        "Je renonce expressément au remboursement des frais de ma demande n° %(number)s, "
        "d’un montant de %(amount)s €, que j’ai engagés personnellement, sans contrepartie, "
        "pour participer au service « %(service)s » dans le cadre de l’activité de "
        "l’organisme « %(operator)s » et strictement en vue de la réalisation de son objet.\n"
        "J’abandonne ces frais à l’organisme « %(operator)s », à titre de don. Ils sont "
        "justifiés par les pièces de ma demande, qu’il conserve à l’appui de ses comptes avec "
        "la présente déclaration ; j’aurais pu en obtenir le remboursement si je l’avais "
        "demandé.\n"
        "Je sais que ce don peut ouvrir droit à la réduction d’impôt sur le revenu prévue à "
        "l’article 200 du code général des impôts, sur présentation du reçu fiscal que cet "
        "organisme me délivrera pour l’année, dans les conditions fixées par "
        "l’administration fiscale (BOI-IR-RICI-250-20). Une fois signée, cette renonciation "
        "ne peut plus être reprise."
    ) % {
        "number": claim.pk,
        "amount": euros_in_figures(claim.total),
        "service": claim.service.name,
        "operator": operator,
    }


def wording_digest(wording: str) -> str:
    """A short fingerprint of the text shown, sent back with the signature: the text signed
    is the text read, or the signature is refused."""
    return hashlib.sha256(wording.encode()).hexdigest()[:32]


def _waivable_refusal(claim) -> str | None:
    """Why ``claim`` cannot be given up, in French; None when it can."""
    if claim.service.operator_id is None:
        return _(
            "Ce service est géré en régie par la collectivité : il n’y a pas "
            "d’association à qui faire don de vos frais. Vous pouvez en demander le "
            "remboursement."
        )
    if claim.policy.kind != Policy.Kind.WAIVABLE:
        return _(
            "La politique d’indemnisation de ce service ne prévoit pas l’abandon des "
            "frais au profit de l’opérateur."
        )
    if claim.status not in WAIVABLE_STATUSES:
        return _(
            "Cette demande est « %(status)s » : on ne peut renoncer au remboursement "
            "que d’une demande en brouillon ou envoyée, pas encore validée ni payée."
        ) % {"status": claim.get_status_display()}
    if claim.total <= 0:
        return _("Cette demande ne compte encore aucun frais : ajoutez-les avant d’y renoncer.")
    return None


def claim_waivable(claim) -> tuple[bool, str]:
    """(True, "") when the claim may be given up now, else (False, the reason): the pages
    offer the waiver only when the service would accept it."""
    reason = _waivable_refusal(claim)
    return reason is None, reason or ""


def claim_waive(
    *, actor, claim, signer_name: str, signer_address: str, digest: str | None = None
) -> Waiver:
    """Sign the waiver of ``claim`` in favour of its service's operator.

    Only the claimant, for a delegated service whose policy is "waivable", while the claim is
    a draft or submitted. A second submission (double tap, retry) returns the waiver already
    signed; the OneToOne on ``Waiver.claim`` decides when two arrive together. ``digest`` is
    ``wording_digest`` of the text the page showed: when the claim changed in between (its
    amount), the signature is refused and the page shows the new text."""
    if not permissions.owns_claim(actor, claim):
        raise ValidationError(_("Cette demande n’est pas la vôtre."), code="not_owner")
    signer_name = (signer_name or "").strip()
    signer_address = (signer_address or "").strip()
    errors = {}
    if not signer_name:
        errors["signer_name"] = _(
            "Indiquez vos nom et prénoms, tels qu’ils figureront sur le reçu fiscal."
        )
    if not signer_address:
        errors["signer_address"] = _(
            "Indiquez votre adresse complète : le reçu fiscal doit la mentionner."
        )
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            claim = (
                Claim.objects.select_for_update(of=("self",))
                .select_related("service__operator", "policy")
                .get(pk=claim.pk)
            )
            existing = Waiver.objects.filter(claim=claim).first()
            if existing is not None:
                return existing
            refusal = _waivable_refusal(claim)
            if refusal:
                raise ValidationError(refusal, code="not_waivable")
            wording = waiver_wording(claim)
            if digest is not None and digest != wording_digest(wording):
                raise ValidationError(
                    _(
                        "La demande a changé depuis l’affichage du texte : "
                        "relisez-le avant de signer."
                    ),
                    code="wording_changed",
                )
            waiver = Waiver.objects.create(
                claim=claim,
                operator=claim.service.operator,
                wording=wording,
                signer_name=signer_name[:200],
                signer_address=signer_address,
                signed_at=timezone.now(),
            )
            claim.waived = True
            claim.save(update_fields=["waived"])
            ClaimEvent.objects.create(claim=claim, actor=actor, action="waive", status=claim.status)
            audit_record(
                actor=actor,
                action="expenses.claim_waive",
                target=claim,
                organisation=claim.service.operator,
                data={"amount": str(claim.total), "waiver": waiver.pk},
            )
    except IntegrityError:
        # Another request signed between our check and our insert: the database kept one.
        existing = Waiver.objects.filter(claim_id=claim.pk).first()
        if existing is None:
            raise
        return existing
    return waiver


def tax_receipt_year_refusal(year: int, today: date) -> str | None:
    """Why receipts for ``year`` cannot be issued on ``today``; None when they can.

    Only a year that is over: the receipt is one per donor and year (the database's unique
    constraint), so one issued in December would leave out the claims approved after it,
    and the donor could never get the rest. Receipts are needed for the income tax return of
    the following spring, so issuing them from 1 January loses nothing."""
    if year >= today.year:
        return _(
            "L’année %(year)s n’est pas terminée : les reçus de l’année s’émettent à "
            "partir du 1er janvier %(next)s, quand tous les dons de l’année sont "
            "connus."
        ) % {"year": year, "next": year + 1}
    if year < 2000:
        return _("Indiquez une année valable.")
    return None


def _next_sequence(operator, year: int) -> int:
    """The next order number of the year (read under the operator's lock). Parsed rather than
    compared as text, so that "2026-10000" comes after "2026-9999"."""
    numbers = TaxReceipt.objects.filter(operator=operator, year=year).values_list(
        "number", flat=True
    )
    return max((int(n.rsplit("-", 1)[1]) for n in numbers), default=0) + 1


def tax_receipts_issue(
    *, actor, operator, year: int, today: date | None = None
) -> list[TaxReceipt]:
    """Issue the ``year`` receipts of ``operator``: one per contributor whose approved claims
    of that year (the month of the participation) they gave up, for their sum, numbered
    "<year>-0001" onwards in the order of the donors' names.

    Idempotent: issuing again creates receipts only for donors who have none for that year
    (a claim given up and approved since then does not reopen a receipt already issued: see
    ``tax_receipt_year_refusal`` for why only a past year can be issued). The operator's row
    is locked so that two admins issuing at once number one after the other; the unique
    constraint on operator, donor and year decides for each donor. Returns the receipts made
    by this call; each donor is told, with the link to download theirs."""
    today = today or timezone.localdate()
    if not permissions.issues_tax_receipts(actor, operator):
        raise ValidationError(
            _("Seuls les administrateurs de l’association émettent ses reçus fiscaux."),
            code="not_admin",
        )
    refusal = tax_receipt_year_refusal(year, today)
    if refusal:
        raise ValidationError({"year": refusal})
    made = []
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=operator.pk).first()
        sequence = _next_sequence(operator, year)
        beneficiary = beneficiary_of(operator)  # kept on each receipt: the PDF never changes
        now = timezone.now()
        for donor in tax_receipt_donors(operator, year):
            if donor["receipt_id"] is not None:
                continue
            receipt = TaxReceipt(
                operator=operator,
                user_id=donor["user_id"],
                year=year,
                number=f"{year}-{sequence:04d}",
                donor_name=donor["donor_name"],
                donor_address=donor["donor_address"],
                amount=donor["amount"],
                beneficiary=beneficiary,
                issued_at=now,
                issued_by=actor,
            )
            try:
                with transaction.atomic():
                    receipt.save()
            except IntegrityError:
                continue  # this donor's receipt was issued by a concurrent run
            sequence += 1
            made.append(receipt)
        if made:
            audit_record(
                actor=actor,
                action="expenses.tax_receipts_issue",
                target=operator,
                organisation=operator,
                data={
                    "year": year,
                    "count": len(made),
                    "total": str(sum(r.amount for r in made)),
                    "numbers": [made[0].number, made[-1].number],
                },
            )
        for receipt in made:
            notification_send(
                recipient=receipt.user,
                title=_("Votre reçu fiscal %(year)s de %(operator)s est disponible")
                % {"year": year, "operator": operator.name},
                body=_(
                    "Reçu n° %(number)s : %(amount)s € de frais abandonnés en %(year)s, à "
                    "joindre à votre déclaration de revenus (article 200 du CGI)."
                )
                % {
                    "number": receipt.number,
                    "amount": euros_in_figures(receipt.amount),
                    "year": year,
                },
                url=reverse("expenses:tax_receipt_pdf", args=[receipt.pk]),
            )
    return made
