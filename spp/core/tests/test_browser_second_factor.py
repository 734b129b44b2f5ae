"""An agent sets up the second factor on a phone (docs/permissions.md, "Second factor"): sent
from the back office to the page that says why, they scan (here: read) the key, give a code,
keep their recovery codes and land back in the back office; their next sign-in asks for a code,
and a recovery code does. axe-core checks every page; none scrolls sideways."""

import pytest
from playwright.sync_api import expect

from spp.core.testing.browser import assert_accessible, assert_fits_a_phone, login
from spp.core.testing.second_factor import current_code
from spp.core.tests.factories import TEST_PASSWORD, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _checked(page, note):
    assert_accessible(page, context_note=note)
    assert_fits_a_phone(page)


def test_an_agent_sets_up_the_second_factor_and_signs_in_with_it(phone_page, settings):
    settings.SPP_STAFF_MFA_REQUIRED = True
    agent = MembershipFactory(role="agent").user
    heading = phone_page.get_by_role("heading", level=1)

    login(phone_page, agent.email, TEST_PASSWORD)
    phone_page.goto("/gestion/")
    expect(heading).to_have_text("Double authentification")
    why = phone_page.get_by_text("La gestion demande une double authentification.")
    expect(why).to_be_visible()
    _checked(phone_page, "(why)")

    phone_page.get_by_role("link", name="Configurer l’application d’authentification").click()
    # allauth asks for the password again before a second factor is set up.
    expect(heading).to_have_text("Confirmer l'accès")
    _checked(phone_page, "(password again)")
    phone_page.locator("#id_password").fill(TEST_PASSWORD)
    phone_page.get_by_role("button", name="Confirmer").click()
    expect(heading).to_have_text("Configurer l’application d’authentification")
    _checked(phone_page, "(activate)")
    secret = phone_page.locator("#authenticator_secret").input_value()
    phone_page.locator("#id_code").fill(current_code(secret))
    phone_page.get_by_role("button", name="Activer").click()

    expect(heading).to_have_text("Codes de secours")
    _checked(phone_page, "(recovery codes)")
    recovery_code = phone_page.locator(".recovery-codes code").first.inner_text()
    phone_page.get_by_role("link", name="J’ai conservé mes codes, continuer").click()
    phone_page.wait_for_url("**/gestion/")
    expect(heading).not_to_have_text("Double authentification")

    phone_page.context.clear_cookies()
    login(phone_page, agent.email, TEST_PASSWORD)
    phone_page.wait_for_url("**/accounts/2fa/authenticate/")
    expect(heading).to_have_text("Double authentification")
    _checked(phone_page, "(code at sign-in)")
    phone_page.locator("#id_code").fill(recovery_code)
    phone_page.get_by_role("button", name="Valider").click()
    phone_page.wait_for_url(lambda url: "/accounts/" not in url)
    phone_page.goto("/gestion/")
    assert phone_page.url.endswith("/gestion/")
