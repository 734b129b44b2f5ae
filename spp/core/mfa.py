"""django-allauth's MFA adapter, so that the secrets of staff's authenticator apps (TOTP) are
not kept in clear in the database: whoever reads a backup would otherwise hold every agent's
second factor.

allauth stores what ``encrypt`` returns and hands ``decrypt`` what it stored. A stored value
starting with ``fernet:`` was encrypted with the platform's keys (spp/core/crypto.py); any other
was written while production had no key (the system check ``core.W001`` says so), and is read as
it is. Setting keys later therefore loses nothing: secrets are encrypted as they are next
written (an app set up again)."""

from allauth.mfa.adapter import DefaultMFAAdapter

from spp.core import crypto

ENCRYPTED_PREFIX = "fernet:"


class SecretsEncryptedMFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        if not crypto.keys_available():
            return text
        return ENCRYPTED_PREFIX + crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        if encrypted_text.startswith(ENCRYPTED_PREFIX):
            return crypto.decrypt(encrypted_text.removeprefix(ENCRYPTED_PREFIX))
        return encrypted_text
