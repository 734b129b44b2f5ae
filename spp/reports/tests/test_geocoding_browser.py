"""The report form's address search on a phone, against the local stand-in of the geocoder:
the page without JavaScript (a GET listing links that set the point) and with it (suggestions
as buttons)."""

import pytest

from spp.core.models import Commune
from spp.core.testing.browser import assert_accessible, assert_fits_a_phone
from spp.reports.tests.factories import CategoryFactory
from spp.reports.tests.test_geocoding import VOIRON_INSEE, StandIn, feature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABEL = "12 Rue de la République 38500 Voiron"


@pytest.fixture
def geocoder(settings):
    settings.MAP_TILE_URL = "/static/tuiles-absentes/{z}/{x}/{y}.png"
    stand_in = StandIn()
    stand_in.features = [
        feature(LABEL, 45.3641, 5.5902),
        feature("Rue de la République 38000 Grenoble", 45.19, 5.72, "38185"),
    ]
    settings.REPORTS_GEOCODER_URL = stand_in.url
    yield stand_in
    stand_in.close()


@pytest.fixture
def service():
    category = CategoryFactory(name="Nid-de-poule")
    category.service.communes.add(
        Commune.objects.create(
            insee=VOIRON_INSEE, name="Voiron", departement="38", latitude=45.3647, longitude=5.5897
        )
    )
    return category.service


def test_the_search_without_javascript_lists_links_that_set_the_point(
    phone_page, geocoder, service
):
    page = phone_page
    page.goto(f"/signalements/services/{service.slug}/signaler/?adresse=R%C3%A9publique")
    links = page.locator("#address-results a")
    assert links.all_inner_texts() == [LABEL]  # Grenoble is outside the service's territory
    assert_accessible(page, context_note="report form with address suggestions")
    assert_fits_a_phone(page)
    links.first.click()
    page.wait_for_url("**lat=45.364100**")
    assert float(page.get_by_label("Latitude").input_value()) == 45.3641
    assert float(page.get_by_label("Longitude").input_value()) == 5.5902
    assert page.get_by_label("Adresse ou repère (facultatif)").input_value() == LABEL


def test_the_search_with_javascript_suggests_and_sets_the_point(phone_page, geocoder, service):
    page = phone_page
    page.goto(f"/signalements/services/{service.slug}/signaler/")
    page.get_by_label("Rechercher une adresse ou un lieu").fill("République")
    page.get_by_role("button", name=LABEL).click()
    assert page.get_by_label("Latitude").input_value() == "45.364100"
    assert page.get_by_label("Longitude").input_value() == "5.590200"
    assert page.get_by_label("Adresse ou repère (facultatif)").input_value() == LABEL
    assert_fits_a_phone(page)
