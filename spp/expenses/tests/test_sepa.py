"""The SEPA credit transfer file: valid against the vendored pain.001.001.09 schema (the EPC's
SEPA restriction of it, spp/expenses/schemas/README.md), its totals right, its names in the
SEPA character set, and written as a stream."""

import csv
import io
import tempfile
import tracemalloc
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from spp.expenses import exports
from spp.expenses.models import PayoutAccount
from spp.expenses.services.payments import payment_export_create
from spp.expenses.tests.payment_factories import admin_of, approved_claim, policy_with_payer

SCHEMA_PATH = Path(exports.__file__).parent / "schemas" / "pain.001.001.09.xsd"
NS = {"p": exports.PAIN_001_NAMESPACE}


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _sepa_export():
    policy = policy_with_payer()
    first = approved_claim(policy, total="12.50")
    second = approved_claim(policy, total="1234.56")
    PayoutAccount.objects.filter(user=second.claimant).update(
        holder_name="Zoé Lefèvre-Nœl « dite Zaza » & Cie", bic=""
    )
    export = payment_export_create(
        actor=admin_of(policy.service), service=policy.service, format="sepa"
    )
    with export.file.open("rb") as stored:
        return export, [first, second], etree.fromstring(stored.read())


@pytest.mark.django_db
def test_the_sepa_file_is_valid_against_the_pain_001_001_09_schema(schema):
    _export, _claims, document = _sepa_export()
    assert schema.validate(document), schema.error_log


@pytest.mark.django_db
def test_the_control_sum_and_the_count_are_those_of_the_claims():
    export, claims, document = _sepa_export()
    for path in ("p:CstmrCdtTrfInitn/p:GrpHdr", "p:CstmrCdtTrfInitn/p:PmtInf"):
        assert document.findtext(f"{path}/p:NbOfTxs", namespaces=NS) == "2"
        assert document.findtext(f"{path}/p:CtrlSum", namespaces=NS) == "1247.06"
    amounts = document.findall(".//p:CdtTrfTxInf/p:Amt/p:InstdAmt", NS)
    assert sum(Decimal(amount.text) for amount in amounts) == export.total == Decimal("1247.06")
    assert [a.get("Ccy") for a in amounts] == ["EUR", "EUR"]
    assert [e.text for e in document.findall(".//p:EndToEndId", NS)] == [
        f"SPP-CLAIM-{claim.pk}" for claim in claims
    ]
    assert (
        document.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:MsgId", namespaces=NS) == export.message_id
    )


@pytest.mark.django_db
def test_names_with_accents_are_transliterated_to_the_sepa_character_set():
    _export, claims, document = _sepa_export()
    names = [e.text for e in document.findall(".//p:Cdtr/p:Nm", NS)]
    assert names == ["Helene Dupre", "Zoe Lefevre-Noel dite Zaza + Cie"]
    assert (
        document.findtext(".//p:RmtInf/p:Ustrd", namespaces=NS)
        == f"Remboursement de frais no {claims[0].pk}"
    )
    # A claimant without a BIC: no creditor agent at all (the EPC's rule), not an empty one.
    second = document.findall(".//p:CdtTrfTxInf", NS)[1]
    assert second.find("p:CdtrAgt", NS) is None
    first = document.findall(".//p:CdtTrfTxInf", NS)[0]
    assert first.findtext("p:CdtrAgt/p:FinInstnId/p:BICFI", namespaces=NS) == "COBADEFFXXX"
    assert (
        document.findtext(".//p:PmtInf/p:DbtrAgt/p:FinInstnId/p:BICFI", namespaces=NS)
        == "PSSTFRPPGRE"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hélène Œuvray", "Helene OEuvray"),
        ("Ängström Straße", "Angstrom Strasse"),
        ("Frais n° 12 — repas", "Frais no 12 - repas"),
        ("L’Haÿ-les-Roses", "L'Hay-les-Roses"),
        ("Łódź; café*", "Lodz cafe"),
        ("   ", ""),
    ],
)
def test_sepa_text_keeps_only_the_sepa_latin_character_set(text, expected):
    assert exports.sepa_text(text, 70) == expected


