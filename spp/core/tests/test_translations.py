"""The English catalogue is complete, compiled, and used by the pattern apps' pages.

How to add strings: docs/architecture.md, section "Languages" (``make messages``).
"""

import gettext
import re

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from spp.consultations.models import Consultation
from spp.consultations.tests.factories import ConsultationFactory, questionnaire
from spp.reports.tests.factories import CategoryFactory

PO = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdfi]|\{\w*\}")


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(PO))


def _where(entry):
    return f"{entry.msgid!r} ({entry.occurrences[0][0] if entry.occurrences else '?'})"


def test_the_english_catalogue_has_no_fuzzy_empty_or_obsolete_entry(catalogue):
    assert [_where(e) for e in catalogue.fuzzy_entries()] == []
    assert [_where(e) for e in catalogue.untranslated_entries()] == []
    assert [_where(e) for e in catalogue.obsolete_entries()] == []
    assert len(catalogue.translated_entries()) > 1000


def test_every_translation_keeps_the_placeholders_of_its_french_source(catalogue):
    wrong = []
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            pairs = [(entry.msgid_plural, text) for text in entry.msgstr_plural.values()]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, text in pairs:
            if sorted(set(PLACEHOLDER.findall(source))) != sorted(set(PLACEHOLDER.findall(text))):
                wrong.append((source, text))
    assert wrong == []


def test_the_committed_mo_is_compiled_from_the_current_po(catalogue, tmp_path):
    fresh = tmp_path / "django.mo"
    catalogue.save_as_mofile(str(fresh))

    def messages(path):
        with open(path, "rb") as mo:
            found = gettext.GNUTranslations(mo)._catalog
        found.pop("", None)  # the header: only its dates may differ
        return found

    expected = messages(fresh)
    assert messages(MO) == expected, "run `make messages` and commit the .mo with the .po"


@pytest.mark.django_db
def test_a_reports_page_follows_the_language_cookie(client):
    service = CategoryFactory().service
    url = reverse("reports:service_home", args=[service.slug])
    french = client.get(url).content.decode()
    assert "Signaler un problème" in french and "Report a problem" not in french

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url).content.decode()
    assert '<html lang="en"' in page
    assert "Report a problem" in page and "<h2>Latest reports</h2>" in page
    # the map script's text comes from the page, translated
    assert 'data-truncated="Only the most recent reports are shown' in page


@pytest.mark.django_db
def test_the_report_form_sends_its_script_text_in_english(client):
    service = CategoryFactory().service
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("reports:report_new", args=[service.slug])).content.decode()
    assert "<h1>Report a problem</h1>" in page and 'data-support="Support this one"' in page


@pytest.mark.django_db
def test_a_consultation_page_follows_the_browser_language(client):
    consultation, _ = questionnaire(audience=Consultation.Audience.ANYONE)
    url = reverse("consultations:detail", args=[consultation.slug])
    page = client.get(url, headers={"accept-language": "en-GB,en;q=0.9"}).content.decode()
    assert "<h2>The questionnaire</h2>" in page and "Sign in to take part" in page
    assert "Le questionnaire" not in page


@pytest.mark.django_db
def test_the_consultations_index_is_in_english_after_the_language_switch(client):
    ConsultationFactory(is_published=False)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(reverse("consultations:index")).content.decode()
    assert "No consultations in progress." in page
