"""Signing in through the State's identity federations: FranceConnect (citizens) and
ProConnect (agents), both OpenID Connect, through django-allauth.

allauth's ``openid_connect`` provider reads userinfo as JSON and sends no nonce; both federations
answer userinfo as a signed JWT and require a nonce, and both require their logout. This package
is allauth's provider with those differences: ``provider.py`` (what is asked and kept),
``oauth.py`` (the token and userinfo checks), ``tokens.py`` (JWT signatures against the
provider's JWKS), ``logout.py`` (the provider's end of session), ``views.py`` and ``urls.py``.
Settings: ``SOCIALACCOUNT_PROVIDERS["public_oidc"]`` in config/settings.py, from the environment.
"""
