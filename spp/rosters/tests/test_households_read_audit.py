"""Every read of household data by the service's staff is in the audit log
(docs/privacy.md, "Audit")."""

import pytest
from django.urls import reverse

from spp.core.models import AuditLogEntry
from spp.rosters.tests.factories import coordinator_of, roster_service

pytestmark = pytest.mark.django_db


def test_a_coordinator_reading_the_households_page_is_recorded(client):
    service = roster_service()
    coordinator = coordinator_of(service)
    client.force_login(coordinator)
    assert client.get(reverse("rosters:households", args=[service.slug])).status_code == 200
    [entry] = AuditLogEntry.objects.filter(action="rosters.households.read")
    assert (entry.actor, entry.organisation, entry.target_id) == (
        coordinator, service.authority, str(service.pk))
