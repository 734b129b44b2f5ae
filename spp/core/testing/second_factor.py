"""Helpers for tests of the second factor (spp/core/second_factor.py): give someone an
authenticator app, and compute the code it would show, as a phone would."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)


def current_code(secret: str) -> str:
    """The code an authenticator app shows now for ``secret`` (RFC 6238). The platform accepts
    one time step either side (MFA_TOTP_TOLERANCE), so a test never depends on the second."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def give_authenticator_app(user) -> tuple[str, list[str]]:
    """Set up an authenticator app and recovery codes for ``user``, as allauth's pages would;
    returns (the app's secret, the recovery codes)."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    return secret, codes
