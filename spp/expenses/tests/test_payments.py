"""Paying approved claims: the contributor's bank account, and the export that pays each
approved claim once, records it in the ledger and the budget, and tells the claimant."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from spp.catalog.models import Participation
from spp.core.models import AuditLogEntry, Membership, Notification
from spp.core.tests.factories import MembershipFactory, UserFactory
from spp.expenses.models import Claim, ClaimEvent, PaymentExport, PayoutAccount, ServiceMonthTotal
from spp.expenses.selectors.payments import (
    claims_blocked_without_account,
    payment_exports_for,
    payments_awaiting,
)
from spp.expenses.services.payments import payment_export_create, payout_account_set
from spp.expenses.tests.factories import ClaimFactory, PolicyFactory
from spp.expenses.tests.payment_factories import (
    IBAN_DE,
    IBAN_FR,
    admin_of,
    approved_claim,
    policy_with_payer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# --- the contributor's bank account ---------------------------------------------------------


def test_an_iban_typed_with_spaces_and_lower_case_is_saved_compact_with_its_bic_derived():
    person = UserFactory()
    account = payout_account_set(
        actor=person, holder_name="  Hélène   Dupré ", iban="fr76 3000 6000 0112 3456 7890 189"
    )
    account.refresh_from_db()
    assert (account.holder_name, account.iban, account.bic) == (
        "Hélène Dupré",
        IBAN_FR,
        "AGRIFRPPXXX",
    )
    entry = AuditLogEntry.objects.get(action="expenses.payout_account_set")
    assert IBAN_FR not in str(entry.data)  # only the masked IBAN is logged
    assert entry.data["iban"] == "FR76 •••• 0189"


def test_an_invalid_iban_is_refused_with_a_clear_message_and_nothing_saved():
    person = UserFactory()
    with pytest.raises(ValidationError) as refused:
        payout_account_set(
            actor=person, holder_name="Hélène Dupré", iban="FR7630006000011234567890188"
        )  # last digit mistyped
    assert "chiffres de contrôle" in refused.value.message_dict["iban"][0]
    assert not PayoutAccount.objects.exists()
    assert not AuditLogEntry.objects.filter(action="expenses.payout_account_set").exists()


def test_a_malformed_bic_and_an_empty_name_are_each_refused_beside_their_field():
    person = UserFactory()
    with pytest.raises(ValidationError) as refused:
        payout_account_set(actor=person, holder_name=" ", iban=IBAN_FR, bic="AGRI")
    assert set(refused.value.message_dict) == {"holder_name", "bic"}
    assert "8 ou 11" in refused.value.message_dict["bic"][0]
    assert not PayoutAccount.objects.exists()


def test_a_bic_given_is_kept_and_a_second_call_replaces_the_account():
    person = UserFactory()
    payout_account_set(actor=person, holder_name="Hélène Dupré", iban=IBAN_FR)
    payout_account_set(actor=person, holder_name="Hélène Dupré", iban=IBAN_DE, bic="cobadeff xxx")
    account = PayoutAccount.objects.get(user=person)
    assert (account.iban, account.bic) == (IBAN_DE, "COBADEFFXXX")


# --- the export -----------------------------------------------------------------------------


def test_an_export_pays_each_approved_claim_and_records_it_everywhere(
    django_capture_on_commit_callbacks,
):
    policy = policy_with_payer()
    admin = admin_of(policy.service)
    claims = [approved_claim(policy, total="12.50"), approved_claim(policy, total="30.00")]
    with django_capture_on_commit_callbacks(execute=True):
        export = payment_export_create(actor=admin, service=policy.service, format="sepa")
    assert (export.claim_count, export.total) == (2, Decimal("42.50"))
    assert export.message_id.startswith(f"SPP-{policy.service.pk}-")
    assert export.message_id.endswith(f"-{export.pk}") and len(export.message_id) <= 35
    for claim in claims:
        claim.refresh_from_db()
        assert (claim.status, claim.payment_id) == ("paid", export.pk)
        assert claim.paid_at is not None
        assert ClaimEvent.objects.filter(claim=claim, action="pay", status="paid").count() == 1
        assert Notification.objects.filter(
            recipient=claim.claimant, title=f"Votre demande n° {claim.pk} a été mise en paiement"
        ).exists()
    month = ServiceMonthTotal.objects.get(service=policy.service, month=claims[0].period_month)
    assert month.paid_amount == Decimal("42.50")
    entry = AuditLogEntry.objects.get(action="expenses.export")
    assert entry.data["claim_count"] == 2 and entry.data["total"] == "42.50"
    assert export.file.name.endswith(".xml") and export.file.size > 0


def test_a_claimant_with_several_claims_is_told_once_with_every_number(
    django_capture_on_commit_callbacks,
):
    policy = policy_with_payer()
    first = approved_claim(policy)
    second = approved_claim(policy, claimant=first.claimant)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        payment_export_create(actor=admin_of(policy.service), service=policy.service, format="csv")
    assert len(callbacks) >= 1  # told after the commit, never while the claims are locked
    notification = Notification.objects.get(recipient=first.claimant)
    assert notification.title == (
        f"Vos demandes n° {first.pk}, {second.pk} ont été mises en paiement"
    )
    assert notification.url == "/frais/"


def test_the_paid_amounts_add_to_the_months_totals_already_there():
    policy = policy_with_payer()
    claim = approved_claim(policy, total="10.00")
    ServiceMonthTotal.objects.create(
        service=policy.service,
        month=claim.period_month,
        approved_amount=Decimal("50"),
        paid_amount=Decimal("5.00"),
    )
    payment_export_create(actor=admin_of(policy.service), service=policy.service, format="csv")
    month = ServiceMonthTotal.objects.get(service=policy.service, month=claim.period_month)
    assert (month.paid_amount, month.approved_amount) == (Decimal("15.00"), Decimal("50"))


def test_the_ledger_gets_one_indemnity_paid_row_per_paid_claim():
    policy = policy_with_payer()
    claims = [approved_claim(policy, total="12.50"), approved_claim(policy, total="7.20")]
    payment_export_create(actor=admin_of(policy.service), service=policy.service, format="csv")
    rows = Participation.objects.filter(kind=Participation.Kind.INDEMNITY_PAID)
    assert sorted((row.source_key, row.quantity, row.unit, row.user_id) for row in rows) == sorted(
        (f"expenses.claim:{claim.pk}", claim.total, "eur", claim.claimant_id) for claim in claims
    )


def test_a_waived_claim_is_never_exported():
    policy = policy_with_payer()
    waived = approved_claim(policy, waived=True)
    paid = approved_claim(policy)
    export = payment_export_create(
        actor=admin_of(policy.service), service=policy.service, format="csv"
    )
    assert list(export.claims.values_list("pk", flat=True)) == [paid.pk]
    waived.refresh_from_db()
    assert (waived.status, waived.payment_id) == ("approved", None)
    assert not Participation.objects.filter(source_key=f"expenses.claim:{waived.pk}").exists()


def test_retrying_an_export_after_success_finds_nothing_to_pay():
    policy = policy_with_payer()
    approved_claim(policy)
    admin = admin_of(policy.service)
    payment_export_create(actor=admin, service=policy.service, format="sepa")
    with pytest.raises(ValidationError) as refused:
        payment_export_create(actor=admin, service=policy.service, format="sepa")
    assert "Aucune demande validée n’attend de paiement" in refused.value.messages[0]
    assert PaymentExport.objects.count() == 1
    assert Participation.objects.filter(kind="indemnity_paid").count() == 1


def test_claims_in_other_states_or_services_are_left_alone():
    policy = policy_with_payer()
    submitted = ClaimFactory(policy=policy)
    elsewhere = approved_claim(policy_with_payer())
    paid = approved_claim(policy)
    export = payment_export_create(
        actor=admin_of(policy.service), service=policy.service, format="csv"
    )
    assert list(export.claims.values_list("pk", flat=True)) == [paid.pk]
    assert Claim.objects.get(pk=submitted.pk).status == "submitted"
    assert Claim.objects.get(pk=elsewhere.pk).status == "approved"


def test_a_sepa_export_leaves_out_claimants_without_an_account_and_the_csv_takes_them():
    policy = policy_with_payer()
    admin = admin_of(policy.service)
    with_account = approved_claim(policy)
    without = approved_claim(policy, with_account=False)
    assert payments_awaiting(policy.service) == {
        "count": 2,
        "total": Decimal("25.00"),
        "transfer_count": 1,
        "transfer_total": Decimal("12.50"),
        "blocked_count": 1,
        "blocked_total": Decimal("12.50"),
    }
    assert list(claims_blocked_without_account(policy.service)) == [without]
    sepa = payment_export_create(actor=admin, service=policy.service, format="sepa")
    assert list(sepa.claims.all()) == [with_account]
    with pytest.raises(ValidationError) as refused:
        payment_export_create(actor=admin, service=policy.service, format="sepa")
    assert "compte de remboursement" in refused.value.messages[0]
    csv_export = payment_export_create(actor=admin, service=policy.service, format="csv")
    assert list(csv_export.claims.all()) == [without]
    assert list(payment_exports_for(policy.service)) == [csv_export, sepa]


def test_a_sepa_export_is_refused_when_the_policy_has_no_payer_iban():
    policy = PolicyFactory(payer_name="Commune de Voiron")
    claim = approved_claim(policy)
    with pytest.raises(ValidationError) as refused:
        payment_export_create(actor=admin_of(policy.service), service=policy.service, format="sepa")
    assert "IBAN de l’organisme payeur" in refused.value.messages[0]
    claim.refresh_from_db()
    assert claim.status == "approved" and not PaymentExport.objects.exists()


def test_only_the_admins_of_the_paying_organisation_may_export():
    policy = policy_with_payer()
    claim = approved_claim(policy)
    coordinator = MembershipFactory(
        organisation=policy.service.authority, role=Membership.Role.COORDINATOR
    ).user
    for person in (coordinator, claim.claimant):
        with pytest.raises(PermissionDenied):
            payment_export_create(actor=person, service=policy.service, format="csv")
    assert Claim.objects.get(pk=claim.pk).status == "approved"


def test_the_csv_file_is_for_french_finance_software():
    """UTF-8 with a BOM, ``;`` between cells, a decimal comma, the IBAN when known."""
    policy = policy_with_payer()
    policy.service.name = "=Crèche parentale"
    policy.service.save()
    known = approved_claim(policy, total="1234.50")
    unknown = approved_claim(policy, with_account=False, total="8.00")
    export = payment_export_create(
        actor=admin_of(policy.service), service=policy.service, format="csv"
    )
    with export.file.open("rb") as stored:
        content = stored.read()
    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").split("\r\n")
    assert lines[0] == (
        "Référence;Date de validation;Bénéficiaire;IBAN;BIC;Montant;Service;Mois;Libellé"
    )
    month = known.period_month.strftime("%m/%Y")
    assert lines[1] == (
        f"{known.pk};10/03/2026;Hélène Dupré;{IBAN_DE};COBADEFFXXX;1234,50;"
        f"'=Crèche parentale;{month};Remboursement de frais n° {known.pk}"
    )
    name = unknown.claimant.get_full_name()
    assert lines[2].startswith(f"{unknown.pk};10/03/2026;{name};;;8,00;")
    assert lines[3] == ""


def test_a_claim_with_nothing_to_pay_is_not_exported():
    policy = policy_with_payer()
    approved_claim(policy, total="0")
    with pytest.raises(ValidationError):
        payment_export_create(actor=admin_of(policy.service), service=policy.service, format="csv")


def test_the_month_totals_are_per_month_of_participation():
    policy = policy_with_payer()
    march = approved_claim(policy, total="5.00", period_month=date(2026, 3, 1))
    approved_claim(policy, total="6.00", period_month=date(2026, 2, 1))
    approved_claim(policy, total="1.00", period_month=date(2026, 3, 1))
    payment_export_create(actor=admin_of(policy.service), service=policy.service, format="csv")
    totals = dict(
        ServiceMonthTotal.objects.filter(service=policy.service).values_list("month", "paid_amount")
    )
    assert totals == {march.period_month: Decimal("6.00"), date(2026, 2, 1): Decimal("6.00")}


# --- two exports at once (PostgreSQL row locks) ---------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_exports_started_at_once_pay_each_claim_exactly_once(settings, tmp_path):
    """Four exports (two SEPA, two CSV) released at the same instant on real threads: the row
    locks and the status filter let each claim into one export only."""
    from spp.ops.query_counts import at_once

    settings.MEDIA_ROOT = tmp_path
    policy = policy_with_payer()
    admin = admin_of(policy.service)
    claims = [approved_claim(policy, total=f"{n}.25") for n in range(1, 21)]

    def export(export_format):
        try:
            payment_export_create(actor=admin, service=policy.service, format=export_format)
            return "ok"
        except ValidationError as error:
            return error.code

    outcomes = at_once([lambda f=f: export(f) for f in ("sepa", "csv", "sepa", "csv")])
    assert outcomes.count("ok") >= 1
    assert set(outcomes) <= {"ok", "nothing_to_pay"}
    exports = list(PaymentExport.objects.all())
    assert len(exports) == outcomes.count("ok")
    assert sum(export.claim_count for export in exports) == len(claims)
    assert sum(export.total for export in exports) == sum(claim.total for claim in claims)
    for claim in claims:
        claim.refresh_from_db()
        assert claim.status == "paid" and claim.payment_id is not None
        assert ClaimEvent.objects.filter(claim=claim, action="pay").count() == 1
        assert Participation.objects.filter(source_key=f"expenses.claim:{claim.pk}").count() == 1
    month = ServiceMonthTotal.objects.get(service=policy.service, month=claims[0].period_month)
    assert month.paid_amount == sum(claim.total for claim in claims)


def test_a_bic_with_an_unknown_country_code_is_refused_with_what_to_check():
    with pytest.raises(ValidationError) as refused:
        payout_account_set(
            actor=UserFactory(), holder_name="Hélène Dupré", iban=IBAN_FR, bic="AGRIZZPP"
        )
    assert "code du pays" in refused.value.message_dict["bic"][0]


def test_a_holder_name_without_latin_letters_is_refused_since_banks_could_not_read_it():
    with pytest.raises(ValidationError) as refused:
        payout_account_set(actor=UserFactory(), holder_name="李小龍", iban=IBAN_FR)
    assert "lettres latines" in refused.value.message_dict["holder_name"][0]
    assert not PayoutAccount.objects.exists()
