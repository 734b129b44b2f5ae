"""A request's personal fields are encrypted at rest, readable with any configured key, and
re-encrypted with the first key on rotation; production refuses to run without keys."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from spp.peers import crypto, services
from spp.peers.models import PeerRequest
from spp.peers.tests.factories import ask, peers_service

pytestmark = pytest.mark.django_db


def _stored(pk, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM peers_peerrequest WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_personal_fields_are_stored_encrypted_and_read_in_clear():
    request = ask(peers_service(), first_name="Nadia", phone="06 12 34 56 78")
    for column in ("first_name", "phone", "availability"):
        assert _stored(request.pk, column).startswith("gAAAA")
    assert "Nadia" not in _stored(request.pk, "first_name")
    fresh = PeerRequest.objects.get(pk=request.pk)
    assert (fresh.first_name, fresh.phone) == ("Nadia", "06 12 34 56 78")


def test_rotation_reencrypts_with_the_new_first_key_and_the_old_key_can_go(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.SPP_FIELD_ENCRYPTION_KEYS = [old]
    request = ask(peers_service(), first_name="Nadia")
    settings.SPP_FIELD_ENCRYPTION_KEYS = [new, old]
    assert services.requests_reencrypt() == 1
    settings.SPP_FIELD_ENCRYPTION_KEYS = [new]
    assert PeerRequest.objects.get(pk=request.pk).first_name == "Nadia"
    settings.SPP_FIELD_ENCRYPTION_KEYS = [old]
    with pytest.raises(ImproperlyConfigured):
        PeerRequest.objects.get(pk=request.pk)


def test_production_without_keys_refuses_to_encrypt(settings):
    settings.PRODUCTION, settings.SPP_FIELD_ENCRYPTION_KEYS = True, []
    with pytest.raises(ImproperlyConfigured, match="SPP_FIELD_ENCRYPTION_KEYS"):
        crypto.encrypt("Nadia")
