"""The impact journeys in a real browser, checked by axe-core: an authority's admin opens the
dashboard on a phone, changes the period and downloads the figures as CSV; anyone reads the
transparency page."""

import re

import pytest

from spp.core.testing.browser import assert_accessible, login
from spp.core.tests.factories import TEST_PASSWORD, MembershipFactory
from spp.impact.services.refresh import figures_refresh
from spp.impact.tests.figures_data import small_ledger

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_changes_the_period_and_downloads_the_figures(phone_page):
    data = small_ledger()
    figures_refresh(years=[2025])
    admin = MembershipFactory(organisation=data["authority"], role="admin").user
    login(phone_page, admin.email, TEST_PASSWORD)
    phone_page.goto("/impact/")
    assert_accessible(phone_page)
    phone_page.get_by_role("main").get_by_role("link", name=data["authority"].name).click()
    phone_page.get_by_role("heading", name=re.compile("Bilan d’impact")).wait_for()
    phone_page.get_by_label("Période").select_option("2025-T1")
    phone_page.get_by_role("button", name="Afficher").click()
    phone_page.get_by_text("1er trimestre 2025", exact=False).first.wait_for()
    assert "periode=2025-T1" in phone_page.url
    assert_accessible(phone_page)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the dashboard scrolls sideways on a phone"
    # Each chart is an image named by its title, its numbers in the table after it.
    assert phone_page.get_by_role("img", name=re.compile("Contributeurs actifs par mois")) \
        .count() == 1
    with phone_page.expect_download() as download:
        phone_page.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename == f"impact-{data['authority'].slug}-2025-T1.csv"
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert text.startswith("Périmètre,Période,Du,Au,Contributeurs actifs")


def test_anyone_reads_the_transparency_page_on_a_phone(phone_page):
    data = small_ledger()
    figures_refresh(years=[2025])
    phone_page.set_viewport_size({"width": 360, "height": 740})
    phone_page.goto(f"/transparence/{data['authority'].slug}/?annee=2025")
    phone_page.get_by_role("heading", name=re.compile("L’ensemble des services en 2025")) \
        .wait_for()
    assert_accessible(phone_page)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
