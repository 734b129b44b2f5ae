"""End to end in Chromium: a citizen reports with a photo on a phone, another supports it
instead of filing a duplicate, an agent resolves it, and the reporter sees it resolved."""

import io
import re

import pytest
from PIL import Image

from spp.core.testing.browser import assert_accessible, login
from spp.core.tests.factories import TEST_PASSWORD, UserFactory
from spp.reports.models import Report
from spp.reports.tests.factories import VOIRON, CategoryFactory, ReportFactory, agent_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _local_tiles(settings):
    settings.MAP_TILE_URL = "/static/tuiles-absentes/{z}/{x}/{y}.png"


def _photo_file(tmp_path):
    path = tmp_path / "trou.jpg"
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), (90, 90, 90)).save(out, format="JPEG")
    path.write_bytes(out.getvalue())
    return str(path)


def test_visitor_reports_with_a_photo_on_a_phone(phone_page, tmp_path):
    category = CategoryFactory(name="Nid-de-poule")
    page = phone_page
    page.goto(f"/signalements/services/{category.service.slug}/signaler/")
    assert_accessible(page, context_note="report form")
    page.get_by_label("Catégorie").select_option(label="Nid-de-poule")
    page.get_by_label("Latitude").fill(str(VOIRON[0]))
    page.get_by_label("Longitude").fill(str(VOIRON[1]))
    page.get_by_label("Description").fill("Trou profond devant la boulangerie")
    page.get_by_label("Photos (3 au plus)").set_input_files(_photo_file(tmp_path))
    page.get_by_label("Votre adresse électronique").fill("passante@exemple.fr")
    page.get_by_role("button", name="Envoyer le signalement").click()
    page.wait_for_url(re.compile(r"/signalements/suivi/SIG-"))
    report = Report.objects.get()
    assert report.reference in page.content() and report.photos.count() == 1
    assert page.locator("img.report-photo").count() == 1
    assert_accessible(page, context_note="follow-up page")


def test_citizen_supports_the_existing_report_instead(phone_page):
    existing = ReportFactory(category=CategoryFactory(name="Nid-de-poule"))
    citizen = UserFactory()
    page = phone_page
    login(page, citizen.email, TEST_PASSWORD)
    page.goto(f"/signalements/services/{existing.service.slug}/signaler/")
    page.get_by_label("Catégorie").select_option(label="Nid-de-poule")
    page.get_by_label("Latitude").fill(str(VOIRON[0] + 0.0001))
    page.get_by_label("Longitude").fill(str(VOIRON[1]))
    page.get_by_label("Longitude").dispatch_event("change")
    offer = page.locator("#duplicates")
    offer.get_by_role("link", name="Appuyer celui-ci").click()
    page.wait_for_url(re.compile(existing.reference))
    page.get_by_role("button", name="J’appuie ce signalement").click()
    page.get_by_text("Merci, votre appui est compté.").wait_for()
    existing.refresh_from_db()
    assert existing.support_count == 1 and Report.objects.count() == 1
    assert_accessible(page, context_note="supported report")


def test_visitor_sending_near_an_open_report_is_offered_to_support_it(phone_page):
    """The script's own offer missed it (its request failed): the server makes it."""
    existing = ReportFactory(category=CategoryFactory(name="Nid-de-poule"))
    page = phone_page
    page.route("**/doublons.json*", lambda route: route.abort())
    page.goto(f"/signalements/services/{existing.service.slug}/signaler/")
    page.get_by_label("Catégorie").select_option(label="Nid-de-poule")
    page.get_by_label("Latitude").fill(str(VOIRON[0] + 0.0001))
    page.get_by_label("Longitude").fill(str(VOIRON[1]))
    page.get_by_label("Description").fill("Trou profond devant la boulangerie")
    page.get_by_label("Votre adresse électronique").fill("passante@exemple.fr")
    page.get_by_role("button", name="Envoyer le signalement").click()
    offer = page.locator("#duplicates-offer")
    offer.wait_for()
    assert existing.reference in offer.inner_text() and Report.objects.count() == 1
    assert page.get_by_label("Description").input_value() == "Trou profond devant la boulangerie"
    assert_accessible(page, context_note="duplicate offer")
    offer.get_by_role("button", name=re.compile("Appuyer celui-ci")).click()
    page.get_by_text("Merci, votre appui est compté.").wait_for()
    existing.refresh_from_db()
    assert existing.support_count == 1 and Report.objects.count() == 1


def test_agent_resolves_and_the_reporter_sees_it(page, phone_page):
    report = ReportFactory(category=CategoryFactory(name="Nid-de-poule"))
    agent = agent_of(report.category.organisation)
    login(page, agent.email, TEST_PASSWORD)
    page.goto(f"/signalements/gestion/services/{report.service.slug}/")
    assert_accessible(page, context_note="agents' queue")
    page.get_by_role("link", name=report.reference).click()
    assert_accessible(page, context_note="handling page")
    page.get_by_label("Marquer comme résolu").check()
    page.get_by_label("Message au déclarant").fill("Trou rebouché ce matin par l’équipe.")
    page.get_by_role("button", name="Appliquer").click()
    page.get_by_text("Enregistré.").wait_for()

    login(phone_page, report.reporter.email, TEST_PASSWORD)
    phone_page.goto(f"/signalements/suivi/{report.reference}/")
    assert phone_page.locator("main .badge", has_text="Résolu").count() == 1
    assert "Trou rebouché ce matin" in phone_page.content()
    phone_page.get_by_label("C’est réparé").check()
    phone_page.get_by_role("button", name="Envoyer mon constat").click()
    phone_page.get_by_text("Merci pour votre retour.").wait_for()
    assert_accessible(phone_page, context_note="resolved report")