def test_sepa_text_cuts_names_to_their_field_length():
    name = exports.sepa_text("Marie-Thérèse " + "de la Fontaine " * 10, 70)
    assert len(name) <= 70 and name.startswith("Marie-Therese de la Fontaine")


def _fake_claims(count):
    """Claims as the writer reads them (a generator: none is kept once written)."""
    account = SimpleNamespace(
        iban="DE89370400440532013000", bic="COBADEFFXXX", holder_name="Hélène Dupré"
    )
    claimant = SimpleNamespace(payout_account=account)
    for pk in range(1, count + 1):
        yield SimpleNamespace(pk=pk, total=Decimal("12.50"), claimant=claimant)


def _peak_while_writing(count):
    """The writer's peak memory (tracemalloc) while it writes ``count`` claims into a
    temporary file, as the service does; and the file's size."""
    with tempfile.TemporaryFile() as out:
        tracemalloc.start()
        exports.write_sepa(
            out,
            _fake_claims(count),
            message_id="SPP-1-20260310153000-1",
            created_at=datetime(2026, 3, 10, 15, 30, tzinfo=ZoneInfo("Europe/Paris")),
            count=count,
            total=Decimal("12.50") * count,
            payer={"name": "Commune", "iban": "FR1420041010050500013M02606", "bic": ""},
            execution_date=date(2026, 3, 11),
        )
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak, out.tell()


def test_the_sepa_writer_streams_with_memory_that_does_not_grow_with_the_claims():
    """Twenty times more claims, a file twenty times larger, and the same peak memory."""
    few, _ = _peak_while_writing(200)
    many, size = _peak_while_writing(4000)
    assert size > 1_000_000
    assert many < few + 100_000, (few, many)


def test_the_csv_writer_writes_one_row_per_claim_with_a_bom():
    out = io.BytesIO()
    account = SimpleNamespace(
        iban="DE89370400440532013000", bic="COBADEFFXXX", holder_name="Hélène Dupré"
    )
    claim = SimpleNamespace(
        pk=7,
        total=Decimal("3.5"),
        claimant=SimpleNamespace(payout_account=account),
        decided_at=datetime(2026, 3, 10, 23, 30, tzinfo=ZoneInfo("UTC")),
        service=SimpleNamespace(name="@Service"),
        period_month=date(2026, 2, 1),
    )
    exports.write_csv(out, [claim])
    assert out.getvalue().decode("utf-8-sig").splitlines()[1] == (
        "7;11/03/2026;Hélène Dupré;DE89370400440532013000;COBADEFFXXX;3,50;'@Service;02/2026;"
        "Remboursement de frais n° 7"
    )


def test_the_payment_csv_quotes_a_name_a_spreadsheet_would_run_and_keeps_amounts_numbers():
    """The rule of spp/core/exports.py: the beneficiary's and the service's names are quoted
    when they start like a formula; the amount stays a bare number in its column."""
    out = io.BytesIO()
    account = SimpleNamespace(iban="DE89370400440532013000", bic="COBADEFFXXX",
                              holder_name='=HYPERLINK("http://evil.example/","x")')
    claim = SimpleNamespace(
        pk=8, total=Decimal("12.5"), claimant=SimpleNamespace(payout_account=account),
        decided_at=None, service=SimpleNamespace(name="=1+1+cmd|' /C calc'!A0"),
        period_month=date(2026, 2, 1))
    exports.write_csv(out, [claim])
    [row] = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig")), delimiter=";"))[1:]
    assert row[2] == '\'=HYPERLINK("http://evil.example/","x")'
    assert row[5] == "12,50" and row[6] == "'=1+1+cmd|' /C calc'!A0"
