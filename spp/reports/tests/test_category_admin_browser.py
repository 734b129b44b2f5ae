"""On a phone, a coordinator adds a report category routed to the operator, then stops it
taking new reports; axe-core checks the pages, none scrolls sideways."""

import re

import pytest

from spp.core.testing.browser import assert_accessible, assert_fits_a_phone, login
from spp.core.tests.factories import TEST_PASSWORD, OperatorFactory
from spp.reports.models import Category
from spp.reports.tests.factories import ReportsServiceFactory, agent_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_adds_and_closes_a_category_on_a_phone(phone_page):
    operator = OperatorFactory(name="Régie intercommunale des routes du Voironnais")
    service = ReportsServiceFactory(slug="voirie", operator=operator)
    page = phone_page
    login(page, agent_of(service.authority, role="coordinator").email, TEST_PASSWORD)
    page.goto("/signalements/gestion/services/voirie/categories/")
    page.get_by_role("link", name="Nouvelle catégorie").click()
    assert_fits_a_phone(page)
    assert_accessible(page, context_note="(new category)")
    page.get_by_label("Nom de la catégorie").fill("Lampadaire éteint")
    page.get_by_label("Signalements transmis à").select_option(label=operator.name)
    page.get_by_label("Équipe").fill("Éclairage public")
    page.get_by_role("button", name="Créer la catégorie").click()
    page.wait_for_url(re.compile(r"/categories/$"))
    assert_fits_a_phone(page)
    category = Category.objects.get()
    assert category.organisation == operator

    page.get_by_role("link", name="Lampadaire éteint").click()
    assert_accessible(page, context_note="(category)")
    page.get_by_label("Reçoit de nouveaux signalements").uncheck()
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r"/categories/$"))
    category.refresh_from_db()
    assert not category.is_active
