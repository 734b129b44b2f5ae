"""An attestation of volunteer activity as a PDF (fpdf2), drawn from the ``Attestation`` row as
issued: the authority, the holder, the period, the lines, the total of hours, what the
participation was (unpaid, in a shared public service), and how to check it (the address of
the verification page and the code in large characters).

The same row and address always give the same bytes: the PDF's dates are the issue date.
fpdf2's core fonts are Windows-1252 (accents, « », ’ and œ are in it); any other character is
reduced to its unaccented form, or "?" (``pdf_text``)."""

import unicodedata
from decimal import Decimal

from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from spp.impact.periods import MONTH_NAMES

MARGIN = 18
TEXT = 10
LOOKALIKES = {"\u202f": " ", "\u2009": " ", "\u00a0": " ", "\u2007": " ", "\u2010": "-",
              "\u2011": "-", "\u2212": "-", "\u2026": "...", "\u2018": "’", "\u02bc": "’",
              # Letters of their own that NFKD does not reduce to a Latin base.
              "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "ı": "i", "Ħ": "H", "ħ": "h"}
STATEMENT = (
    "Cette participation a été apportée bénévolement, sans rémunération, à un service public "
    "partagé : un service public qui fonctionne grâce au concours de citoyens. Les frais "
    "éventuellement remboursés au participant ne figurent pas dans cette attestation."
)


def pdf_text(text) -> str:
    """``text`` reduced to what Windows-1252 can print."""
    out = []
    for char in str(text):
        char = LOOKALIKES.get(char, char)
        try:
            char.encode("cp1252")
        except UnicodeEncodeError:
            base = "".join(c for c in unicodedata.normalize("NFKD", char)
                           if not unicodedata.combining(c))
            try:
                base.encode("cp1252")
            except UnicodeEncodeError:
                base = ""
            char = base or "?"
        out.append(char)
    return "".join(out)


def long_date(day) -> str:
    """``2026-03-01`` → "1er mars 2026"."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTH_NAMES[day.month - 1]} {day.year}"


def quantity_text(quantity: str, unit_code: str, unit_label: str) -> str:
    """"12.50", hours → "12,5 heures"; a count shows the number alone."""
    value = Decimal(quantity).normalize()
    number = f"{value:f}".replace(".", ",")
    return number if unit_code == "count" else f"{number} {unit_label}"


class _Document(FPDF):
    def __init__(self):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.core_fonts_encoding = "windows-1252"  # fpdf2 defaults to latin-1: no ’ nor œ
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN)

    def para(self, text, *, size=TEXT, style="", align="L", height=5.5) -> None:
        self.set_font("helvetica", style, size)
        self.multi_cell(0, height, pdf_text(text), align=align,
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def attestation_pdf(attestation, *, verify_url: str, compress: bool = True) -> bytes:
    """The attestation's PDF. ``verify_url`` is the absolute address of its verification page
    (built from the request by the view). ``compress=False`` leaves the text readable in the
    bytes, for tests."""
    issued = timezone.localtime(attestation.issued_at).date()
    authority = attestation.authority.name
    pdf = _Document()
    pdf.set_compression(compress)
    pdf.set_title(pdf_text(f"Attestation d’activité bénévole {attestation.code}"))
    pdf.set_author(pdf_text(authority))
    pdf.set_creation_date(attestation.issued_at)
    pdf.add_page()

    pdf.para(authority, size=12, style="B")
    pdf.ln(6)
    pdf.para("Attestation d’activité bénévole", size=18, style="B", align="C", height=9)
    if attestation.revoked_at is not None:
        pdf.set_text_color(180, 0, 0)
        pdf.para("RÉVOQUÉE : CETTE ATTESTATION N’EST PLUS VALABLE",
                 size=11, style="B", align="C")
        pdf.set_text_color(0, 0, 0)
    pdf.ln(6)
    pdf.para(
        f"{authority} atteste que {attestation.holder_name} a participé bénévolement, du "
        f"{long_date(attestation.starts_on)} au {long_date(attestation.ends_on)}, aux services "
        "publics partagés suivants, placés sous sa responsabilité :")
    pdf.ln(3)

    pdf.set_font("helvetica", "", 9)
    with pdf.table(col_widths=(62, 62, 30, 20), text_align=("LEFT", "LEFT", "RIGHT", "RIGHT"),
                   line_height=5.5, padding=1.5) as table:
        heading = table.row()
        for title in ("Service", "Nature de la participation", "Quantité", "Actes"):
            heading.cell(pdf_text(title))
        for line in attestation.lines:
            row = table.row()
            row.cell(pdf_text(line["service"]))
            row.cell(pdf_text(line["kind"]))
            row.cell(pdf_text(quantity_text(line["quantity"], line.get("unit_code", ""),
                                            line["unit"])))
            row.cell(str(line["acts"]))
    pdf.ln(3)
    hours = quantity_text(str(attestation.total_hours), "hours", "heures")
    pdf.para(f"Total du temps donné : {hours}", size=11, style="B")
    pdf.ln(3)
    pdf.para(STATEMENT)
    pdf.ln(3)
    pdf.para(f"Délivrée le {long_date(issued)}, pour {authority}, sur sa plateforme des "
             "services publics partagés.")

    pdf.ln(8)
    pdf.set_draw_color(60, 60, 60)
    pdf.para("Vérifier cette attestation", size=11, style="B")
    pdf.para("Toute personne peut vérifier cette attestation, et savoir si elle est toujours "
             "valable, en saisissant son code à l’adresse :", size=9)
    pdf.set_font("helvetica", "U", 10)
    pdf.set_text_color(0, 60, 150)
    pdf.multi_cell(0, 5.5, pdf_text(verify_url), link=verify_url,
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    pdf.set_font("courier", "B", 26)
    pdf.cell(0, 16, pdf_text(attestation.code), border=1, align="C",
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
