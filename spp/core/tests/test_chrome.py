"""The navigation's figures and the charter banner come from a cached copy per person, which the
services that change them forget: a signed-in page never shows a stale count or banner after a
write made through the services."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spp.catalog.tests.factories import EnrolmentFactory, service_with_charter
from spp.core import services
from spp.core.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _unread_badge(client) -> str:
    page = client.get("/mon-profil/").content.decode()
    start = page.index('href="/notifications/"')
    return page[start:page.index("</a>", start)]


def test_a_new_notification_shows_in_the_count_on_the_next_page(client):
    person = UserFactory()
    client.force_login(person)
    assert "badge" not in _unread_badge(client)
    services.notification_send(recipient=person, title="Garde confirmée")
    assert ">1</span>" in _unread_badge(client)


def test_reading_the_notifications_clears_the_count(client):
    person = UserFactory()
    services.notification_send(recipient=person, title="Garde confirmée")
    client.force_login(person)
    assert ">1</span>" in _unread_badge(client)
    client.get("/notifications/")
    assert "badge" not in _unread_badge(client)


def test_a_new_role_shows_the_back_office_link_on_the_next_page(client):
    person = UserFactory()
    client.force_login(person)
    assert "/gestion/" not in client.get("/mon-profil/").content.decode()
    services.membership_set(actor=None, organisation=OrganisationFactory(), user=person,
                            role="agent")
    assert 'href="/gestion/"' in client.get("/mon-profil/").content.decode()


def test_a_new_charter_version_reaches_every_enrolled_persons_banner(client):
    from spp.catalog.services import charter_publish

    service = service_with_charter(name="Crèche des Lilas")
    people = [EnrolmentFactory(service=service).user for _ in range(2)]
    for person in people:
        client.force_login(person)
        assert "a changé" not in client.get("/mon-profil/").content.decode()
    charter_publish(actor=None, service=service, title="Charte", body="Version 2")
    for person in people:
        client.force_login(person)
        assert "« Crèche des Lilas » a changé" in client.get("/mon-profil/").content.decode()


def test_a_second_page_reads_the_chrome_from_the_cache_not_the_database(client):
    person = UserFactory()
    client.force_login(person)
    client.get("/mon-profil/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/mon-profil/")
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "core_notification" not in sql and "core_membership" not in sql
    assert "catalog_enrolment" not in sql


def test_the_chrome_read_with_the_person_needs_no_other_cache_read(monkeypatch):
    from django.core.cache import cache

    from spp.core.auth_backends import CachedModelBackend
    from spp.core.chrome import chrome_for

    person = UserFactory()
    chrome_for(person)  # stored
    user = CachedModelBackend().get_user(person.pk)
    reads = []
    monkeypatch.setattr(cache, "get_many", lambda keys: reads.append(keys) or {})
    assert chrome_for(user)["unread_count"] == 0
    assert reads == []


def test_a_chrome_forgotten_after_the_person_was_read_is_read_again():
    from spp.core.auth_backends import CachedModelBackend
    from spp.core.chrome import chrome_for

    person = UserFactory()
    chrome_for(person)
    user = CachedModelBackend().get_user(person.pk)  # carries a count of 0
    services.notification_send(recipient=person, title="Garde confirmée")
    assert chrome_for(user)["unread_count"] == 1
