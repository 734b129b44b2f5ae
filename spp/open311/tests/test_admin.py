"""Issuing an api_key from the technical back-office: shown once, stored as a hash."""

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
