"""On a phone, an authority's admin creates a qualification type and deactivates one in use:
the list reads as cards, without sideways scrolling, and is accessible."""

import re

import pytest

from spp.catalog.models import QualificationType
from spp.catalog.tests.factories import QualificationFactory
from spp.core.testing.browser import assert_accessible, assert_fits_a_phone, login
from spp.core.tests.factories import TEST_PASSWORD, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_creates_and_deactivates_qualification_types_on_a_phone(phone_page):
    membership = MembershipFactory(role="admin")
    admin = membership.user
    held = QualificationFactory(
        qualification_type__code="chef-agres",
        qualification_type__name="Chef d’agrès incendie — sapeur-pompier volontaire confirmé",
        qualification_type__owner=membership.organisation,
    ).qualification_type
    login(phone_page, admin.email, TEST_PASSWORD)
    phone_page.goto("/gestion/")
    phone_page.get_by_role("link", name="Types de qualification").click()
    phone_page.get_by_role("link", name="Nouveau type de qualification").click()
    phone_page.wait_for_load_state()
    assert_fits_a_phone(phone_page)
    assert_accessible(phone_page)
    phone_page.get_by_label("Intitulé").fill("Premiers secours civiques (PSC1)")
    phone_page.get_by_label("Durée de validité (mois)").fill("36")
    phone_page.get_by_role("button", name="Créer le type de qualification").click()
    phone_page.wait_for_load_state()
    assert QualificationType.objects.get(
        code="premiers-secours-civiques-psc1").owner == membership.organisation
    assert_fits_a_phone(phone_page)
    assert_accessible(phone_page)
    phone_page.get_by_role("button", name=re.compile("^Désactiver Chef d’agrès")).click()
    phone_page.wait_for_load_state()
    held.refresh_from_db()
    assert not held.is_active
    assert_fits_a_phone(phone_page)
