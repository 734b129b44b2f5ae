"""The tax receipt's PDF (Cerfa n° 11580*05, form 2041-RD) read back with pypdf, and the
amount written in French words.

The French spellings were checked by hand against the rules of the traditional spelling
(Grevisse, Le Bon Usage, §§ 591-594): "vingt" and "cent" take an s when multiplied and last
(quatre-vingts, deux cents) but not when followed (quatre-vingt-un, deux cent un); "mille"
never does; "et" joins un and onze to the tens up to soixante-dix (vingt et un, soixante et
onze), not after (quatre-vingt-un); "million" is a noun, hence "un million d’euros"."""

import io
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from spp.catalog.tests.factories import ServiceFactory
from spp.core.tests.factories import OperatorFactory, UserFactory
from spp.expenses.cerfa import euros_in_figures, euros_in_words, pdf_text, receipt_pdf
from spp.expenses.models import TaxReceipt

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0.01", "un centime"),
        ("1", "un euro"),
        ("1.01", "un euro et un centime"),
        ("2", "deux euros"),
        ("12.50", "douze euros et cinquante centimes"),
        ("21", "vingt et un euros"),
        ("71.71", "soixante et onze euros et soixante et onze centimes"),
        ("80", "quatre-vingts euros"),
        ("81", "quatre-vingt-un euros"),
        ("91", "quatre-vingt-onze euros"),
        ("200", "deux cents euros"),
        ("201", "deux cent un euros"),
        ("1000", "mille euros"),
        ("2080.80", "deux mille quatre-vingts euros et quatre-vingts centimes"),
        ("1000000", "un million d’euros"),
        ("2000000.05", "deux millions d’euros et cinq centimes"),
        (
            "1234567.89",
            "un million deux cent trente-quatre mille cinq cent soixante-sept euros et "
            "quatre-vingt-neuf centimes",
        ),
    ],
)
def test_the_amount_is_written_in_french_words(amount, words):
    assert euros_in_words(Decimal(amount)) == words


@pytest.mark.parametrize(
    ("amount", "figures"),
    [
        ("0.5", "0,50"),
        ("12.5", "12,50"),
        ("999.99", "999,99"),
        ("1000", "1 000,00"),
        ("1234567.891", "1 234 567,89"),
    ],
)
def test_the_amount_in_figures_uses_the_french_decimal_comma(amount, figures):
    assert euros_in_figures(Decimal(amount)) == figures


def test_text_outside_windows_1252_is_reduced_not_lost():
    assert pdf_text("Œuvre « Zoé » 12 € l’an") == "Œuvre « Zoé » 12 € l’an"
    assert pdf_text("Ĝaŝpar Łódź 5\u202f000") == "Gaspar ?ódz 5 000"
    assert pdf_text("漢") == "?"


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def receipt(db):
    operator = OperatorFactory(
        name="Les Amis du Covoiturage",
        legal_form="Association loi 1901",
        address="12 place de la Gare\n38500 Voiron",
    )
    ServiceFactory(operator=operator, name="Covoiturage du Voironnais")
    return TaxReceipt.objects.create(
        operator=operator,
        user=UserFactory(),
        year=2025,
        number="2025-0007",
        donor_name="Zoé Lefèvre",
        donor_address="4 rue des Écoles\n38000 Grenoble",
        amount=Decimal("1281.50"),
        issued_at=datetime(2026, 1, 20, 10, tzinfo=PARIS),
    )


def test_the_pdf_carries_the_form_the_number_the_donor_and_the_amount(receipt):
    text = _text(receipt_pdf(receipt))
    assert "Cerfa n° 11580*05" in text
    assert "2041-RD" in text
    assert "Numéro d’ordre du reçu" in text
    assert "2025-0007" in text
    assert "Zoé Lefèvre" in text
    assert "4 rue des Écoles, 38000 Grenoble" in text
    assert "***1 281,50*** euros" in text
    assert "mille deux cent quatre-vingt-un euros et cinquante centimes" in text
    assert "année 2025" in text


def test_the_pdf_follows_the_sections_of_the_form(receipt):
    text = " ".join(_text(receipt_pdf(receipt)).split())
    for mention in [
        "Reçu des dons et versements effectués par les particuliers au titre des articles 200 "
        "et 978 du code général des impôts",
        "Organisme bénéficiaire des dons et versements",
        "Nom ou dénomination : Les Amis du Covoiturage",
        f"SIREN {receipt.operator.siret[:9]}",
        "Objet :",
        "Covoiturage du Voironnais",
        "Donateur",
        "Le bénéficiaire reconnaît avoir reçu au titre des dons et versements ouvrant droit à "
        "réduction d’impôt, la somme de :",
        "Somme en toutes lettres :",
        "Date du versement ou du don :",
        "Le bénéficiaire certifie sur l’honneur que les dons et versements qu’il reçoit ouvrent "
        "droit à la réduction d’impôt prévue à l’article :",
        "Forme du don :",
        "Nature du don :",
        "En cas de don en numéraire, mode de versement du don :",
        "Date et signature",
        "Le 20/01/2026",
    ]:
        assert mention in text, mention


def test_the_pdf_ticks_article_200_the_waived_costs_and_the_general_interest_quality(receipt):
    text = " ".join(_text(receipt_pdf(receipt)).split())
    assert "[X] 200 du CGI" in text
    assert "[ ] 978 du CGI" in text
    assert (
        "[X] Frais engagés par les bénévoles, dont ils renoncent expressément au remboursement"
    ) in text
    assert "[ ] Numéraire" in text
    assert "[X] Autres : renonciation écrite au remboursement de frais" in text
    assert "[X] Œuvre ou organisme d’intérêt général" in text
    assert "[ ] Association ou fondation reconnue d’utilité publique" in text


def test_a_public_utility_association_ticks_its_own_box(receipt):
    receipt.operator.legal_form = "Association reconnue d’utilité publique"
    receipt.operator.save()
    text = " ".join(_text(receipt_pdf(receipt)).split())
    assert "[X] Association ou fondation reconnue d’utilité publique" in text
    assert "[ ] Œuvre ou organisme d’intérêt général" in text


def test_the_pdf_is_drawn_from_the_receipt_as_issued(receipt):
    """The donor later changing their name does not change the receipt already issued."""
    receipt.user.last_name = "Autre-Nom"
    receipt.user.save()
    text = _text(receipt_pdf(receipt))
    assert "Zoé Lefèvre" in text and "Autre-Nom" not in text


def test_a_donor_name_outside_windows_1252_still_prints(receipt):
    receipt.donor_name = "Łucja Dąbrowska"
    text = _text(receipt_pdf(receipt))
    assert "?ucja Dabrowska" in text
    assert len(PdfReader(io.BytesIO(receipt_pdf(receipt))).pages) == 1
