"""On a phone, an authority's admin creates an Open311 client application, reads its key once
(the list never shows it again), then revokes it: accessible pages, no sideways scrolling."""

import re

import pytest

from spp.core.testing.browser import assert_accessible, assert_fits_a_phone, login
from spp.core.tests.factories import TEST_PASSWORD, MembershipFactory
from spp.open311.models import ApiClient
from spp.open311.services import hash_key

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_creates_a_key_sees_it_once_and_revokes_it_on_a_phone(phone_page):
    membership = MembershipFactory(role="admin", organisation__name="Ville de Voiron")
    authority = membership.organisation
    login(phone_page, membership.user.email, TEST_PASSWORD)
    phone_page.goto("/gestion/")
    phone_page.get_by_role("link", name="Applications Open311 de Ville de Voiron").click()
    phone_page.wait_for_load_state()
    assert_fits_a_phone(phone_page)
    assert_accessible(phone_page)

    phone_page.get_by_label("Nom de l’application").fill("Appli citoyenne du Pays Voironnais")
    phone_page.get_by_label("Courriel de contact").fill("developpeurs@exemple-de-courriel.fr")
    phone_page.get_by_role("button", name="Créer l’application et sa clé").click()
    phone_page.wait_for_load_state()
    raw = phone_page.get_by_label("Clé d’API").input_value()
    assert raw.startswith("o311_")
    assert ApiClient.objects.get(organisation=authority).key_hash == hash_key(raw)
    assert_fits_a_phone(phone_page)
    assert_accessible(phone_page)

    phone_page.get_by_role("link", name=re.compile("retour aux applications")).click()
    phone_page.wait_for_load_state()
    assert raw not in phone_page.content()
    assert_fits_a_phone(phone_page)
    phone_page.get_by_role("button", name=re.compile("^Révoquer la clé")).click()
    phone_page.wait_for_load_state()
    assert phone_page.get_by_text("révoquée", exact=True).is_visible()
    assert not ApiClient.objects.get(organisation=authority).is_active
    assert_fits_a_phone(phone_page)
    assert_accessible(phone_page)
