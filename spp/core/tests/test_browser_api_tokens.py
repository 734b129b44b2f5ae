"""An admin runs their organisation's API tokens from the back office on a phone (#15): the
empty list, a token created and shown once, revoked after a confirmation. axe-core checks
every page; none scrolls sideways."""

import pytest
from playwright.sync_api import expect

from spp.core.models import ApiToken
from spp.core.services.api_tokens import hash_token
from spp.core.testing.browser import assert_accessible, assert_fits_a_phone, login
from spp.core.tests.factories import TEST_PASSWORD, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_creates_a_token_sees_it_once_and_revokes_it(phone_page):
    admin = MembershipFactory(
        role="admin", organisation__name="Communauté d’agglomération du Pays Voironnais"
    ).user
    organisation = admin.memberships.get().organisation

    login(phone_page, admin.email, TEST_PASSWORD)
    phone_page.goto("/gestion/")
    phone_page.get_by_role("link", name=f"Jetons d’API de {organisation.name}").click()
    expect(phone_page.get_by_text("Aucun jeton d’API pour l’instant.")).to_be_visible()
    assert_accessible(phone_page, context_note="(tokens, empty)")
    assert_fits_a_phone(phone_page)

    phone_page.locator("#id_name").fill("Export vers le SIG de l’agglomération")
    phone_page.get_by_label("Lecture et écriture (par exemple déposer des signalements)").check()
    phone_page.get_by_role("button", name="Créer le jeton").click()
    expect(phone_page.get_by_text("Jeton affiché une seule fois")).to_be_visible()
    raw = phone_page.locator("#raw-token").input_value()
    assert ApiToken.objects.get().secret_hash == hash_token(raw)
    assert_accessible(phone_page, context_note="(token shown once)")
    assert_fits_a_phone(phone_page)

    phone_page.get_by_role("link", name="J’ai copié le jeton : retour aux jetons").click()
    expect(phone_page.get_by_text(raw)).to_have_count(0)
    assert_accessible(phone_page, context_note="(tokens, one)")
    assert_fits_a_phone(phone_page)

    phone_page.get_by_role("link", name="Révoquer le jeton Export vers le SIG").click()
    assert_accessible(phone_page, context_note="(revoke, confirmation)")
    assert_fits_a_phone(phone_page)
    phone_page.get_by_role("button", name="Révoquer le jeton").click()
    expect(phone_page.get_by_text("est révoqué : il est refusé dès maintenant")).to_be_visible()
    assert ApiToken.objects.get().revoked_at is not None
    assert_fits_a_phone(phone_page)
