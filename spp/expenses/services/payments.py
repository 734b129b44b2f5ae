"""Paying approved claims: the contributor's bank account (``payout_account_set``) and the
payment export (``payment_export_create``), which marks the claims it takes as paid in the
same transaction as it records them, so that no claim is ever paid twice.

Two exports started at once cannot take the same claim: each locks the service's unpaid
approved claims (``SELECT … FOR UPDATE``, in id order so that two runs never deadlock); the
second waits for the first to commit, then PostgreSQL checks its WHERE clause again on the
rows it waited for, finds them paid and leaves them out."""

import tempfile
import uuid
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Count, F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from schwifty import BIC, IBAN
from schwifty.exceptions import (
    InvalidBBANChecksum,
    InvalidChecksumDigits,
    InvalidCountryCode,
    InvalidLength,
    SchwiftyException,
)

from spp.catalog.models import Participation
from spp.catalog.services.ledger import participations_record_many
from spp.core.models import User
from spp.core.services import audit_record, notification_send
from spp.expenses import exports, permissions
from spp.expenses.models import (
    Claim,
    ClaimEvent,
    PaymentExport,
    PayoutAccount,
    Policy,
    ServiceMonthTotal,
)
from spp.expenses.selectors.payments import claims_payable
from spp.expenses.tasks import payment_export_notify
from spp.expenses.workflow import next_status

# Rows written per statement, and claims read per round trip while the file is written.
BATCH = 1000
CENT = Decimal("0.01")


def mask_iban(iban: str) -> str:
    """What may be shown or logged of an IBAN: its country, check digits and last four."""
    return f"{iban[:4]} •••• {iban[-4:]}" if len(iban) > 8 else "••••"


def _iban_error(error: SchwiftyException) -> str:
    if isinstance(error, InvalidCountryCode):
        return _("Les deux premières lettres de l’IBAN ne désignent aucun pays connu.")
    if isinstance(error, InvalidLength):
        return _("Cet IBAN n’a pas le bon nombre de caractères pour son pays.")
    if isinstance(error, (InvalidChecksumDigits, InvalidBBANChecksum)):
        return _(
            "Cet IBAN contient une faute de frappe : ses chiffres de contrôle ne "
            "correspondent pas. Recopiez-le depuis votre relevé d’identité bancaire."
        )
    return _("Cet IBAN n’est pas valide. Recopiez-le depuis votre relevé d’identité bancaire.")


def parse_iban(value: str, *, field: str = "iban") -> IBAN:
    """The IBAN, spaces and case put right, or a ValidationError naming ``field``."""
    compact = "".join(value.split()).upper()
    if not compact:
        raise ValidationError({field: _("Indiquez l’IBAN du compte.")}, code="required")
    try:
        iban = IBAN(compact)
    except SchwiftyException as error:
        raise ValidationError({field: _iban_error(error)}, code="invalid_iban") from None
    if not iban.in_sepa_zone:
        raise ValidationError(
            {
                field: _(
                    "Ce compte n’est pas dans la zone SEPA : les "
                    "remboursements ne peuvent y être virés."
                )
            },
            code="outside_sepa",
        )
    return iban


def parse_bic(value: str, iban: IBAN, *, field: str = "bic") -> str:
    """The BIC given (its form and country code checked; schwifty's list of banks is not
    complete, so an unknown bank is not refused), else the one schwifty knows for the IBAN's
    bank, else "" (a SEPA transfer needs no BIC within the EEA)."""
    compact = "".join(value.split()).upper()
    if not compact:
        try:
            derived = iban.bic
        except SchwiftyException:
            derived = None
        return str(derived.compact) if derived else ""
    try:
        bic = BIC(compact)
    except InvalidCountryCode:
        raise ValidationError(
            {
                field: _(
                    "Les 5e et 6e caractères d’un BIC sont le code du pays de la banque "
                    "(FR pour la France) : vérifiez-les."
                )
            },
            code="invalid_bic",
        ) from None
    except SchwiftyException:
        raise ValidationError(
            {
                field: _(
                    "Un BIC compte 8 ou 11 lettres et chiffres, par "
                    "exemple AGRIFRPP ou AGRIFRPPXXX."
                )
            },
            code="invalid_bic",
        ) from None
    return str(bic.compact)


