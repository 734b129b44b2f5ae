"""End to end in Chromium, on a phone: an agent opens the queue, sees a late report flagged,
opens it with its map and moves it to another category; every page passes axe-core and fits
a 360 px screen."""

from datetime import timedelta

import pytest
from django.utils import timezone

from spp.core.testing.browser import assert_accessible, assert_fits_a_phone, login
from spp.core.tests.factories import TEST_PASSWORD
from spp.reports.models import Report
from spp.reports.tests.factories import CategoryFactory, ReportFactory, agent_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _local_tiles(settings):
    settings.MAP_TILE_URL = "/static/tuiles-absentes/{z}/{x}/{y}.png"


def _fits_360(page) -> None:
    assert_fits_a_phone(page)
    page.set_viewport_size({"width": 390, "height": 844})


def test_agent_on_a_phone_sees_a_late_report_and_recategorises_it(phone_page):
    category = CategoryFactory(name="Nid-de-poule")
    CategoryFactory(service=category.service, name="Affaissement de chaussée")
    late = ReportFactory(category=category, target_date=timezone.localdate() - timedelta(days=3))
    agent = agent_of(category.organisation)
    page = phone_page
    login(page, agent.email, TEST_PASSWORD)

    page.goto(f"/signalements/gestion/services/{category.service.slug}/")
    row = page.locator("tr", has_text=late.reference)
    assert row.locator(".badge--overdue", has_text="En retard").count() == 1
    assert_accessible(page, context_note="agents' queue on a phone")
    _fits_360(page)
    page.get_by_label("État").select_option(label="En retard")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("link", name=late.reference).click()

    page.locator("#report-map.leaflet-container").wait_for()
    assert page.locator("#report-map .leaflet-marker-icon").count() == 1
    assert_accessible(page, context_note="handling page with its map on a phone")
    _fits_360(page)
    page.get_by_label("Nouvelle catégorie").select_option(label="Affaissement de chaussée")
    page.get_by_role("button", name="Changer de catégorie").click()
    page.get_by_text("Enregistré.").wait_for()
    assert Report.objects.get(pk=late.pk).category.name == "Affaissement de chaussée"
    assert "devient « Affaissement de chaussée »" in page.content()
    assert_accessible(page, context_note="handling page after recategorising")
