"""A claim's life: started from one participation of the claimant's ledger, filled with cost
lines and their receipts while a draft, submitted, then approved or rejected by those the
policy names. Every refusal is a ValidationError with the reason in French; a refused step
changes nothing (the draft stays as it was)."""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from spp.catalog.models import Participation
from spp.core.services import audit_record, notification_send
from spp.expenses import permissions, rates
from spp.expenses.models import (
    Claim,
    ClaimEvent,
    ClaimLine,
    CostCategory,
    LimitUsage,
    Policy,
    RateTable,
    ServiceMonthTotal,
)
from spp.expenses.receipts import clean_receipt
from spp.expenses.selectors.flags import claim_flags
from spp.expenses.selectors.rates import (
    mileage_already_paid_km,
    rate_table_in_force,
    spv_rate_for,
)
from spp.expenses.services.limits import limit_consume
from spp.expenses.workflow import next_status

# What the ledger holds that no cost can come from.
NOT_CLAIMABLE_KINDS = {Participation.Kind.INDEMNITY_PAID, Participation.Kind.CORRECTION}


def _event(claim, actor, action: str, note: str = "") -> None:
    ClaimEvent.objects.create(claim=claim, actor=actor, action=action, status=claim.status,
                              note=note)


def _claim_url(claim) -> str:
    return reverse("expenses:claim_detail", args=[claim.pk])


def claim_deadline(policy, participation):
    return participation.occurred_at + timedelta(days=policy.claim_deadline_days)


def _check_deadline(policy, participation, now) -> None:
    deadline = claim_deadline(policy, participation)
    if now > deadline:
        raise ValidationError(
            _("Le délai pour demander est de %(days)s jours après la participation : il a pris "
              "fin le %(date)s.") % {"days": policy.claim_deadline_days,
                                     "date": date_format(timezone.localtime(deadline))},
            code="deadline")


def claim_start(*, actor, participation) -> Claim:
    """The draft claim for ``participation``, made now or found again (a double tap or a retry
    returns the same draft; the database's one-live-claim constraint decides under races).
    A volunteer firefighter's hourly allowance is computed at once from the attended shift."""
    if not permissions.owns_participation(actor, participation):
        raise ValidationError(_("Cette participation n’est pas la vôtre."), code="not_owner")
    if participation.kind in NOT_CLAIMABLE_KINDS or participation.quantity < 0:
        raise ValidationError(_("Cette ligne du registre n’ouvre droit à aucun frais."),
                              code="not_claimable")
    policy = Policy.objects.filter(service_id=participation.service_id,
                                   is_active=True).first()
    if policy is None:
        raise ValidationError(_("Ce service ne prend pas en charge de frais."), code="no_policy")
    existing = Claim.objects.filter(participation=participation).exclude(
        status__in=[Claim.Status.REJECTED, Claim.Status.WITHDRAWN]).first()
    if existing is not None:
        if existing.claimant_id == actor.pk and existing.status == Claim.Status.DRAFT:
            return existing
        raise ValidationError(
            _("Cette participation a déjà fait l’objet de la demande n° %(number)s.")
            % {"number": existing.pk}, code="already_claimed")
    _check_deadline(policy, participation, timezone.now())
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                claimant=actor, service_id=participation.service_id, policy=policy,
                participation=participation,
                period_month=timezone.localtime(participation.occurred_at).date().replace(day=1))
            _event(claim, actor, "create")
            if policy.kind == Policy.Kind.SPV_ALLOWANCE:
                _add_hourly_allowance(claim, participation)
    except IntegrityError:
        # Another request made the claim between our check and our insert.
        return claim_start(actor=actor, participation=participation)
    return claim


