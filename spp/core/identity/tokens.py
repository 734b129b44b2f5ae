"""Signed JWTs from an identity provider, checked against its published keys (JWKS).

Both federations sign the id_token and, unlike most providers, the userinfo answer too
(``application/jwt``): whatever reached us through the browser or the network is trusted only
once its signature, issuer and audience are checked here. Only asymmetric algorithms are
accepted, so that a token can never be forged with the client secret we share with them
(register RS256 or ES256 with the federation, docs/configuration.md)."""

import hmac

import jwt
from allauth.socialaccount.providers.oauth2.client import OAuth2Error

ALGORITHMS = ["RS256", "ES256"]
# Seconds of clock difference tolerated between us and the provider on exp, iat, nbf.
LEEWAY = 60
JWKS_TIMEOUT = 5


def signing_keys(jwks_uri: str) -> jwt.PyJWKClient:
    """A key set fetched at most once for one sign-in (the id_token and the userinfo share it);
    a new client for each sign-in, so a provider's key rotation is seen at once."""
    return jwt.PyJWKClient(jwks_uri, cache_jwk_set=True, lifespan=60, timeout=JWKS_TIMEOUT)


def decode_signed(token: str, *, keys: jwt.PyJWKClient, issuer: str, audience: str,
                  nonce: str | None = None, require_exp: bool = True) -> dict:
    """The claims of ``token`` once its signature (by one of ``keys``), issuer, audience,
    dates and, when given, nonce are right; ``OAuth2Error`` otherwise, which allauth shows as
    a failed sign-in."""
    try:
        algorithm = jwt.get_unverified_header(token).get("alg")
        if algorithm not in ALGORITHMS:
            raise OAuth2Error(f"Unaccepted signing algorithm: {algorithm!r}")
        key = keys.get_signing_key_from_jwt(token)
        claims = jwt.decode(
            token, key=key.key, algorithms=[algorithm], issuer=issuer, audience=audience,
            leeway=LEEWAY,
            options={"require": ["iss", "aud", "sub", *(["exp"] if require_exp else [])]},
        )
    except jwt.PyJWTError as error:
        raise OAuth2Error(f"Invalid signed token: {error}") from error
    if nonce is not None and not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
        raise OAuth2Error("The id_token's nonce is not the one this sign-in sent.")
    return claims
