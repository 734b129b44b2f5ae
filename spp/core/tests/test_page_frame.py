"""What every page's frame costs and shows: the session and the brand come from the shared
cache, the person (with the menu's and the charter banner's answers) from one query; and each of
them changes on the very next page after a write, wherever the write comes from."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from spp.catalog.tests.factories import EnrolmentFactory, service_with_charter
from spp.core.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SHARED_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                            "LOCATION": "page-frame-tests"}}


@override_settings(CACHES=SHARED_CACHE)
def test_a_citizen_s_page_frame_reads_only_the_person_from_the_database(client):
    citizen = EnrolmentFactory(service=service_with_charter(name="Voirie")).user
    client.force_login(citizen)
    client.get("/mentions-legales/")  # the brand enters the cache
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/mentions-legales/").content.decode()
    [person_query] = queries
    assert 'FROM "core_user"' in person_query["sql"]
    assert "a changé" not in page


@override_settings(CACHES=SHARED_CACHE)
def test_a_person_with_a_charter_to_accept_again_gets_the_banner_from_one_more_query(client):
    from spp.catalog.services import charter_publish

    enrolment = EnrolmentFactory(service=service_with_charter(name="Crèche des Lilas"))
    client.force_login(enrolment.user)
    client.get("/mentions-legales/")
    charter_publish(actor=None, service=enrolment.service, title="Charte", body="Nouvelle")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/mentions-legales/").content.decode()
    assert "La charte de « Crèche des Lilas » a changé." in page
    assert len(queries) == 2


@override_settings(CACHES=SHARED_CACHE)
def test_a_brand_changed_outside_the_back_office_shows_on_the_next_page(client):
    authority = OrganisationFactory(name="Commune d'Avant")
    client.force_login(UserFactory())
    assert "Commune d&#x27;Avant" in client.get("/mentions-legales/").content.decode()
    authority.name, authority.primary_colour = "Commune d'Après", "#004d40"
    authority.save()  # as Django's admin does
    page = client.get("/mentions-legales/").content.decode()
    assert "Commune d&#x27;Après" in page and "/marque/004d40-" in page
    authority.delete()
    assert "Commune d&#x27;Après" not in client.get("/mentions-legales/").content.decode()


@override_settings(CACHES=SHARED_CACHE)
def test_an_ended_session_is_gone_from_the_cache_as_from_the_table(client):
    from spp.core.services.erasure import sessions_end

    person = UserFactory()
    client.force_login(person)
    assert client.get("/mon-profil/").status_code == 200
    sessions_end(user=person)
    assert client.get("/mon-profil/").status_code == 302  # to the login page


@override_settings(CACHES=SHARED_CACHE)
def test_a_session_whose_cached_copy_outlived_its_row_ends_within_five_minutes(client,
                                                                               monkeypatch):
    """A sign-out whose cache deletion was lost (Redis failing at that moment) leaves the copy;
    the copy lives CACHED_COPY_SECONDS, not the session's two weeks."""
    import time
    from types import SimpleNamespace

    from django.core.cache.backends import locmem

    from spp.core.models import PersonSession
    from spp.core.sessions import CACHED_COPY_SECONDS

    client.force_login(UserFactory())
    assert client.get("/mon-profil/").status_code == 200
    PersonSession.objects.all().delete()  # the row goes, the cached copy stays
    assert client.get("/mon-profil/").status_code == 200
    later = time.time() + CACHED_COPY_SECONDS + 1
    monkeypatch.setattr(locmem, "time", SimpleNamespace(time=lambda: later))
    assert client.get("/mon-profil/").status_code == 302  # to the login page
