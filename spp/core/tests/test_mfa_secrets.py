"""The secrets of staff's authenticator apps are encrypted at rest (spp/core/mfa.py): a copy of
the database does not hold anyone's second factor."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from cryptography.fernet import Fernet

from spp.core.mfa import ENCRYPTED_PREFIX, SecretsEncryptedMFAAdapter
from spp.core.testing.second_factor import current_code, give_authenticator_app
from spp.core.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _stored_secret(user) -> str:
    return Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]


def test_an_authenticator_apps_secret_is_stored_encrypted_and_still_checks_codes():
    agent = MembershipFactory(role="agent").user
    secret, _codes = give_authenticator_app(agent)

    stored = _stored_secret(agent)
    assert stored.startswith(ENCRYPTED_PREFIX) and secret not in stored
    app = TOTP(Authenticator.objects.get(user=agent, type=Authenticator.Type.TOTP))
    assert app.validate_code(current_code(secret))


def test_a_secret_written_when_production_had_no_key_is_still_read():
    agent = MembershipFactory(role="agent").user
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    app = Authenticator.objects.create(user=agent, type=Authenticator.Type.TOTP,
                                       data={"secret": secret})
    assert TOTP(app).validate_code(current_code(secret))


def test_production_without_a_key_keeps_the_secret_readable_rather_than_failing(settings):
    settings.PRODUCTION, settings.SPP_FIELD_ENCRYPTION_KEYS = True, []
    adapter = SecretsEncryptedMFAAdapter()
    assert adapter.encrypt("JBSWY3DPEHPK3PXP") == "JBSWY3DPEHPK3PXP"


def test_a_secret_encrypted_with_the_old_key_is_read_after_a_new_key_is_prepended(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    adapter = SecretsEncryptedMFAAdapter()
    settings.SPP_FIELD_ENCRYPTION_KEYS = [old]
    stored = adapter.encrypt("JBSWY3DPEHPK3PXP")
    settings.SPP_FIELD_ENCRYPTION_KEYS = [new, old]
    assert adapter.decrypt(stored) == "JBSWY3DPEHPK3PXP"
