"""System checks: in production, the app serves health-adjacent data only on a host
certified for health data (HDS, ``SPP_HEALTH_DATA_HOST_CERTIFIED``), and only with encryption
keys of its own (``SPP_FIELD_ENCRYPTION_KEYS``). config/settings.py leaves the app out of a
production without the first; these checks catch a configuration that forces it in."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def health_data_host(app_configs=None, **kwargs):
    if not getattr(settings, "PRODUCTION", False):
        return []
    errors = []
    if not settings.SPP_HEALTH_DATA_HOST_CERTIFIED:
        errors.append(checks.Error(
            "The peers app is installed in production on a host not declared certified for "
            "health data.",
            hint="Set SPP_HEALTH_DATA_HOST_CERTIFIED=true only on an HDS-certified host, or "
                 "leave the app out (docs/peers.md).", id="peers.E001"))
    if not [key for key in getattr(settings, "SPP_FIELD_ENCRYPTION_KEYS", []) if key.strip()]:
        errors.append(checks.Error(
            "The peers app needs SPP_FIELD_ENCRYPTION_KEYS in production.",
            hint="Generate one with `python -c 'from cryptography.fernet import Fernet; "
                 "print(Fernet.generate_key().decode())'` (docs/peers.md).", id="peers.E002"))
    return errors
