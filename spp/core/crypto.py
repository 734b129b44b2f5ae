"""Encryption at rest of what the database must not hold in clear: a peer request's personal
fields (spp/peers/crypto.py), the secrets of staff's authenticator apps (spp/core/mfa.py).
``cryptography``'s Fernet: AES-128-CBC with HMAC-SHA256, authenticated.

Keys come from the environment: ``SPP_FIELD_ENCRYPTION_KEYS``, comma-separated Fernet keys
(``Fernet.generate_key()``). The first encrypts, all decrypt (``MultiFernet``), so rotating is:
prepend a new key, re-encrypt (``manage.py peers_rotate_keys`` for peer requests), then drop the
old key. In dev and test a fixed key is derived, so that the demo and the tests run without
configuration; production has no such key (docs/configuration.md)."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# The derivation's text is the one the peers app used first: data encrypted by the demo stays
# readable.
DEV_KEY = base64.urlsafe_b64encode(
    hashlib.sha256(b"spp peers dev and test key - never in production").digest())


def configured_keys() -> list[str]:
    keys = getattr(settings, "SPP_FIELD_ENCRYPTION_KEYS", [])
    return [key.strip() for key in keys if key.strip()]


def keys_available() -> bool:
    """Whether ``cipher()`` has a key: configured ones, or the dev key outside production."""
    return bool(configured_keys()) or not getattr(settings, "PRODUCTION", False)


def cipher() -> MultiFernet:
    """The keys in force, built per call (no module-level state: settings may differ per
    test, and a rotation takes effect on the next request)."""
    keys = configured_keys()
    if not keys:
        if getattr(settings, "PRODUCTION", False):
            raise ImproperlyConfigured(
                "SPP_FIELD_ENCRYPTION_KEYS must be set when SPP_ENV=prod "
                "(docs/configuration.md).")
        keys = [DEV_KEY.decode()]
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            "SPP_FIELD_ENCRYPTION_KEYS holds a key that is not a Fernet key.") from error


def encrypt(value: str) -> str:
    return cipher().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "An encrypted value cannot be read with the keys in SPP_FIELD_ENCRYPTION_KEYS "
            "(was a key removed before the data was re-encrypted?).") from error


def rotate(token: str) -> str:
    """The same value encrypted with the first key (``MultiFernet.rotate``)."""
    return cipher().rotate(token.encode()).decode()
