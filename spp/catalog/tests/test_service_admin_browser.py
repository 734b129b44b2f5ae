"""On a phone, an authority's admin sets up a delegated service from the back office (an
operator, two communes typed as INSEE codes) and then publishes a new version of its charter;
axe-core checks each page and none scrolls sideways."""

import re

import pytest

from spp.catalog.models import Service
from spp.core.models import Commune
from spp.core.testing.browser import assert_accessible, assert_fits_a_phone, login
from spp.core.tests.factories import TEST_PASSWORD, MembershipFactory, OperatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_creates_a_delegated_service_then_publishes_a_new_charter_on_a_phone(
    phone_page,
):
    admin = MembershipFactory(role="admin").user
    operator = OperatorFactory(name="Association Relais Solidarité du Voironnais")
    for insee, name in (("38563", "Voiron"), ("38117", "Coublevie")):
        Commune.objects.create(
            insee=insee, name=name, departement="38", latitude=45.36, longitude=5.59
        )
    page = phone_page
    login(page, admin.email, TEST_PASSWORD)
    page.goto("/gestion/")
    page.get_by_role("link", name="Mise en place des services").click()
    assert_fits_a_phone(page)
    assert_accessible(page, context_note="(services list, empty)")
    page.get_by_role("link", name="Créer un service").click()
    assert_fits_a_phone(page)
    assert_accessible(page, context_note="(new service)")

    page.get_by_label("Nom du service").fill("Transport solidaire des aînés")
    page.get_by_label("Résumé").fill("Des bénévoles conduisent les aînés à leurs rendez-vous.")
    page.get_by_label(re.compile("En délégation")).check()
    page.get_by_label("Opérateur délégataire").select_option(label=operator.name)
    page.get_by_label("Territoire").fill("Voiron et Coublevie")
    page.get_by_label(re.compile("Communes couvertes")).fill("38563 38117")
    page.get_by_label("Disponibilités, gardes et permanences").check()
    page.get_by_label("Titre de la charte").fill("Charte des conducteurs bénévoles")
    page.get_by_label("Texte de la charte").fill("Je conduis prudemment.")
    page.get_by_label("Publier le service dès sa création").check()
    page.get_by_role("button", name="Créer le service").click()
    page.wait_for_url(re.compile(r"/gestion/services/[\w-]+/modifier/$"))

    service = Service.objects.get()
    assert service.operator == operator and service.is_published
    assert set(service.communes.values_list("insee", flat=True)) == {"38563", "38117"}
    assert_fits_a_phone(page)
    assert_accessible(page, context_note="(service settings)")

    page.get_by_role("link", name="Publier une nouvelle version de la charte").click()
    assert_fits_a_phone(page)
    assert_accessible(page, context_note="(new charter version)")
    page.get_by_label("Texte de la charte").fill("Je conduis prudemment et je préviens.")
    page.get_by_role("button", name="Publier").click()
    page.wait_for_url(re.compile(r"/services/[\w-]+/charte/$"))
    assert list(service.charters.order_by("version").values_list("version", flat=True)) == [1, 2]
    assert_fits_a_phone(page)
