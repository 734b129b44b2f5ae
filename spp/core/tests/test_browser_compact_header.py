"""On a phone the header leaves the screen to the page: one bar with the brand and a menu
holding the language choice and the account's links, then the main navigation (#14, item 4:
the header used to take 245 of 844 px)."""

import pytest

from spp.core.testing.browser import assert_accessible, assert_fits_a_phone, login
from spp.core.tests.factories import TEST_PASSWORD, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The bar (brand and menu button) and one or two rows of navigation.
PHONE_HEADER_HEIGHT_LIMIT_PX = 150


def _assert_header_is_compact(page) -> None:
    heights = page.evaluate(
        "() => Object.fromEntries(['.site-header', '.site-header__bar', '.site-nav'].map("
        "s => [s, document.querySelector(s).getBoundingClientRect().height]))")
    assert heights[".site-header"] <= PHONE_HEADER_HEIGHT_LIMIT_PX, heights


def test_a_staff_member_s_header_is_compact_on_a_phone_and_its_menu_works(phone_page):
    # A long name, as real authorities have: it wraps beside the menu, never under it.
    agent = MembershipFactory(
        role="agent", organisation__name="Communauté d’agglomération du Pays Voironnais"
    ).user
    login(phone_page, agent.email, TEST_PASSWORD)
    phone_page.goto("/mon-profil/")

    _assert_header_is_compact(phone_page)
    logout = phone_page.get_by_role("button", name="Se déconnecter")
    assert not logout.is_visible()
    assert_accessible(phone_page, context_note="(menu closed)")

    phone_page.get_by_text("Menu", exact=True).click()
    assert logout.is_visible()
    assert_accessible(phone_page, context_note="(menu open)")
    phone_page.get_by_label("Langue", exact=True).select_option("en")
    phone_page.get_by_role("button", name="Changer").click()
    phone_page.wait_for_load_state()
    assert phone_page.locator("html").get_attribute("lang") == "en"

    assert_fits_a_phone(phone_page)
    phone_page.get_by_text("Menu", exact=True).click()
    phone_page.get_by_role("button", name="Sign out").click()
    phone_page.wait_for_url(lambda url: True)
    assert phone_page.get_by_role("link", name="Sign in").is_visible()


def test_a_visitor_sees_sign_in_and_sign_up_without_opening_the_menu(phone_page):
    phone_page.goto("/")
    _assert_header_is_compact(phone_page)
    assert phone_page.get_by_role("link", name="Se connecter").is_visible()
    assert phone_page.get_by_role("link", name="Créer un compte").first.is_visible()
    assert_accessible(phone_page)


def test_on_a_wide_screen_the_menu_s_contents_show_without_a_click(page):
    agent = MembershipFactory(role="agent").user
    login(page, agent.email, TEST_PASSWORD)
    page.goto("/mon-profil/")
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    assert page.get_by_label("Langue", exact=True).is_visible()