def _add_hourly_allowance(claim, participation) -> None:
    if participation.unit != Participation.Unit.HOURS:
        raise ValidationError(_("Les vacations se calculent sur une garde ou une intervention "
                                "en heures."), code="not_hours")
    day = timezone.localtime(participation.occurred_at).date()
    table = rate_table_in_force(RateTable.Kind.SPV_HOURLY, day)
    hourly = spv_rate_for(claim.claimant, table, day)
    end = participation.occurred_at + timedelta(hours=float(participation.quantity))
    allowance = rates.spv_allowance(table, hourly, participation.occurred_at, end)
    ClaimLine.objects.create(
        claim=claim, category=CostCategory.HOURLY_ALLOWANCE,
        description=_("Vacations : %(what)s") % {"what": participation.description
                                                 or participation.get_kind_display()},
        quantity=participation.quantity, unit=ClaimLine.Unit.HOURS,
        unit_rate=hourly.rate, amount=allowance.amount, computation=allowance.computation)
    _recount(claim)


def _recount(claim) -> None:
    claim.total = claim.lines.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    Claim.objects.filter(pk=claim.pk).update(total=claim.total)


def _locked_draft(actor, claim, *, lines_change: bool = True) -> Claim:
    claim = Claim.objects.select_for_update().select_related("policy").get(pk=claim.pk)
    if not permissions.owns_claim(actor, claim):
        raise ValidationError(_("Cette demande n’est pas la vôtre."), code="not_owner")
    if claim.status != Claim.Status.DRAFT:
        raise ValidationError(_("Cette demande est envoyée : elle ne peut plus être modifiée."),
                              code="not_draft")
    if lines_change and claim.waived:  # the signed waiver names the amount: it stays so
        raise ValidationError(_("Vous avez renoncé au remboursement de cette demande : ses "
                                "frais ne peuvent plus être modifiés."), code="waived")
    return claim


def claim_line_add(*, actor, claim, category: str, description: str = "",
                   amount: Decimal | None = None, distance_km: Decimal | None = None,
                   vehicle_class: str = "", electric: bool = False, receipt=None) -> ClaimLine:
    """Add one cost to a draft. Kilometres are priced with the rate table in force on the
    participation's day (never typed as euros); other costs take the amount paid."""
    with transaction.atomic():
        claim = _locked_draft(actor, claim)
        cost = claim.policy.costs.filter(category=category).first()
        if cost is None or category == CostCategory.HOURLY_ALLOWANCE:
            raise ValidationError({"category": _("Ce service ne prend pas en charge ce frais.")})
        line = ClaimLine(claim=claim, category=category, description=description[:255])
        if category == CostCategory.MILEAGE:
            _price_mileage(claim, line, distance_km, vehicle_class, electric)
        else:
            if amount is None or amount <= 0:
                raise ValidationError({"amount": _("Indiquez le montant payé, en euros.")})
            line.amount = Decimal(amount).quantize(Decimal("0.01"))
            line.unit_rate = line.amount
        if cost.ceiling_per_claim is not None and line.amount > cost.ceiling_per_claim:
            raise ValidationError({"amount": _(
                "Ce frais est plafonné à %(ceiling)s € par demande.")
                % {"ceiling": number_format(cost.ceiling_per_claim, 2)}})
        if receipt:
            cleaned = clean_receipt(receipt)  # named recu.jpg or recu.pdf
            line.receipt.save(f"claim-{claim.pk}-{cleaned.name}", cleaned, save=False)
        line.save()
        _recount(claim)
    return line


