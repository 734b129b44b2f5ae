"""A parent declares availability in the crèche's own shifts on a phone, in a real browser
checked by axe-core, and the Monday afternoon shift is then within their availability."""

import re

import pytest

from spp.core.testing.browser import assert_accessible, assert_fits_a_phone, login
from spp.core.tests.factories import TEST_PASSWORD
from spp.rosters.tests.test_availability_shapes import (
    creche,
    next_monday,
    parent_with_odd_windows,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def test_parent_ticks_monday_afternoon_and_the_monday_shift_is_within_availability(phone_page):
    service = creche()
    parent = parent_with_odd_windows(service)
    login(phone_page, parent.email, TEST_PASSWORD)
    phone_page.goto(f"/gardes/{service.slug}/disponibilites/")
    assert_accessible(phone_page)
    monday = phone_page.get_by_role("group", name="Lundi")
    monday.get_by_label(re.compile("12:30–18:30")).check()
    phone_page.get_by_role("button", name="Enregistrer ma semaine").click()
    phone_page.get_by_text("Vos disponibilités de la semaine sont enregistrées.").wait_for()
    assert monday.get_by_label(re.compile("12:30–18:30")).is_checked()
    assert (
        phone_page.get_by_role("group", name="Samedi")
        .get_by_text(re.compile("19:00–24:00"))
        .count()
        == 1
    )
    assert_fits_a_phone(phone_page)
    assert_accessible(phone_page)
    day = next_monday()
    phone_page.goto(f"/gardes/{service.slug}/gardes/?du={day:%Y-%m-%d}")
    card = phone_page.locator(".card").filter(has_text="Permanence de l’après-midi").first
    card.wait_for()
    assert "12:30" in card.inner_text()
    assert card.get_by_text("hors de vos disponibilités").count() == 0
    assert (
        phone_page.locator(".card")
        .filter(has_text="Permanence du matin")
        .first.get_by_text("hors de vos disponibilités")
        .count()
        == 1
    )
    assert_fits_a_phone(phone_page)
