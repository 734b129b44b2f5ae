"""Browser test (Playwright, Debian's Chromium) on a phone: a citizen opens an open
consultation, sees its phases with the current one marked, and is offered no results tab
they could not open; the page passes axe-core and fits a 360 px screen."""

import pytest

from spp.consultations.tests.factories import questionnaire
from spp.core.testing.browser import assert_accessible, assert_fits_a_phone, login
from spp.core.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_sees_the_phases_and_no_results_tab_on_a_phone(phone_page):
    consultation, _q = questionnaire()
    page = phone_page
    login(page, UserFactory().email, TEST_PASSWORD)
    page.goto(f"/consultations/{consultation.slug}/")
    stepper = page.get_by_role("region", name="Étapes de la consultation")
    assert stepper.get_by_role("listitem").count() == 4
    current = stepper.locator('[aria-current="step"]')
    assert "Contributions" in current.inner_text() and "En cours" in current.inner_text()
    menu = page.get_by_role("navigation", name="Dans cette consultation")
    assert menu.get_by_role("link", name="Présentation").is_visible()
    assert menu.get_by_role("link", name="Résultats").count() == 0
    assert page.locator(f'a[href="/consultations/{consultation.slug}/resultats/"]').count() == 0
    assert_accessible(page, context_note="consultation with its phases")
    assert_fits_a_phone(page)