def _price_mileage(claim, line, distance_km, vehicle_class, electric) -> None:
    if distance_km is None or distance_km <= 0:
        raise ValidationError({"distance_km": _("Indiquez la distance parcourue, en km.")})
    if distance_km > 2000:
        raise ValidationError({"distance_km": _("Une distance de plus de 2 000 km pour une "
                                                "participation ne peut pas être juste.")})
    day = timezone.localtime(claim.participation.occurred_at).date()
    table = rate_table_in_force(claim.policy.mileage_table_kind, day)
    if not table.brackets.filter(vehicle_class=vehicle_class).exists():
        raise ValidationError({"vehicle_class": _("Choisissez votre véhicule.")})
    before = mileage_already_paid_km(claim.claimant, table.kind, day.year)
    priced = rates.mileage_amount(table, vehicle_class, before, Decimal(distance_km),
                                  electric=electric)
    line.quantity = Decimal(distance_km)
    line.unit = ClaimLine.Unit.KM
    line.vehicle_class = vehicle_class
    line.electric = electric and bool(table.electric_increase_percent)
    line.amount = priced.amount
    line.unit_rate = (priced.amount / line.quantity).quantize(Decimal("0.001"))
    line.computation = priced.computation


def claim_line_remove(*, actor, claim, line_id: int) -> None:
    with transaction.atomic():
        claim = _locked_draft(actor, claim)
        deleted, _rows = ClaimLine.objects.filter(claim=claim, pk=line_id).delete()
        if not deleted:
            raise ValidationError(_("Cette ligne n’existe plus."), code="no_line")
        _recount(claim)


def claim_submit(*, actor, claim) -> Claim:
    """Send a draft for review, once everything the policy asks for is there."""
    with transaction.atomic():
        claim = _locked_draft(actor, claim, lines_change=False)
        lines = list(claim.lines.all())
        if not lines:
            raise ValidationError(_("Ajoutez au moins un frais avant d’envoyer."),
                                  code="empty")
        costs = {cost.category: cost for cost in claim.policy.costs.all()}
        for line in lines:
            cost = costs.get(line.category)
            if cost is not None and cost.receipt_required_for(line.amount) and not line.receipt:
                raise ValidationError(
                    _("Le justificatif de « %(line)s » est obligatoire : ajoutez une photo "
                      "ou un PDF.") % {"line": line.description or line.get_category_display()},
                    code="receipt_missing")
        ceiling = claim.policy.ceiling_per_claim
        if ceiling is not None and claim.total > ceiling:
            raise ValidationError(
                _("Le plafond par demande est de %(ceiling)s € ; cette demande en compte "
                  "%(total)s.") % {"ceiling": number_format(ceiling, 2),
                                   "total": number_format(claim.total, 2)}, code="ceiling")
        now = timezone.now()
        _check_deadline(claim.policy, claim.participation, now)
        claim.status = next_status(claim.status, "submit")
        claim.submitted_at = now
        claim.flags = claim_flags(claim, lines, now)
        claim.save(update_fields=["status", "submitted_at", "flags"])
        _event(claim, actor, "submit")
    return claim


def claim_withdraw(*, actor, claim) -> Claim:
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if not permissions.owns_claim(actor, claim):
            raise ValidationError(_("Cette demande n’est pas la vôtre."), code="not_owner")
        claim.status = next_status(claim.status, "withdraw")
        claim.save(update_fields=["status"])
        _event(claim, actor, "withdraw")
    return claim


def _locked_for_review(actor, claim) -> Claim:
    claim = Claim.objects.select_for_update().select_related("policy").get(pk=claim.pk)
    claim.policy.service = claim.service
    if not permissions.approves_claims(actor, claim.policy):
        raise ValidationError(_("Vous ne validez pas les demandes de ce service."),
                              code="not_approver")
    return claim


