"""Sessions read with the signed-in person in one cache round trip (spp/core/sessions.py):
after a first request, a page asks the cache once for the session, the person and their
chrome; the person read ahead is used only when the session still names them. (Changes to the
person are followed under both session engines: test_cached_user.py.)"""

import pytest
from django.core.cache import cache

from spp.core import services
from spp.core.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db]

PAGE = "/mon-profil/"


@pytest.fixture(autouse=True)
def cached_sessions(settings):
    settings.SESSION_ENGINE = "spp.core.sessions"


def _cache_reads(monkeypatch, client) -> list:
    reads = []
    get, get_many = cache.get, cache.get_many
    monkeypatch.setattr(cache, "get", lambda *a, **k: reads.append(("get", a[0])) or get(*a, **k))
    monkeypatch.setattr(cache, "get_many",
                        lambda keys, **k: reads.append(("get_many", tuple(keys)))
                        or get_many(keys, **k))
    response = client.get(PAGE)
    monkeypatch.undo()
    assert response.status_code == 200
    return reads


def test_a_signed_in_page_reads_session_person_and_chrome_in_one_round_trip(monkeypatch, client):
    person = UserFactory()
    client.force_login(person)
    client.get(PAGE)  # the process learns whose session this is; the person is cached
    reads = _cache_reads(monkeypatch, client)
    person_key = f"spp:user:{person.pk}"
    together = [keys for kind, keys in reads if kind == "get_many" and person_key in keys]
    assert len(together) == 1
    assert any(key.startswith("django.contrib.sessions.cached_db") for key in together[0])


def test_a_session_that_names_someone_else_is_served_that_person(client):
    first, second = UserFactory(first_name="Alice"), UserFactory(first_name="Brigitte")
    client.force_login(first)
    assert 'value="Alice"' in client.get(PAGE).content.decode()
    client.force_login(second)  # a new session key: nothing read ahead for it
    assert 'value="Brigitte"' in client.get(PAGE).content.decode()
    assert 'value="Brigitte"' in client.get(PAGE).content.decode()


def test_counts_read_ahead_follow_a_new_notification(client):
    person = UserFactory()
    client.force_login(person)
    client.get(PAGE)
    services.notification_send(recipient=person, title="Garde confirmée")
    assert ">1</span>" in client.get(PAGE).content.decode()
