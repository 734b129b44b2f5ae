"""The navigation's figures and the charter banner are computed for each page: a signed-in page
never shows a stale count or banner after a write."""

import pytest

from spp.catalog.tests.factories import EnrolmentFactory, service_with_charter
from spp.core import services
from spp.core.models import Notification
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


def test_the_count_stops_at_99_and_says_more_beyond(client):
    person = UserFactory(email_notifications=False)
    for number in range(99):
        services.notification_send(recipient=person, title=f"Rappel {number}")
    client.force_login(person)
    assert ">99</span>" in _unread_badge(client)
    services.notification_send(recipient=person, title="Le centième")
    assert ">99+</span>" in _unread_badge(client)


def test_reading_some_notifications_lowers_the_count_by_as_many_and_once_only(client):
    person = UserFactory(email_notifications=False)
    sent = [services.notification_send(recipient=person, title=f"Rappel {n}") for n in range(3)]
    assert services.notification_mark_read(user=person, notification_ids=[sent[0].pk]) == 1
    assert services.notification_mark_read(user=person, notification_ids=[sent[0].pk]) == 0
    client.force_login(person)
    assert ">2</span>" in _unread_badge(client)
    assert Notification.objects.filter(recipient=person, read_at__isnull=True).count() == 2


def test_notifications_written_in_bulk_show_once_recounted(client):
    person = UserFactory()
    Notification.objects.bulk_create(Notification(recipient=person, title=f"Import {n}")
                                     for n in range(3))
    client.force_login(person)
    assert "badge" not in _unread_badge(client)  # past the service: not counted yet
    services.notification_unread_recount(user_ids=[person.pk])
    assert ">3</span>" in _unread_badge(client)


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
        page = client.get("/mon-profil/").content.decode()
        assert "« Crèche des Lilas » a changé" in page
        assert f'href="/services/{service.slug}/charte/"' in page

