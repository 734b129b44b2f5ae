"""The two payment files, written as streams: a row or a transaction at a time, straight into
the file object given, so that 10,000 claims cost no more memory than ten.

- ``write_csv``: the spreadsheet French finance software imports (``;`` between cells, UTF-8
  with a BOM so that Excel reads the accents, a decimal comma), one row per claim.
- ``write_sepa``: an ISO 20022 customer credit transfer initiation, pain.001.001.09, as the
  EPC's SEPA Credit Transfer implementation guidelines restrict it (one payment information
  block, one transaction per claim). lxml's incremental writer (``etree.xmlfile``) writes the
  elements as they come; sepaxml would build the whole tree in memory first. The group header
  comes first in the file and holds the count and the sum, so the caller computes them first
  (one aggregate query) and passes them in.

Both take claims with ``claimant``, ``claimant__payout_account`` and ``service`` fetched
(``select_related``), from an ``.iterator()``."""

import csv
import io
import re
import unicodedata
from decimal import Decimal

from django.utils import timezone
from lxml import etree

from spp.core.exports import csv_row as spreadsheet_csv_row

PAIN_001_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"

CSV_HEADER = [
    "Référence",
    "Date de validation",
    "Bénéficiaire",
    "IBAN",
    "BIC",
    "Montant",
    "Service",
    "Mois",
    "Libellé",
]

# The SEPA "basic Latin" character set every bank must accept (EPC SCT rulebook, character
# set section): letters without accents, digits and / - ? : ( ) . , ' + and the space.
_NOT_SEPA = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")
# Letters that do not decompose into a base letter and an accent, and usual punctuation.
_SPELLED_OUT = str.maketrans(
    {
        "œ": "oe",
        "Œ": "OE",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "Þ": "TH",
        "ð": "d",
        "’": "'",
        "‘": "'",
        "´": "'",
        "`": "'",
        "«": "",
        "»": "",
        "“": "",
        "”": "",
        '"': "",
        "&": "+",
        "–": "-",
        "—": "-",
        "°": "o",
        "_": "-",
    }
)


def sepa_text(value, max_length: int) -> str:
    """``value`` in the SEPA character set: accents dropped (« Hélène Œuvray » → « Helene
    Oeuvray »), other signs spelled out or replaced by a space, cut to ``max_length``."""
    text = unicodedata.normalize("NFKD", str(value).translate(_SPELLED_OUT))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = " ".join(_NOT_SEPA.sub(" ", text).split())
    return text[:max_length].rstrip()


def remittance_text(claim_pk: int) -> str:
    return f"Remboursement de frais n° {claim_pk}"


def end_to_end_id(claim_pk: int) -> str:
    return f"SPP-CLAIM-{claim_pk}"


def _account(claim):
    return getattr(claim.claimant, "payout_account", None)


def beneficiary_name(claim) -> str:
    """The account holder's name when the account is known, else the claimant's name."""
    account = _account(claim)
    if account is not None and account.holder_name:
        return account.holder_name
    return claim.claimant.get_full_name() or claim.claimant.email


def _euros(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",")


def csv_row(claim) -> list[str]:
    """One claim's cells, as text. ``write_csv`` passes them through spp.core.exports: a name
    typed as ``=HYPERLINK(…)`` gets a quote in front, while an amount (``12,50``, or a
    negative one) is only a number and stays one."""
    account = _account(claim)
    decided = timezone.localtime(claim.decided_at).strftime("%d/%m/%Y") if claim.decided_at else ""
    return [
        str(claim.pk),
        decided,
        beneficiary_name(claim),
        account.iban if account else "",
        account.bic if account else "",
        _euros(claim.total),
        claim.service.name,
        claim.period_month.strftime("%m/%Y"),
        remittance_text(claim.pk),
    ]


