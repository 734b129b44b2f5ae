"""A citizen signs in with FranceConnect on a phone and signs out of both, in Chromium, against
the local OpenID provider (spp/core/testing/oidc_provider.py): the button on the sign-in page,
the trip to the provider and back, "Mon engagement", then the sign-out through the provider's
end of session back to the front page. axe-core checks the sign-in page; it fits 360 px."""

import pytest
from playwright.sync_api import expect

from config.csp import content_security_policy
from spp.core.models import User
from spp.core.testing.browser import assert_accessible, assert_fits_a_phone
from spp.core.testing.oidc_provider import LocalOpenIDProvider

pytestmark = [pytest.mark.browser, pytest.mark.processes,
              pytest.mark.django_db(transaction=True)]


def test_a_citizen_signs_in_with_franceconnect_and_out_of_both(phone_page, settings):
    with LocalOpenIDProvider() as provider:
        settings.SOCIALACCOUNT_PROVIDERS = {"public_oidc": {"APPS": [provider.app(
            "franceconnect", "FranceConnect",
            scope=["openid", "given_name", "family_name", "email"],
            auth_params={"acr_values": "eidas1"})]}}
        # As config/settings.py does for a configured provider: its origin may receive forms.
        settings.CONTENT_SECURITY_POLICY = content_security_policy(
            map_tile_url=settings.MAP_TILE_URL, form_action_urls=[provider.issuer])

        phone_page.goto("/accounts/login/")
        button = phone_page.get_by_role("button", name="S’identifier avec FranceConnect")
        expect(button).to_be_visible()
        assert_accessible(phone_page, context_note="(sign-in with FranceConnect)")
        assert_fits_a_phone(phone_page)

        button.click()
        phone_page.wait_for_url("**/mon-engagement/")
        assert User.objects.get().last_name == "Durand"

        phone_page.get_by_text("Menu", exact=True).click()
        phone_page.get_by_role("button", name="Se déconnecter").click()
        expect(phone_page.get_by_text("Votre session FranceConnect est aussi fermée.")
               ).to_be_visible()
        [ended] = provider.end_session_requests
        assert ended["id_token_hint"] == provider.issued_id_tokens[-1]
