"""Demo data for indemnification, made through the services as people would: a policy per
service (hourly allowances for the volunteer firefighters, childcare for the crèche's parents
with the gift of costs to the association, mileage for the patient-experts; not the carpool
line, whose journeys' costs are shared by the carpool app), claims in every state with
receipts, payout accounts, a payment export, a signed waiver. Idempotent: a service that
already has a policy is left as it is.

The firefighters' allowances are computed from the shifts the rosters demo attended (the
ledger rows it wrote), the patient-experts' mileage from the sessions the peers demo logged."""

import io
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from spp.catalog.models import Participation
from spp.expenses.models import Claim, CostCategory, Policy, PolicyCost
from spp.expenses.services.claims import (
    claim_approve,
    claim_line_add,
    claim_reject,
    claim_start,
    claim_submit,
    claim_withdraw,
)
from spp.expenses.services.payments import payment_export_create, payout_account_set
from spp.expenses.services.waivers import claim_waive

# Checksum-valid demo IBANs (bank 30006, branch 00001): never real accounts.
PAYER_IBAN = "FR7630006000011234567890189"


def _demo_iban(index: int) -> str:
    from schwifty import IBAN

    return str(IBAN.generate("FR", bank_code="30006", branch_code="00002",
                             account_code=f"{70000000000 + index:011d}"))


def _receipt(text: str) -> SimpleUploadedFile:
    """A small photographed-looking ticket."""
    image = Image.new("RGB", (240, 160), "white")
    ImageDraw.Draw(image).text((12, 12), text, fill="black")
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return SimpleUploadedFile("ticket.jpg", out.getvalue(), content_type="image/jpeg")


def _policy(service, costs, **fields) -> tuple[Policy, bool]:
    policy, created = Policy.objects.get_or_create(service=service, defaults=fields)
    if created:
        for category, receipt_above in costs:
            PolicyCost.objects.create(policy=policy, category=category,
                                      receipt_required_above=receipt_above)
    return policy, created


def seed(context) -> None:
    services = context.services
    now = timezone.now()
    fire, created = _policy(
        services["firefighters"], [(CostCategory.HOURLY_ALLOWANCE, None)],
        kind=Policy.Kind.SPV_ALLOWANCE, annual_hour_cap=1200, monthly_budget=Decimal("4000"),
        payer_name="SDIS de l’Isère", payer_iban=PAYER_IBAN, bulk_approval_allowed=True)
    if created:
        _firefighters(context, fire)
    creche, created = _policy(
        services["creche"], [(CostCategory.CHILDCARE, Decimal("0")),
                             (CostCategory.MILEAGE, None)],
        kind=Policy.Kind.WAIVABLE, ceiling_per_month=Decimal("150"),
        monthly_budget=Decimal("300"), payer_name="Association Les P’tits Loups",
        payer_iban=PAYER_IBAN)
    if created:
        _creche(context, creche, now)
    # Not the carpool line: a journey's costs are shared between its occupants and the
    # authority's allowance to the driver (spp.carpool.sharing); covering them again here
    # would pay the driver more than the trip cost.
    for key, budget in (("peers", Decimal("300")),):
        policy, created = _policy(
            services[key], [(CostCategory.MILEAGE, None), (CostCategory.PARKING_TOLLS,
                                                           Decimal("0")),
                            (CostCategory.PUBLIC_TRANSPORT, Decimal("0"))],
            kind=Policy.Kind.REIMBURSEMENT, ceiling_per_month=Decimal("200"),
            monthly_budget=budget, payer_name="Commune de Voiron", payer_iban=PAYER_IBAN,
            bulk_approval_allowed=True)
        if created:
            _mileage_claims(context, policy, now)


def _firefighters(context, policy) -> None:
    """A claim per attended shift of the last month: most approved, one rejected, the latest
    ones waiting for review, one draft."""
    shifts = list(Participation.objects.filter(
        service=policy.service, kind__in=[Participation.Kind.SHIFT, Participation.Kind.CALL_OUT],
        quantity__gt=0, occurred_at__gte=timezone.now() - timedelta(days=31))
        .select_related("user").order_by("occurred_at"))
    for index, shift in enumerate(shifts):
        try:
            claim = claim_start(actor=shift.user, participation=shift)
        except ValidationError:
            continue  # a volunteer without a grade on the rate table: nothing to compute
        if index % 7 == 6:
            if index == 6:  # sent to the wrong service, then withdrawn
                claim_withdraw(actor=shift.user, claim=claim)
            continue  # the others left as drafts
        claim_submit(actor=shift.user, claim=claim)
        if index < len(shifts) - 4:
            if index % 5 == 4:
                claim_reject(actor=context.sdis_coordinator, claim=claim,
                             reason="Garde déjà indemnisée par le centre de Moirans.")
            else:
                claim_approve(actor=context.sdis_coordinator, claim=claim)


def _creche(context, policy, now) -> None:
    """Camille's childcare during her morning duty: paid claims, one given to the association,
    one waiting."""
    parent = context.citizen
    payout_account_set(actor=parent, holder_name=parent.get_full_name(), iban=_demo_iban(0))
    duties = list(Participation.objects.filter(service=policy.service, user=parent,
                                               quantity__gt=0).order_by("occurred_at"))
    for index, duty in enumerate(duties):
        claim = claim_start(actor=parent, participation=duty)
        claim_line_add(actor=parent, claim=claim, category=CostCategory.CHILDCARE,
                       description="Garde de mon fils par une assistante maternelle",
                       amount=Decimal("18.50"), receipt=_receipt("Assistante maternelle 18,50"))
        if index == len(duties) - 1:
            claim_submit(actor=parent, claim=claim)
            continue
        if index == 1:
            claim_waive(actor=parent, claim=claim, signer_name=parent.get_full_name(),
                        signer_address="12 rue de la République, 38500 Voiron")
        claim_submit(actor=parent, claim=claim)
        claim_approve(actor=context.coordinator, claim=claim)
    if Claim.objects.filter(service=policy.service, status="approved", waived=False).exists():
        payment_export_create(actor=context.admin, service=policy.service, format="sepa")


def _mileage_claims(context, policy, now) -> None:
    """Patient-experts' kilometres to the sessions the peers demo logged (its ledger rows):
    claims sent, the older ones approved."""
    sessions = list(Participation.objects.filter(
        service=policy.service, kind=Participation.Kind.PEER_SESSION, quantity__gt=0,
        user__isnull=False).select_related("user").order_by("occurred_at", "id"))
    people = list(dict.fromkeys(session.user for session in sessions))
    for index, person in enumerate(people):
        payout_account_set(actor=person, holder_name=person.get_full_name() or person.email,
                           iban=_demo_iban(index + 21))
    for index, done in enumerate(sessions):
        person = done.user
        claim = claim_start(actor=person, participation=done)
        claim_line_add(actor=person, claim=claim, category=CostCategory.MILEAGE,
                       distance_km=Decimal(12 + index % 6 * 3), vehicle_class="5cv_et_moins",
                       description="Aller et retour")
        if index % 3 == 0:
            claim_line_add(actor=person, claim=claim, category=CostCategory.PARKING_TOLLS,
                           description="Parking", amount=Decimal("3.20"),
                           receipt=_receipt("Parking 3,20"))
        claim_submit(actor=person, claim=claim)
        if done.occurred_at < now - timedelta(days=10):
            claim_approve(actor=context.admin, claim=claim)
