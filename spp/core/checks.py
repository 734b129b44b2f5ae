"""System checks of the platform's core configuration."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def field_encryption_keys(app_configs=None, **kwargs):
    """Production without SPP_FIELD_ENCRYPTION_KEYS keeps staff's authenticator secrets in
    clear (spp/core/mfa.py): allowed, so that a first start works, but said by
    ``check --deploy``, which ``make check-deploy`` and the deployment guide run."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    if [key for key in getattr(settings, "SPP_FIELD_ENCRYPTION_KEYS", []) if key.strip()]:
        return []
    return [checks.Warning(
        "SPP_FIELD_ENCRYPTION_KEYS is not set: the secrets of staff's authenticator apps are "
        "stored unencrypted.",
        hint="Generate a key with `python -c 'from cryptography.fernet import Fernet; "
             "print(Fernet.generate_key().decode())'` (docs/configuration.md).",
        id="core.W001")]
