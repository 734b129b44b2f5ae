"""The figures shown per service (exact, in the back-office and in public)
and the charter banner every page shows to people who must accept a new version."""

import pytest
from django.utils import timezone

from spp.catalog import selectors
from spp.catalog.models import Incident
from spp.catalog.tests.factories import EnrolmentFactory, ServiceFactory
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _incident(service, status):
    return Incident.objects.create(service=service, declared_by=UserFactory(), kind="other",
                                   occurred_at=timezone.now(), place="Mairie",
                                   description="Chute", status=status)


def test_the_back_office_counts_pending_active_and_open_incidents_of_each_service_exactly():
    membership = MembershipFactory(role="admin")
    busy = ServiceFactory(authority=membership.organisation, name="A")
    quiet = ServiceFactory(authority=membership.organisation, name="B")
    for status in ["pending", "pending", "active", "active", "active", "withdrawn"]:
        EnrolmentFactory(service=busy, status=status)
    _incident(busy, "declared")
    _incident(busy, "closed")
    rows = {s.name: s for s in selectors.service_list_managed_by(membership.user)}

    def figures(row):
        return row.pending_enrolment_count, row.active_participant_count, row.open_incidents

    assert figures(rows["A"]) == (2, 3, 1)
    assert figures(rows["B"]) == (0, 0, 0)
    assert quiet.pk == rows["B"].pk


def test_the_public_count_of_a_service_counts_its_active_participants_only():
    service = ServiceFactory()
    for status in ["active", "active", "pending", "suspended", "ended"]:
        EnrolmentFactory(service=service, status=status)
    EnrolmentFactory(status="active")  # another service's
    [shown] = [s for s in selectors.service_list_public() if s.pk == service.pk]
    assert shown.active_participant_count == 2


def test_a_new_charter_version_shows_the_banner_on_every_page_until_accepted(client):
    from spp.catalog.services import charter_accept, charter_publish
    from spp.catalog.tests.factories import service_with_charter

    service = service_with_charter(name="Crèche des Lilas")
    enrolment = EnrolmentFactory(service=service)
    other = EnrolmentFactory(user=enrolment.user, service=service_with_charter(name="Voirie"))
    client.force_login(enrolment.user)
    assert "a changé" not in client.get("/mon-engagement/").content.decode()
    charter_publish(actor=None, service=service, title="Charte", body="Nouvelle version")
    page = client.get("/notifications/").content.decode()
    assert "La charte de « Crèche des Lilas » a changé." in page
    assert "« Voirie » a changé" not in page and other.service.name == "Voirie"
    charter_accept(actor=enrolment.user, service=service, charter_version=2)
    assert "a changé" not in client.get("/mon-engagement/").content.decode()
