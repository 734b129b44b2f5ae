"""Issuing an api_key from the technical back-office (shown once, stored as a hash) and
recording its use."""

import pytest
from django.contrib.messages import get_messages

from spp.core.tests.factories import UserFactory
from spp.open311.models import ApiClient
from spp.open311.services import hash_key

pytestmark = pytest.mark.django_db


def test_staff_adds_a_client_and_sees_its_key_once(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.post("/admin/open311/apiclient/add/",
                           {"name": "Appli citoyenne", "contact_email": "", "is_active": "on"})
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    key = next(t for t in texts if "o311_" in t).split(" : ")[-1]
    assert ApiClient.objects.get().key_hash == hash_key(key)


def test_a_client_key_records_its_last_use_at_most_once_a_minute():
    from datetime import timedelta

    from django.utils import timezone

    from spp.open311.services import api_client_authenticate, api_client_create

    client, raw = api_client_create(actor=None, name="Appli de la métropole")
    assert api_client_authenticate(raw).pk == client.pk
    client.refresh_from_db()
    first_use = client.last_used_at
    assert first_use is not None
    api_client_authenticate(raw)
    client.refresh_from_db()
    assert client.last_used_at == first_use  # within the minute: no write
    type(client).objects.filter(pk=client.pk).update(last_used_at=first_use - timedelta(minutes=2))
    api_client_authenticate(raw)
    client.refresh_from_db()
    assert client.last_used_at > first_use - timedelta(seconds=1)
    assert api_client_authenticate("o311_wrong") is None
    assert timezone.now() >= client.last_used_at
