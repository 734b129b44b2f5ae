"""The carpool journey in a real browser on phones, checked by axe-core: a driver offers a
trip, a passenger finds it and books a seat, both confirm at the stop (the passenger says
they are on board, the driver types the passenger's code), and the journey appears in both
people's engagement."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import BROWSER_TIMEOUT_MS, PHONE
from spp.carpool.models import Booking, JourneyProof
from spp.carpool.tests.factories import LineFactory, contributor_of, tariff_for
from spp.catalog.models import Participation
from spp.core.testing.browser import assert_accessible, login
from spp.core.tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("tax_scale")]
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def second_phone(playwright_browser, live_server):
    context = playwright_browser.new_context(base_url=live_server.url, locale="fr-FR", **PHONE)
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield context.new_page()
    context.close()


def test_a_driver_offers_a_passenger_books_both_confirm_and_both_ledgers_show_it(
        phone_page, second_phone):
    # A line open all day, so the trip can leave in a quarter of an hour at any hour.
    line = LineFactory(operates_from=time(0, 0), operates_until=time(23, 59))
    tariff_for(line, share="0.10")
    driver, passenger = contributor_of(line.service), contributor_of(line.service)
    departure = (datetime.now(PARIS) + timedelta(minutes=15)).replace(second=0, microsecond=0)

    login(phone_page, driver.email, TEST_PASSWORD)
    phone_page.goto(line.get_absolute_url())
    assert_accessible(phone_page)
    phone_page.get_by_role("link", name="Proposer un trajet sur cette ligne").click()
    phone_page.get_by_label("Je pars de").select_option(label="Voiron — Gare")
    phone_page.get_by_label("Je vais jusqu’à").select_option(label="Voreppe — Centre")
    phone_page.get_by_label("Jour").fill(departure.date().isoformat())
    phone_page.get_by_label("Heure de départ").fill(departure.strftime("%H:%M"))
    phone_page.get_by_label("Places proposées").select_option("2")
    phone_page.get_by_label("Puissance fiscale du véhicule").select_option("5cv")
    assert_accessible(phone_page, context_note="trip form")
    phone_page.get_by_role("button", name="Proposer ce trajet").click()
    phone_page.get_by_text("Votre trajet est proposé").wait_for()
    assert_accessible(phone_page, context_note="driver's trip page")

    login(second_phone, passenger.email, TEST_PASSWORD)
    second_phone.goto(line.get_absolute_url())
    second_phone.get_by_label("Je monte à").select_option(label="Voiron — Gare")
    second_phone.get_by_label("Je descends à").select_option(label="Voreppe — Centre")
    second_phone.get_by_label("Jour").fill(departure.date().isoformat())
    # The window stays within the departure's day (a search's hours are of one day), also
    # when the test runs a few minutes before midnight.
    second_phone.get_by_label("Entre").fill(
        max(departure - timedelta(minutes=5),
            departure.replace(hour=0, minute=0)).strftime("%H:%M"))
    second_phone.get_by_label(re.compile(r"^et\b")).fill(
        min(departure + timedelta(minutes=30),
            departure.replace(hour=23, minute=59)).strftime("%H:%M"))
    second_phone.get_by_role("button", name="Chercher").click()
    second_phone.get_by_text(re.compile(r"participation aux frais : 1,53\s€")).wait_for()
    assert_accessible(second_phone, context_note="search results")
    second_phone.get_by_role("button", name=re.compile("^Réserver")).click()
    second_phone.get_by_text("Place réservée").wait_for()
    assert_accessible(second_phone, context_note="booking page")
    booking = Booking.objects.get()
    assert second_phone.get_by_text(booking.code, exact=True).is_visible()
    second_phone.get_by_role("button", name="Confirmer ma montée").click()
    second_phone.get_by_text("Merci : votre montée est enregistrée.").wait_for()

    phone_page.reload()
    phone_page.get_by_label("Code du passager").fill(booking.code)
    phone_page.get_by_role("button", name=re.compile("Confirmer le trajet")).click()
    phone_page.get_by_text("Trajet confirmé (preuve de classe A)").wait_for()
    assert_accessible(phone_page, context_note="confirmed journey")
    assert JourneyProof.objects.get().booking == booking
    assert set(Participation.objects.filter(kind="journey").values_list("user", flat=True)) == {
        driver.pk, passenger.pk}
    for page in (phone_page, second_phone):
        page.goto("/mon-engagement/")
        page.get_by_text("Trajet partagé").first.wait_for()
