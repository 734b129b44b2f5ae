"""The yearly tax receipt as a PDF: a text rendering of Cerfa n° 11580*05 (form 2041-RD).

The 2023 edition of the form is titled "Reçu des dons et versements effectués par les
particuliers au titre des articles 200 et 978 du code général des impôts" (the earlier
11580*04 also named article 238 bis; companies now have a form of their own, 2041-MEC-SD).
BOI-IR-RICI-250-40 allows an organisation to lay the form out its own way provided every
mention of the model is reproduced, the organisation showing only the quality box that
applies to it; a receipt made by computer gives the amount in figures framed by asterisks,
and we also give it in words. The sections below follow the form in its order.

Everything about the gift (number, year, donor, amount, date of issue) is read from the
``TaxReceipt`` row as it was issued, never recomputed from the claims. The beneficiary block
reads the operator (name, SIRET, address, legal form) and the services it runs, for the
receipt row keeps no copy of them (see the report of #16).

fpdf2's core fonts are Windows-1252: French accents, « », €, ’ and œ are in it; any other
character is reduced to its unaccented form, or "?" (``pdf_text``)."""

import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from num2words import num2words

FORM_NUMBER = "11580*05"
FORM_CODE = "2041-RD"
TITLE = (
    "Reçu des dons et versements effectués par les particuliers au titre des articles "
    "200 et 978 du code général des impôts"
)

QUALITY_PUBLIC_UTILITY = "Association ou fondation reconnue d’utilité publique"
QUALITY_GENERAL_INTEREST = (
    "Œuvre ou organisme d’intérêt général ayant un caractère philanthropique, éducatif, "
    "scientifique, social, humanitaire, sportif, familial, culturel ou concourant à la mise "
    "en valeur du patrimoine artistique, à la défense de l’environnement naturel ou à la "
    "diffusion de la culture, de la langue et des connaissances scientifiques françaises"
)

FORMS = ["Acte authentique", "Acte sous seing privé", "Déclaration de don manuel", "Autres"]
NATURES = [
    "Numéraire",
    "Titres de sociétés cotés",
    "Abandon exprès de revenus ou de produits",
    "Frais engagés par les bénévoles, dont ils renoncent expressément au remboursement",
    "Autres (précisez)",
]
PAYMENT_MODES = ["Remise d’espèces", "Chèque", "Virement, prélèvement, carte bancaire"]
FORM_TICKED = "Autres"
NATURE_TICKED = NATURES[3]
FORM_DETAIL = "renonciation écrite au remboursement de frais engagés par un bénévole"


# --- amounts ------------------------------------------------------------------------------


