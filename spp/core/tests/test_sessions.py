"""Sessions read with the signed-in person in one cache round trip (spp/core/sessions.py):
after a first request, a page asks the cache once for the session, the person and their
chrome; the person read ahead is used only when the session still names them. (Changes to the
person are followed under both session engines: test_cached_user.py.)"""

import pytest
from django.core.cache import cache

from spp.core import services
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.django_db]

PAGE = "/mon-profil/"
JOURNAL = "/gestion/journal/"


@pytest.fixture(autouse=True)
def cached_sessions(settings):
    settings.SESSION_ENGINE = "spp.core.sessions"


def _cache_reads(monkeypatch, client, path: str = PAGE) -> list:
    reads = []
    get, get_many = cache.get, cache.get_many
    monkeypatch.setattr(cache, "get", lambda *a, **k: reads.append(("get", a[0])) or get(*a, **k))
    monkeypatch.setattr(cache, "get_many",
                        lambda keys, **k: reads.append(("get_many", tuple(keys)))
                        or get_many(keys, **k))
    response = client.get(path)
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


def test_a_kept_page_read_again_comes_with_the_session_in_one_round_trip(monkeypatch, client):
    """The journal's kept content (spp/core/audit_pages.py) is asked for with the session
    once this session has read it (spp/core/read_ahead.py)."""
    client.force_login(MembershipFactory(role="admin").user)
    client.get(PAGE)
    _cache_reads(monkeypatch, client, JOURNAL)  # computed and kept; its keys remembered
    reads = _cache_reads(monkeypatch, client, JOURNAL)
    asked = [keys for kind, keys in reads if kind == "get_many"]  # (locmem's calls get inside)
    assert len(asked) == 1
    assert any(key.startswith("spp:audit-page:") for key in asked[0])


def test_a_page_read_ahead_shows_a_change_made_since_it_was_kept(client):
    membership = MembershipFactory(role="admin")
    client.force_login(membership.user)
    client.get(JOURNAL)
    client.get(JOURNAL)  # served from what was read ahead
    services.audit_record(actor=None, action="core.branding.update",
                          organisation=membership.organisation, reason="Nouvelles couleurs")
    assert "Nouvelles couleurs" in client.get(JOURNAL).content.decode()


@pytest.mark.parametrize("moved, seen", [(False, "read ahead"), (True, "in the cache")])
def test_what_was_read_ahead_is_not_used_once_the_request_moved_a_generation(rf, moved, seen):
    from spp.core import generations, read_ahead

    cache.set("spp:test:entry", "in the cache")

    def view(request):
        read_ahead.keys_for_session("a-session")
        read_ahead.offer(["spp:test:entry"], {"spp:test:entry": "read ahead"})
        if moved:
            generations.advance("test:scope")
        return read_ahead.get_many(["spp:test:entry"])["spp:test:entry"]

    assert read_ahead.ReadAheadMiddleware(view)(rf.get("/gestion/journal/")) == seen


def test_every_kept_read_of_a_page_comes_with_the_session(monkeypatch, client):
    """A consultation's results read the consultation and the results, each kept under its
    generations: once read, both come with the session, in one round trip."""
    from django.urls import reverse

    from spp.consultations.tests.factories import questionnaire

    consultation, _questions = questionnaire()
    client.force_login(MembershipFactory(organisation=consultation.authority).user)
    url = reverse("consultations:results", args=[consultation.slug])
    client.get(PAGE)
    _cache_reads(monkeypatch, client, url)  # computed and kept; its keys remembered
    reads = _cache_reads(monkeypatch, client, url)
    asked = [keys for kind, keys in reads if kind == "get_many"]
    assert len(asked) == 1
    assert any(key.startswith("spp:consultations:results-parts:") for key in asked[0])
    assert any(key.startswith("spp:consultations:by-slug:") for key in asked[0])


def test_a_key_stored_by_the_request_is_not_read_from_what_came_before(rf):
    from spp.core import generations, read_ahead

    def view(request):
        read_ahead.keys_for_session("a-session")
        read_ahead.offer(["spp:test:entry"], {"spp:test:entry": ((1,), "read ahead")})
        generations.store("spp:test:entry", (2,), "stored", 60)
        return read_ahead.get_many(["spp:test:entry"])["spp:test:entry"]

    numbers, value, _expires_at = read_ahead.ReadAheadMiddleware(view)(rf.get("/"))
    assert (numbers, value) == ((2,), "stored")
