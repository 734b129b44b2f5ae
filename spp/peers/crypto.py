"""Encryption at rest of a peer request's personal fields (first name, phone, email,
availability), with the platform's keys (spp/core/crypto.py: ``SPP_FIELD_ENCRYPTION_KEYS``,
rotation with ``manage.py peers_rotate_keys``). Production refuses to read or write these fields
without keys (and the app's system check says so before it serves anything).

The fields are opaque to the database: no search, no ordering on them (none is needed)."""

from django.db import models

from spp.core.crypto import decrypt, encrypt, rotate  # noqa: F401 (the peers app reads them here)


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
