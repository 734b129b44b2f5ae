"""The allauth provider behind both buttons: allauth's OpenID Connect provider, with a nonce,
the authorize parameters fixed by the platform, names read as each federation gives them, and
only the claims we use kept on the linked account (``SocialAccount.extra_data``)."""

import secrets

from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider

from spp.core.identity.oauth import PublicOIDCAdapter

# What is kept of each answer on the linked account: what the platform shows or needs again.
KEPT_USERINFO = ("sub", "given_name", "family_name", "usual_name", "email", "uid", "siret",
                 "idp_id")
KEPT_ID_TOKEN = ("iss", "sub", "acr", "amr", "auth_time")
NAME_MAX_LENGTH = 150  # User.first_name / last_name


def _claims(data: dict) -> dict:
    return data.get("userinfo") or data.get("id_token") or {}


class PublicOIDCProvider(OpenIDConnectProvider):
    """One instance per configured federation (``provider_id`` "franceconnect" or
    "proconnect"); its URLs are named ``public_oidc_login`` and ``public_oidc_callback``."""

    id = "public_oidc"
    name = "OpenID Connect"
    oauth2_adapter_class = PublicOIDCAdapter
    supports_token_authentication = False  # no API sign-in with a token from elsewhere

    def get_auth_params_from_request(self, request, action):
        """What the platform asks (acr_values…), never loosened by the visitor's query string."""
        return self.get_auth_params()

    def get_scope_from_request(self, request):
        return self.get_scope()

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        """Send the browser to the provider with a fresh nonce, kept in allauth's state for
        this sign-in (``oidc_nonce``), which the id_token must carry back."""
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None) or self.get_auth_params()
        auth_params["nonce"] = nonce
        return super().redirect(request, process, next_url, data, auth_params=auth_params,
                                oidc_nonce=nonce, **kwargs)

    def extract_common_fields(self, data):
        """Names as the person's record has them: ProConnect's family name is ``usual_name``;
        FranceConnect's ``given_name`` holds every given name, kept as sent."""
        claims = _claims(data)
        last_name = claims.get("usual_name") or claims.get("family_name") or ""
        return {
            "email": claims.get("email"),
            "first_name": (claims.get("given_name") or "")[:NAME_MAX_LENGTH],
            "last_name": last_name[:NAME_MAX_LENGTH],
        }

    def extract_extra_data(self, data):
        userinfo = data.get("userinfo") or {}
        id_token = data.get("id_token") or {}
        return {
            "userinfo": {key: userinfo[key] for key in KEPT_USERINFO if key in userinfo},
            "id_token": {key: id_token[key] for key in KEPT_ID_TOKEN if key in id_token},
        }


provider_classes = [PublicOIDCProvider]