def euros_in_figures(amount: Decimal) -> str:
    """``1234.5`` → ``"1 234,50"`` (French grouping, a plain space: it prints in any font)."""
    amount = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, cents = f"{amount:.2f}".split(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    return " ".join([whole, *groups]) + "," + cents


def _cardinal(number: int) -> str:
    return num2words(number, lang="fr")


def euros_in_words(amount: Decimal) -> str:
    """The amount as a French receipt writes it: ``12.50`` → "douze euros et cinquante
    centimes", ``1`` → "un euro", ``1000000`` → "un million d’euros" (de before a noun of
    number), ``0.01`` → "un centime". The cardinal numbers come from num2words, which follows
    the traditional spelling (vingt et un, quatre-vingts, deux cents, mille)."""
    amount = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if amount < 0:
        raise ValueError("a receipt's amount is never negative")
    whole = int(amount)
    cents = int((amount - whole) * 100)
    parts = []
    if whole or not cents:
        words = _cardinal(whole)
        unit = "euro" if whole in (0, 1) else "euros"
        if whole and whole % 1_000_000 == 0:  # un million d’euros, deux milliards d’euros
            parts.append(f"{words} d’{unit}")
        else:
            parts.append(f"{words} {unit}")
    if cents:
        parts.append(f"{_cardinal(cents)} {'centime' if cents == 1 else 'centimes'}")
    return " et ".join(parts)


# --- text that fits the core fonts ------------------------------------------------------

_REPLACEMENTS = {
    "\u202f": " ",
    "\u2009": " ",
    "\u2007": " ",
    "\u2011": "-",
    "\u2010": "-",
    "\u2212": "-",
    "\u2026": "...",
    "\u2018": "’",
    "\u201b": "’",
    "\u02bc": "’",
    "\u2032": "’",
    "\u00a0": " ",
}


def pdf_text(text: str) -> str:
    """``text`` reduced to what Windows-1252 holds: known look-alikes replaced, other accented
    letters stripped of their accent, anything else turned into "?"."""
    out = []
    for char in str(text):
        char = _REPLACEMENTS.get(char, char)
        try:
            char.encode("cp1252")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFKD", char)
            base = "".join(c for c in decomposed if not unicodedata.combining(c))
            try:
                base.encode("cp1252")
                char = base or "?"
            except UnicodeEncodeError:
                char = "?"
        out.append(char)
    return "".join(out)


# --- the beneficiary ----------------------------------------------------------------------


def beneficiary_of(operator) -> dict:
    """What the form asks about the organisation, from the ``Organisation`` row: the SIREN is
    the SIRET's first nine digits; the quality is "reconnue d'utilité publique" when the
    legal form says so, otherwise "œuvre ou organisme d'intérêt général"; the object names
    the delegated services the contributors take part in."""
    legal_form = operator.legal_form or ""
    services = list(operator.operated_services.order_by("name").values_list("name", flat=True))
    purpose = (
        "Gestion par délégation de services publics partagés, avec la participation de bénévoles"
    )
    if services:
        purpose += " : " + ", ".join(services)
    public_utility = "utilité publique" in legal_form.lower()
    return {
        "name": operator.name,
        "siren": (operator.siret or "")[:9],
        "siret": operator.siret or "",
        "address": operator.address or "",
        "legal_form": legal_form,
        "purpose": purpose,
        "public_utility": public_utility,
    }


# --- drawing ------------------------------------------------------------------------------


class _Receipt(FPDF):
    MARGIN = 15
    TEXT = 9

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.core_fonts_encoding = "windows-1252"  # fpdf2 defaults to latin-1: no € nor ’

    def write_line(
        self,
        text: str,
        *,
        size: float | None = None,
        style: str = "",
        align: str = "L",
        height: float = 4.6,
    ) -> None:
        self.set_font("helvetica", style, size or self.TEXT)
        self.multi_cell(0, height, pdf_text(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def field(self, label: str, value: str) -> None:
        self.set_font("helvetica", "B", self.TEXT)
        width = self.get_string_width(pdf_text(label)) + 2
        self.cell(width, 4.6, pdf_text(label), new_x=XPos.RIGHT, new_y=YPos.TOP)
        self.set_font("helvetica", "", self.TEXT)
        self.multi_cell(
            0, 4.6, pdf_text(value) or " ", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def section(self, title: str) -> None:
        self.ln(2)
        self.set_fill_color(225, 230, 240)
        self.set_font("helvetica", "B", 10)
        self.cell(
            0,
            6.5,
            pdf_text(title),
            border=1,
            align="C",
            fill=True,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.ln(1.5)

    def box(self, label: str, ticked: bool, *, indent: float = 0) -> None:
        """A tick box and its label, "[X]" or "[  ]" so that the text says it too."""
        self.set_x(self.l_margin + indent)
        self.set_font("helvetica", "B" if ticked else "", self.TEXT)
        mark = "[X]" if ticked else "[  ]"
        self.cell(8, 4.6, mark, new_x=XPos.RIGHT, new_y=YPos.TOP)
        self.set_font("helvetica", "", self.TEXT)
        self.multi_cell(0, 4.6, pdf_text(label), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def receipt_pdf(receipt) -> bytes:
    """The receipt's PDF, drawn from the ``TaxReceipt`` row as issued."""
    beneficiary = receipt.beneficiary or beneficiary_of(receipt.operator)
    pdf = _Receipt(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(_Receipt.MARGIN, _Receipt.MARGIN, _Receipt.MARGIN)
    pdf.set_auto_page_break(True, margin=_Receipt.MARGIN)
    pdf.set_title(pdf_text(f"Reçu fiscal n° {receipt.number}"))
    pdf.set_author(pdf_text(beneficiary["name"]))
    pdf.set_creation_date(receipt.issued_at)
    pdf.add_page()

    # Head: the form's references, its title and the receipt's number.
    pdf.set_font("helvetica", "B", 9)
    pdf.cell(60, 5, f"Cerfa n° {FORM_NUMBER}", new_x=XPos.RIGHT, new_y=YPos.TOP)
    pdf.cell(
        0, 5, pdf_text("Numéro d’ordre du reçu"), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.set_font("helvetica", "", 9)
    pdf.cell(60, 6, f"Formulaire {FORM_CODE}", new_x=XPos.RIGHT, new_y=YPos.TOP)
    pdf.set_font("helvetica", "B", 12)
    pdf.cell(0, 6, pdf_text(receipt.number), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.write_line(TITLE, size=12, style="B", align="C", height=6)

    pdf.section("Organisme bénéficiaire des dons et versements")
    pdf.field("Nom ou dénomination :", beneficiary["name"])
    pdf.field(
        "Numéro SIREN ou RNA :", f"SIREN {beneficiary['siren']} (SIRET {beneficiary['siret']})"
    )
    pdf.field("Adresse :", beneficiary["address"].replace("\n", ", "))
    if beneficiary["legal_form"]:
        pdf.field("Forme juridique :", beneficiary["legal_form"])
    pdf.field("Objet :", beneficiary["purpose"])
    pdf.ln(1)
    pdf.box(QUALITY_PUBLIC_UTILITY, beneficiary["public_utility"])
    pdf.box(QUALITY_GENERAL_INTEREST, not beneficiary["public_utility"])

    pdf.section("Donateur")
    pdf.field("Nom et prénoms :", receipt.donor_name)
    pdf.field("Adresse :", receipt.donor_address.replace("\r", "").replace("\n", ", "))

    pdf.ln(3)
    pdf.write_line(
        "Le bénéficiaire reconnaît avoir reçu au titre des dons et versements "
        "ouvrant droit à réduction d’impôt, la somme de :"
    )
    pdf.set_font("helvetica", "B", 13)
    pdf.cell(
        0,
        9,
        pdf_text(f"***{euros_in_figures(receipt.amount)}*** euros"),
        border=1,
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(1)
    pdf.field("Somme en toutes lettres :", euros_in_words(receipt.amount))
    pdf.field(
        "Date du versement ou du don :",
        f"année {receipt.year} (frais engagés du 1er janvier au 31 décembre {receipt.year}"
        ", dont le remboursement a été abandonné)",
    )

    pdf.ln(2)
    pdf.write_line(
        "Le bénéficiaire certifie sur l’honneur que les dons et versements qu’il "
        "reçoit ouvrent droit à la réduction d’impôt prévue à l’article :"
    )
    pdf.box("200 du CGI", True, indent=4)
    pdf.box("978 du CGI", False, indent=4)

    pdf.ln(1)
    pdf.write_line("Forme du don :", style="B")
    for label in FORMS:
        detail = f" : {FORM_DETAIL}" if label == FORM_TICKED else ""
        pdf.box(label + detail, label == FORM_TICKED, indent=4)
    pdf.write_line("Nature du don :", style="B")
    for label in NATURES:
        pdf.box(label, label == NATURE_TICKED, indent=4)
    pdf.write_line("En cas de don en numéraire, mode de versement du don :", style="B")
    for label in PAYMENT_MODES:
        pdf.box(label, False, indent=4)
    pdf.write_line(
        "(sans objet : le don est un abandon de frais, pas un versement d’argent)", size=8
    )

    pdf.ln(4)
    issued = timezone.localtime(receipt.issued_at).date()
    pdf.write_line("Date et signature", style="B")
    pdf.write_line(f"Le {issued:%d/%m/%Y}, pour {beneficiary['name']},")
    pdf.write_line("le représentant habilité : ______________________________")
    pdf.ln(4)
    pdf.write_line(
        "La délivrance irrégulière de reçus fiscaux par l’organisme bénéficiaire est "
        "susceptible de donner lieu à l’amende prévue à l’article 1740 A du code "
        "général des impôts.",
        size=7.5,
    )
    return bytes(pdf.output())
