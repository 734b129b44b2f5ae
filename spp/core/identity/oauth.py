"""The exchange after the provider sends the browser back: the code for tokens, then the
checks both federations require — the id_token signed, for us, carrying this sign-in's nonce
(and the eIDAS level asked, when one is); the userinfo a JWT signed by the same provider, for
us, about the same person."""

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.urls import reverse

from spp.core.identity.tokens import decode_signed, signing_keys

# Where the raw id_token waits in allauth's state of the sign-in until the person is signed in
# (logout.remember_provider_session moves it into the session, for the provider's logout).
ID_TOKEN_STATE_KEY = "oidc_id_token"
NONCE_STATE_KEY = "oidc_nonce"


class PublicOIDCAdapter(OpenIDConnectOAuth2Adapter):
    # allauth's state of this sign-in, handed over by views.CallbackView once it has checked
    # the ``state`` parameter (None until then, and on an adapter that only redirects).
    state: dict | None = None

    def get_callback_url(self, request, app):
        url = reverse("public_oidc_callback", kwargs={"provider_id": self.provider_id})
        return build_absolute_uri(request, url, self.redirect_uri_protocol)

    def complete_login(self, request, app, token, **kwargs):
        """``kwargs["response"]`` is the token endpoint's answer. Refuses (``OAuth2Error``,
        which allauth shows as a failed sign-in) unless every check holds."""
        raw_id_token = kwargs["response"].get("id_token")
        if not raw_id_token:
            raise OAuth2Error("The token endpoint sent no id_token.")
        expected_nonce = (self.state or {}).get(NONCE_STATE_KEY)
        if not expected_nonce:
            raise OAuth2Error("No nonce was sent for this sign-in.")
        config = self.openid_config
        keys = signing_keys(config["jwks_uri"])
        id_token = decode_signed(raw_id_token, keys=keys, issuer=config["issuer"],
                                 audience=app.client_id, nonce=expected_nonce)
        asked_levels = app.settings.get("auth_params", {}).get("acr_values", "").split()
        if asked_levels and id_token.get("acr") not in asked_levels:
            raise OAuth2Error(f"The identity's level {id_token.get('acr')!r} is not the one asked.")
        userinfo = decode_signed(self._fetch_signed_userinfo(token.token), keys=keys,
                                 issuer=config["issuer"], audience=app.client_id,
                                 require_exp=False)
        if userinfo["sub"] != id_token["sub"]:
            raise OAuth2Error("The userinfo is about someone else than the id_token.")
        self.state[ID_TOKEN_STATE_KEY] = raw_id_token
        return self.get_provider().sociallogin_from_response(
            request, {"userinfo": userinfo, "id_token": id_token}
        )

    def _fetch_signed_userinfo(self, access_token: str) -> str:
        with get_adapter().get_requests_session() as session:
            response = session.get(self.profile_url,
                                   headers={"Authorization": f"Bearer {access_token}"})
            response.raise_for_status()
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type != "application/jwt":
            raise OAuth2Error(f"The userinfo is not a signed JWT ({content_type or 'no type'}).")
        return response.text.strip()
