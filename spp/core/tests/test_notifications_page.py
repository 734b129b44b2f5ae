"""The notifications page shows a new notification at once, as new and then read, and forgets
one deleted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spp.core import services
from spp.core.models import Notification
from spp.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INBOX = "/notifications/"


@pytest.fixture
def person(client):
    person = UserFactory()
    client.force_login(person)
    return person


def _read(client, url: str = INBOX) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _queries(client, url: str = INBOX):
    with CaptureQueriesContext(connection) as captured:
        body = _read(client, url)
    return [query["sql"] for query in captured.captured_queries], body


def test_a_new_notification_shows_at_once_as_new_then_read(client, person):
    services.notification_send(recipient=person, title="Garde confirmée")
    _read(client)
    _read(client)  # kept
    services.notification_send(recipient=person, title="Nouvelle charte")
    page = _read(client)
    assert "Nouvelle charte" in page and "nouveau" in page
    assert Notification.objects.get(title="Nouvelle charte").read_at is not None
    page = _read(client)
    assert "Nouvelle charte" in page and "nouveau" not in page


def test_a_notification_deleted_in_the_admin_disappears_at_once(client, person):
    notification = services.notification_send(recipient=person, title="Garde confirmée")
    _read(client)
    assert "Garde confirmée" in _read(client)
    notification.delete()
    assert "Garde confirmée" not in _read(client)


def _request(person):
    from django.test import RequestFactory

    request = RequestFactory().get(INBOX)
    request.user = person
    return request



def test_a_notification_shows_its_link_body_and_local_date(client, person):
    from django.utils import timezone
    from django.utils.formats import date_format

    services.notification_send(recipient=person, title="Garde confirmée", body="Samedi 9 h",
                               url="/mon-engagement/")
    created = Notification.objects.get(title="Garde confirmée").created_at
    page = _read(client)
    assert '<a href="/mon-engagement/">Garde confirmée</a>' in page
    assert "<p>Samedi 9 h</p>" in page
    when = date_format(timezone.localtime(created), "SHORT_DATETIME_FORMAT")
    assert f'<p class="card__meta">{when}</p>' in page
