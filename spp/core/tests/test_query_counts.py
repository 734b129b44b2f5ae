"""Query-count guards of the core pages: as many SQL queries with 1,000 rows as with 10."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from spp.catalog.models import Participation
from spp.core.models import AuditLogEntry, Notification
from spp.core.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from spp.ops.query_counts import assert_queries_do_not_grow as guard
from spp.ops.query_counts import services, users

pytestmark = pytest.mark.django_db


def test_home_page_queries_do_not_grow_with_the_number_of_services(client):
    authority = OrganisationFactory()
    guard(client, "/", lambda n: services(n, authority))


def test_back_office_queries_do_not_grow_with_the_services_managed(client):
    membership = MembershipFactory(role="admin")
    client.force_login(membership.user)
    guard(client, "/gestion/", lambda n: services(n, membership.organisation, prefix="managed"))


def test_back_office_shows_each_service_with_its_management_and_figures(client):
    from spp.catalog.tests.factories import ServiceFactory

    membership = MembershipFactory(role="admin")
    client.force_login(membership.user)
    operator = OrganisationFactory(kind="operator", name="Régie des eaux & Cie")
    ServiceFactory(authority=membership.organisation, name="Délégué", operator=operator)
    ServiceFactory(authority=membership.organisation, name="Direct")
    page = client.get("/gestion/").content.decode()
    assert "Délégation : Régie des eaux &amp; Cie</td>" in page
    assert "<td>Régie</td>" in page
    assert page.count("<td>0</td>") == 6  # pending, active, open incidents of each service


def test_audit_log_queries_do_not_grow_with_its_entries(client):
    membership = MembershipFactory(role="admin")
    actors = users(20, prefix="actor")
    client.force_login(membership.user)

    def add(n):
        AuditLogEntry.objects.bulk_create([
            AuditLogEntry(actor=actors[i % len(actors)], organisation=membership.organisation,
                          action=f"catalog.enrolment.approve{i % 7}", target_repr=f"n° {i}")
            for i in range(n)])
    guard(client, "/gestion/journal/", add)


def test_notifications_queries_do_not_grow_with_the_inbox(client):
    user = UserFactory()
    client.force_login(user)

    def add(n):  # already read: a page holding unread ones adds one UPDATE, whatever their number
        Notification.objects.bulk_create([Notification(recipient=user, title=f"Message {i}",
                                                        url="/", read_at=timezone.now())
                                          for i in range(n)])
    guard(client, "/notifications/", add)


def test_my_engagement_queries_do_not_grow_with_the_ledger(client):
    user = UserFactory()
    client.force_login(user)
    service_list = services(3, OrganisationFactory(), prefix="mine")
    accepter = UserFactory()

    def add(n):
        now = timezone.now()
        Participation.objects.bulk_create([
            Participation(user=user, pseudonym=user.pseudonym, service=service_list[i % 3],
                          kind="shift", quantity=Decimal(2), unit="hours",
                          occurred_at=now - timedelta(hours=i), accepted_by=accepter)
            for i in range(n)])
    guard(client, "/mon-engagement/", add)
