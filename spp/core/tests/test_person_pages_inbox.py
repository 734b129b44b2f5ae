"""The notifications page is kept under the person's inbox generation
(spp/core/person_pages.py) once it shows nothing unread: read again, it costs the frame and no
query. A page showing unread notifications is never kept (they are marked read as it is
served), and a new notification shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spp.core import generations, person_pages, services
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


def test_once_all_are_read_a_second_read_makes_no_query_beyond_the_frame(client, person):
    services.notification_send(recipient=person, title="Garde confirmée")
    _read(client, "/mon-profil/")
    frame, _ = _queries(client, "/mon-profil/")  # the trivial signed-in page
    assert "nouveau" in _read(client)  # shown unread, marked read: not kept
    _read(client)  # all read: kept
    queries, page = _queries(client)
    assert "Garde confirmée" in page and "nouveau" not in page
    assert len(queries) == len(frame)
    assert not [sql for sql in queries if "core_notification" in sql]


def test_a_page_with_unread_notifications_is_not_served_from_the_cache(client, person):
    """Each read of a page holding unread rows marks them read; "nouveau" shows once."""
    services.notification_send(recipient=person, title="Garde confirmée")
    first, page = _queries(client)
    assert "nouveau" in page and [sql for sql in first if sql.startswith("UPDATE")]
    assert not Notification.objects.filter(recipient=person, read_at__isnull=True).exists()
    second, page = _queries(client)
    assert "nouveau" not in page and not [sql for sql in second if sql.startswith("UPDATE")]


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


def test_marking_read_moves_the_inbox_generation():
    """``notification_mark_read`` writes with ``update()`` (no signal): it advances the scope
    itself, so that no copy kept before can show the rows as unread."""
    person = UserFactory()
    services.notification_send(recipient=person, title="Garde confirmée")
    scope = person_pages.inbox_scope(person.pk)
    before = generations.current(scope)
    assert services.notification_mark_read(user=person) == 1
    assert generations.current(scope) != before


def test_a_kept_page_is_not_served_after_its_rows_were_marked_read(client, person):
    """A copy kept while a row was unread (a page rendered by another process between the
    send and the mark) is never served once the rows are read."""
    notification = services.notification_send(recipient=person, title="Garde confirmée")
    variant = person_pages.display_variant(_request(person), 1)
    scopes = person_pages.inbox_scopes(person.pk)
    person_pages.cached("inbox", person.pk, scopes, variant, lambda: ("STALE nouveau", True))
    services.notification_mark_read(user=person, notification_ids=[notification.pk])
    page = _read(client)
    assert "STALE" not in page and "Garde confirmée" in page


def test_another_persons_notification_leaves_my_inbox_kept(person):
    scope = person_pages.inbox_scope(person.pk)
    before = generations.current(scope)
    services.notification_send(recipient=UserFactory(), title="Pas pour moi")
    assert generations.current(scope) == before


def _request(person):
    from django.test import RequestFactory

    request = RequestFactory().get(INBOX)
    request.user = person
    return request


def test_once_all_are_read_a_second_read_costs_one_cache_round_trip_beyond_the_frame(
        client, person, monkeypatch):
    from spp.core.tests.test_person_pages import _cache_calls_of_a_second_read

    services.notification_send(recipient=person, title="Garde confirmée")
    _read(client)  # marked read
    frame = _cache_calls_of_a_second_read(client, "/mon-profil/", monkeypatch)
    page = _cache_calls_of_a_second_read(client, INBOX, monkeypatch)
    # The kept page's frame (spp/core/page_frame.py) reads the brand less often than a
    # rendered page's: at most one call more, and it is the content's round trip.
    assert len(page) <= len(frame) + 1 and page.count("get_many") == frame.count("get_many") + 1