def write_csv(out, claims) -> None:
    """Write the header and one row per claim into the binary file ``out``."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for claim in claims:
        writer.writerow(spreadsheet_csv_row(csv_row(claim)))
    text.flush()
    text.detach()  # leave ``out`` open: the caller owns it


def _element(parent, tag: str, text=None, **attributes):
    child = etree.SubElement(parent, f"{{{PAIN_001_NAMESPACE}}}{tag}", **attributes)
    if text is not None:
        child.text = text
    return child


def _new(tag: str):
    return etree.Element(f"{{{PAIN_001_NAMESPACE}}}{tag}", nsmap={None: PAIN_001_NAMESPACE})


def _agent(parent, tag: str, bic: str) -> None:
    """A bank, by its BIC; or "NOTPROVIDED" (the EPC's word for an unknown BIC)."""
    institution = _element(_element(parent, tag), "FinInstnId")
    if bic:
        _element(institution, "BICFI", bic)
    else:
        _element(_element(institution, "Othr"), "Id", "NOTPROVIDED")


def _account_element(parent, tag: str, iban: str) -> None:
    _element(_element(_element(parent, tag), "Id"), "IBAN", iban)


def transaction_element(claim):
    """One ``CdtTrfTxInf``: built alone, written, then dropped."""
    account = _account(claim)
    transaction = _new("CdtTrfTxInf")
    _element(_element(transaction, "PmtId"), "EndToEndId", end_to_end_id(claim.pk))
    _element(_element(transaction, "Amt"), "InstdAmt", f"{claim.total:.2f}", Ccy="EUR")
    if account.bic:
        _element(_element(_element(transaction, "CdtrAgt"), "FinInstnId"), "BICFI", account.bic)
    name = sepa_text(beneficiary_name(claim), 70) or f"Beneficiaire {claim.pk}"
    _element(_element(transaction, "Cdtr"), "Nm", name)
    _account_element(transaction, "CdtrAcct", account.iban)
    _element(_element(transaction, "RmtInf"), "Ustrd", sepa_text(remittance_text(claim.pk), 140))
    return transaction


def _header(message_id, created_at, count, total, payer_name):
    header = _new("GrpHdr")
    _element(header, "MsgId", message_id)
    _element(header, "CreDtTm", timezone.localtime(created_at).replace(microsecond=0).isoformat())
    _element(header, "NbOfTxs", str(count))
    _element(header, "CtrlSum", f"{total:.2f}")
    _element(_element(header, "InitgPty"), "Nm", sepa_text(payer_name, 70))
    return header


def _payment_information_start(message_id, count, total, payer, execution_date):
    """The payment information block's leading elements, up to the first transaction."""
    elements = [
        ("PmtInfId", message_id),
        ("PmtMtd", "TRF"),
        ("BtchBookg", "true"),
        ("NbOfTxs", str(count)),
        ("CtrlSum", f"{total:.2f}"),
    ]
    for tag, text in elements:
        element = _new(tag)
        element.text = text
        yield element
    kind = _new("PmtTpInf")
    _element(_element(kind, "SvcLvl"), "Cd", "SEPA")
    yield kind
    date = _new("ReqdExctnDt")
    _element(date, "Dt", execution_date.isoformat())
    yield date
    debtor = _new("Dbtr")
    _element(debtor, "Nm", sepa_text(payer["name"], 70))
    yield debtor
    account = _new("DbtrAcct")
    _element(_element(account, "Id"), "IBAN", payer["iban"])
    yield account
    agent = _new("DbtrAgt")
    institution = _element(agent, "FinInstnId")
    if payer.get("bic"):
        _element(institution, "BICFI", payer["bic"])
    else:
        _element(_element(institution, "Othr"), "Id", "NOTPROVIDED")
    yield agent
    charges = _new("ChrgBr")
    charges.text = "SLEV"
    yield charges


def write_sepa(
    out,
    claims,
    *,
    message_id: str,
    created_at,
    count: int,
    total: Decimal,
    payer: dict,
    execution_date,
) -> None:
    """Write a pain.001.001.09 document into the binary file ``out``. ``payer`` holds the
    debtor's ``name``, ``iban`` and ``bic`` (may be empty); ``count`` and ``total`` must be
    those of ``claims``, whose claimants all have a payout account."""
    with etree.xmlfile(out, encoding="UTF-8") as document:
        document.write_declaration()
        with document.element(
            f"{{{PAIN_001_NAMESPACE}}}Document", nsmap={None: PAIN_001_NAMESPACE}
        ):
            with document.element(f"{{{PAIN_001_NAMESPACE}}}CstmrCdtTrfInitn"):
                document.write(_header(message_id, created_at, count, total, payer["name"]))
                with document.element(f"{{{PAIN_001_NAMESPACE}}}PmtInf"):
                    for element in _payment_information_start(
                        message_id, count, total, payer, execution_date
                    ):
                        document.write(element)
                    for claim in claims:
                        document.write(transaction_element(claim))
                        document.flush()