def payout_account_set(*, actor, holder_name: str, iban: str, bic: str = "") -> PayoutAccount:
    """Save where the actor's reimbursements are paid. Every field is checked before anything
    is written; the errors name their field, in French."""
    if not actor.is_authenticated:
        raise PermissionDenied
    errors = {}
    holder = " ".join(holder_name.split())
    if not holder:
        errors["holder_name"] = _("Indiquez le nom du titulaire du compte.")
    elif len(holder) > 70:
        errors["holder_name"] = _("Le nom du titulaire tient en 70 caractères au plus.")
    elif not exports.sepa_text(holder, 70):
        errors["holder_name"] = _(
            "Écrivez le nom du titulaire en lettres latines, comme sur "
            "votre relevé d’identité bancaire."
        )
    parsed, bic_value = None, ""
    try:
        parsed = parse_iban(iban)
    except ValidationError as error:
        errors.update(error.message_dict)
    if parsed is not None:
        try:
            bic_value = parse_bic(bic, parsed)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        account, created = PayoutAccount.objects.update_or_create(
            user=actor,
            defaults={"holder_name": holder, "iban": str(parsed.compact), "bic": bic_value},
        )
        audit_record(
            actor=actor,
            action="expenses.payout_account_set",
            target=account,
            data={"iban": mask_iban(account.iban), "bic": account.bic, "created": created},
        )
    return account


def _policy_of(service):
    return Policy.objects.filter(service=service).first()


def _check_payer(policy) -> dict:
    """The debtor of a SEPA file, or a ValidationError saying what the policy lacks."""
    if policy is None or not policy.payer_iban or not exports.sepa_text(policy.payer_name, 70):
        raise ValidationError(
            _(
                "Le virement SEPA demande le nom et l’IBAN de l’organisme payeur : "
                "renseignez-les dans la politique d’indemnisation du service."
            ),
            code="no_payer",
        )
    try:
        iban = parse_iban(policy.payer_iban, field="payer_iban")
        bic = parse_bic(policy.payer_bic, iban, field="payer_bic")
    except ValidationError:
        raise ValidationError(
            _(
                "L’IBAN ou le BIC de l’organisme payeur, dans la politique d’indemnisation, "
                "n’est pas valide : corrigez-le avant d’exporter."
            ),
            code="bad_payer",
        ) from None
    return {"name": policy.payer_name, "iban": str(iban.compact), "bic": bic}


