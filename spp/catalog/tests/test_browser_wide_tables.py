"""On a phone, a table wider than the screen scrolls inside its frame, and that frame can be
reached and scrolled with the keyboard (axe-core's scrollable-region-focusable): "Mon
engagement" with its ledger is the page where people met it."""

import pytest

from spp.core.testing.browser import assert_accessible, login
from spp.core.tests.factories import TEST_PASSWORD
from spp.expenses.tests.factories import ParticipationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_my_engagements_tables_are_reachable_by_keyboard_on_a_phone(phone_page):
    done = ParticipationFactory(description="Permanence du matin à la crèche parentale, salle "
                                            "de motricité et accueil des familles")
    login(phone_page, done.user.email, TEST_PASSWORD)
    phone_page.goto("/mon-engagement/")
    assert_accessible(phone_page)
    frame = phone_page.locator("div.table-wrap", has=phone_page.get_by_role(
        "table", name="Mes participations"))
    assert frame.get_attribute("role") == "region"
    frame.focus()
    assert frame.evaluate("element => element === document.activeElement")