def claim_approve(*, actor, claim, note: str = "") -> Claim:
    """Approve a submitted claim. The person's month and year ceilings (and the SDIS's annual
    cap on hours) are consumed in the same transaction; the database refuses the approval that
    would pass one, and then nothing of it is kept."""
    with transaction.atomic():
        claim = _locked_for_review(actor, claim)
        claim.status = next_status(claim.status, "approve")
        policy = claim.policy
        month = claim.period_month
        for period, ceiling in ((LimitUsage.Period.MONTH, policy.ceiling_per_month),
                                (LimitUsage.Period.YEAR, policy.ceiling_per_year)):
            limit_consume(policy=policy, user=claim.claimant, measure=LimitUsage.Measure.EUROS,
                          period=period, month=month, amount=claim.total, ceiling=ceiling)
        hours = claim.lines.filter(category=CostCategory.HOURLY_ALLOWANCE).aggregate(
            hours=Sum("quantity"))["hours"]
        if policy.annual_hour_cap is not None and hours:
            limit_consume(policy=policy, user=claim.claimant, measure=LimitUsage.Measure.HOURS,
                          period=LimitUsage.Period.YEAR, month=month, amount=hours,
                          ceiling=Decimal(policy.annual_hour_cap))
        claim.decided_at = timezone.now()
        claim.decided_by = actor
        claim.decision_reason = note
        claim.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
        _add_to_month(claim)
        _event(claim, actor, "approve", note)
        audit_record(actor=actor, action="expenses.claim_approve", target=claim,
                     organisation=claim.service.authority,
                     data={"amount": str(claim.total), "flags": [f["code"] for f in claim.flags]})
        if claim.waived:
            body = _("Vos frais de %(amount)s €, auxquels vous avez renoncé, sont un don à "
                     "l’association : ils figureront sur votre reçu fiscal de l’année.")
        else:
            body = _("%(amount)s € seront remboursés lors du prochain paiement.")
        notification_send(
            recipient=claim.claimant, title=_("Votre demande de frais n° %(n)s est validée")
            % {"n": claim.pk}, body=body % {"amount": number_format(claim.total, 2)},
            url=_claim_url(claim))
    return claim


def _add_to_month(claim) -> None:
    total, _created = ServiceMonthTotal.objects.get_or_create(service_id=claim.service_id,
                                                              month=claim.period_month)
    changes = {"approved_count": F("approved_count") + 1,
               "approved_amount": F("approved_amount") + claim.total}
    if claim.waived:
        changes["waived_amount"] = F("waived_amount") + claim.total
    ServiceMonthTotal.objects.filter(pk=total.pk).update(**changes)


def claim_reject(*, actor, claim, reason: str) -> Claim:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Donnez le motif du refus : la personne le lira.")})
    with transaction.atomic():
        claim = _locked_for_review(actor, claim)
        claim.status = next_status(claim.status, "reject")
        claim.decided_at = timezone.now()
        claim.decided_by = actor
        claim.decision_reason = reason
        claim.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
        _event(claim, actor, "reject", reason)
        audit_record(actor=actor, action="expenses.claim_reject", target=claim,
                     organisation=claim.service.authority, reason=reason,
                     data={"amount": str(claim.total)})
        notification_send(
            recipient=claim.claimant, title=_("Votre demande de frais n° %(n)s est refusée")
            % {"n": claim.pk}, body=reason, url=_claim_url(claim))
    return claim


def claims_bulk_approve(*, actor, service, claim_ids) -> tuple[list[Claim], dict[int, str]]:
    """Approve several submitted claims, where the policy allows it. Claims with a flag are
    left for one-by-one review. Each claim is approved on its own: one refused at its ceiling
    does not undo the others; the refusals come back with their reasons."""
    policy = Policy.objects.select_related("service").get(service=service)
    if not policy.bulk_approval_allowed:
        raise ValidationError(_("La politique de ce service demande de valider une à une."),
                              code="no_bulk")
    if not permissions.approves_claims(actor, policy):
        raise ValidationError(_("Vous ne validez pas les demandes de ce service."),
                              code="not_approver")
    approved, refused = [], {}
    for claim in Claim.objects.filter(service=service, pk__in=claim_ids).order_by("pk"):
        if claim.flags:
            refused[claim.pk] = _("Un point d’attention est signalé : à examiner seule.")
            continue
        try:
            approved.append(claim_approve(actor=actor, claim=claim))
        except ValidationError as error:
            refused[claim.pk] = " ".join(error.messages)
    return approved, refused