def _chunks(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _mark_paid(export, claim_ids: list[int], actor, now) -> None:
    paid = next_status(Claim.Status.APPROVED, "pay")
    for chunk in _chunks(claim_ids):
        Claim.objects.filter(pk__in=chunk).update(status=paid, payment=export, paid_at=now)
        ClaimEvent.objects.bulk_create(
            [
                ClaimEvent(
                    claim_id=pk, actor=actor, action="pay", status=paid, note=export.message_id
                )
                for pk in chunk
            ]
        )


def _add_to_month_totals(service, export) -> None:
    months = (
        Claim.objects.filter(payment=export)
        .order_by()
        .values("period_month")
        .annotate(amount=Sum("total"))
    )
    for row in months:
        ServiceMonthTotal.objects.get_or_create(service=service, month=row["period_month"])
        ServiceMonthTotal.objects.filter(service=service, month=row["period_month"]).update(
            paid_amount=F("paid_amount") + row["amount"]
        )


def _record_in_ledger(service, export, actor, now) -> None:
    """One INDEMNITY_PAID row per claim: the ledger shows what was paid, apart from what was
    given, so impact figures can subtract it."""
    rows = []
    claims = (
        Claim.objects.filter(payment=export)
        .select_related("claimant")
        .only("pk", "total", "claimant")
        .order_by("pk")
        .iterator(chunk_size=BATCH)
    )
    for claim in claims:
        rows.append(
            Participation(
                user=claim.claimant,
                pseudonym=claim.claimant.pseudonym,
                service=service,
                kind=Participation.Kind.INDEMNITY_PAID,
                quantity=claim.total,
                unit=Participation.Unit.EUROS,
                occurred_at=now,
                recorded_by=actor,
                source_key=f"expenses.claim:{claim.pk}",
                description=exports.remittance_text(claim.pk),
            )
        )
        if len(rows) == BATCH:
            participations_record_many(rows)
            rows = []
    if rows:
        participations_record_many(rows)


def _write_file(export, payer, now) -> None:
    """Stream the claims into a temporary file, then store it once (default storage)."""
    claims = (
        Claim.objects.filter(payment=export)
        .select_related("claimant__payout_account", "service")
        .order_by("pk")
        .iterator(chunk_size=BATCH)
    )
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    with tempfile.TemporaryFile() as scratch:
        if export.format == PaymentExport.Format.SEPA:
            exports.write_sepa(
                scratch,
                claims,
                message_id=export.message_id,
                created_at=now,
                count=export.claim_count,
                total=export.total,
                payer=payer,
                execution_date=timezone.localdate(now),
            )
            name = f"virement-sepa-{export.service.slug}-{stamp}.xml"
        else:
            exports.write_csv(scratch, claims)
            name = f"paiements-{export.service.slug}-{stamp}.csv"
        scratch.seek(0)
        export.file.save(name, File(scratch), save=False)


def payment_export_notify_claimants(export) -> None:
    """One notification per claimant, naming their claims. Run by a background task after the
    export's commit (``spp.expenses.tasks``): the claims are unlocked at once, and ten thousand
    notifications never hold up the request that exported them."""
    by_claimant = defaultdict(list)
    for claimant_id, pk in (
        Claim.objects.filter(payment=export)
        .order_by("claimant_id", "pk")
        .values_list("claimant_id", "pk")
        .iterator(chunk_size=BATCH)
    ):
        by_claimant[claimant_id].append(pk)
    url = reverse("expenses:my_claims")
    body = _("Le virement suivra le circuit de paiement de %(service)s.") % {
        "service": export.service.name
    }
    for chunk in _chunks(list(by_claimant)):
        for person in User.objects.filter(pk__in=chunk):
            numbers = by_claimant[person.pk]
            shown = ", ".join(str(n) for n in numbers[:10]) + ("…" if len(numbers) > 10 else "")
            title = ngettext(
                "Votre demande n° %(numbers)s a été mise en paiement",
                "Vos demandes n° %(numbers)s ont été mises en paiement",
                len(numbers),
            ) % {"numbers": shown}
            notification_send(recipient=person, title=title, body=body, url=url)


def payment_export_create(*, actor, service, format: str) -> PaymentExport:
    """Export every payable claim of ``service`` for payment, as a CSV file or a SEPA credit
    transfer file, and mark them paid in the same transaction. Refused with a clear message
    when nothing is payable or the policy lacks what the file needs."""
    if not permissions.exports_payments(actor, service):
        raise PermissionDenied
    if format not in PaymentExport.Format.values:
        raise ValidationError({"format": _("Choisissez le format du fichier.")}, code="format")
    policy = _policy_of(service)
    payer = _check_payer(policy) if format == PaymentExport.Format.SEPA else None
    now = timezone.now()
    with transaction.atomic():
        claim_ids = list(
            claims_payable(service, format)
            .select_for_update(of=("self",))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not claim_ids:
            raise ValidationError(_nothing_to_pay(service, format), code="nothing_to_pay")
        # The real message id holds the export's pk: a unique placeholder until it is known.
        export = PaymentExport.objects.create(
            service=service,
            format=format,
            created_by=actor,
            message_id=f"TMP-{uuid.uuid4().hex[:31]}",
        )
        export.message_id = f"SPP-{service.pk}-{timezone.localtime(now):%Y%m%d%H%M%S}-{export.pk}"
        _mark_paid(export, claim_ids, actor, now)
        totals = Claim.objects.filter(payment=export).aggregate(
            count=Count("pk"), total=Sum("total")
        )
        export.claim_count = totals["count"]
        export.total = (totals["total"] or Decimal("0")).quantize(CENT)
        _add_to_month_totals(service, export)
        _record_in_ledger(service, export, actor, now)
        _write_file(export, payer, now)
        try:
            export.save(update_fields=["message_id", "claim_count", "total", "file"])
            audit_record(
                actor=actor,
                action="expenses.export",
                target=export,
                organisation=service.authority,
                data={
                    "format": format,
                    "message_id": export.message_id,
                    "claim_count": export.claim_count,
                    "total": str(export.total),
                },
            )
            transaction.on_commit(lambda: payment_export_notify.enqueue(export.pk))
        except Exception:
            export.file.delete(save=False)  # the rows roll back: leave no orphan file
            raise
    return export


def _nothing_to_pay(service, export_format: str) -> str:
    if (
        export_format == PaymentExport.Format.SEPA
        and claims_payable(service, PaymentExport.Format.CSV).exists()
    ):
        return _(
            "Aucune demande validée n’est payable par virement : les contributeurs "
            "concernés n’ont pas encore donné leur compte de remboursement. Exportez-les "
            "en CSV, ou attendez qu’ils renseignent leur IBAN."
        )
    return _("Aucune demande validée n’attend de paiement pour ce service.")
