"""Encryption at rest of a peer request's personal fields (first name, phone, email,
availability), with ``cryptography``'s Fernet (AES-128-CBC + HMAC-SHA256, authenticated).

Keys come from the environment: ``SPP_FIELD_ENCRYPTION_KEYS``, comma-separated Fernet keys
(``Fernet.generate_key()``). The first encrypts, all decrypt (``MultiFernet``), so rotating is:
prepend a new key, run ``manage.py peers_rotate_keys`` (every row re-encrypted with the new
key), then drop the old key. In dev and test a fixed key is derived so that the demo and the
tests run without configuration; production refuses to read or write these fields without keys
(and the app's system check says so before it serves anything).

The fields are opaque to the database: no search, no ordering on them (none is needed)."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

DEV_KEY = base64.urlsafe_b64encode(
    hashlib.sha256(b"spp peers dev and test key - never in production").digest())


def configured_keys() -> list[str]:
    keys = getattr(settings, "SPP_FIELD_ENCRYPTION_KEYS", [])
    return [key.strip() for key in keys if key.strip()]


def cipher() -> MultiFernet:
    """The keys in force, built per call (no module-level state: settings may differ per
    test, and a rotation takes effect on the next request)."""
    keys = configured_keys()
    if not keys:
        if getattr(settings, "PRODUCTION", False):
            raise ImproperlyConfigured(
                "SPP_FIELD_ENCRYPTION_KEYS must be set when SPP_ENV=prod (docs/peers.md).")
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
            "An encrypted field cannot be read with the keys in SPP_FIELD_ENCRYPTION_KEYS "
            "(was a key removed before peers_rotate_keys ran?).") from error


def rotate(token: str) -> str:
    """The same value encrypted with the first key (``MultiFernet.rotate``)."""
    return cipher().rotate(token.encode()).decode()


class EncryptedTextField(models.TextField):
    """Text stored encrypted, read in clear. The empty string stays empty (nothing personal
    to hide, and "purged" reads as empty); every other value is a Fernet token in the
    database. Not for lookups: a token differs at each write."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value)
