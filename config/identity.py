"""Signing in through the State's identity federations (spp/core/identity/,
docs/configuration.md): FranceConnect for citizens, ProConnect for agents.

Each is on when its client id, secret and discovery address are all set in the environment (no
button otherwise); a half configuration stops the process with the missing names, rather than
showing a button that fails at the provider."""

from django.core.exceptions import ImproperlyConfigured

# (variable prefix, provider id in URLs, name on the button, scopes, extra authorize params)
PROVIDERS = [
    ("FRANCECONNECT", "franceconnect", "FranceConnect",
     ["openid", "given_name", "family_name", "email"], {"acr_values": "eidas1"}),
    ("PROCONNECT", "proconnect", "ProConnect",
     ["openid", "given_name", "usual_name", "email", "uid", "siret", "idp_id"], {}),
]


def identity_provider_apps(environ) -> list[dict]:
    """allauth's ``SOCIALACCOUNT_PROVIDERS["public_oidc"]["APPS"]`` from the environment."""
    apps = []
    for prefix, provider_id, name, scope, auth_params in PROVIDERS:
        values = {key: environ.get(f"{prefix}_{key}", "").strip()
                  for key in ("CLIENT_ID", "SECRET", "SERVER_URL")}
        if not any(values.values()):
            continue
        if not all(values.values()):
            missing = ", ".join(f"{prefix}_{key}" for key, value in values.items() if not value)
            raise ImproperlyConfigured(f"{name} is half configured: set {missing} too.")
        if "acr_values" in auth_params:
            auth_params = {**auth_params,
                           "acr_values": environ.get(f"{prefix}_ACR_VALUES")
                           or auth_params["acr_values"]}
        apps.append({
            "provider_id": provider_id,
            "name": name,
            "client_id": values["CLIENT_ID"],
            "secret": values["SECRET"],
            "settings": {
                "server_url": values["SERVER_URL"].rstrip("/"),
                "scope": scope,
                "auth_params": auth_params,
                "token_auth_method": "client_secret_post",
                "oauth_pkce_enabled": False,  # ProConnect refuses any parameter it does not list
                "verified_email": True,  # both federations vouch for the address they send
                "email_authentication": True,
            },
        })
    return apps
