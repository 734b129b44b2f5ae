"""Anonymous visitors share public pages from the cache; nobody is ever served a page that holds
something of someone else's (a session, a message, a CSRF token)."""

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory, override_settings

from spp.catalog.models import Service
from spp.catalog.tests.factories import ServiceFactory
from spp.core.page_cache import public_page
from spp.core.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def page_cache_on():
    """Sharing on, over a real cache even when the suite runs with DummyCache."""
    cache = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                         "LOCATION": "public-page-tests"}}
    with override_settings(SPP_PUBLIC_PAGE_CACHE_SECONDS=60, CACHES=cache):
        yield


def _rename(service, name):
    Service.objects.filter(pk=service.pk).update(name=name)


def test_anonymous_visitors_share_the_page_rendered_for_the_first_one(client):
    service = ServiceFactory(name="Déneigement des trottoirs")
    assert "Déneigement des trottoirs" in client.get("/").content.decode()
    _rename(service, "Nouveau nom")
    again = client.get("/")
    assert "Déneigement des trottoirs" in again.content.decode()
    assert "private" in again["Cache-Control"] and "Cookie" in again["Vary"]


def test_signed_in_people_always_get_a_fresh_page(client):
    service = ServiceFactory(name="Déneigement des trottoirs")
    client.get("/")
    _rename(service, "Nouveau nom")
    client.force_login(UserFactory())
    assert "Nouveau nom" in client.get("/").content.decode()


def test_a_visitor_with_a_pending_message_gets_a_fresh_page(client):
    service = ServiceFactory(name="Déneigement des trottoirs")
    client.get("/")
    _rename(service, "Nouveau nom")
    client.cookies["messages"] = "anything"
    assert "Nouveau nom" in client.get("/").content.decode()


def test_each_language_has_its_own_shared_page(client):
    ServiceFactory()
    assert 'lang="fr"' in client.get("/").content.decode()
    client.cookies["django_language"] = "en"
    assert 'lang="en"' in client.get("/").content.decode()


def test_a_page_that_holds_a_csrf_token_is_never_shared():
    renders = []

    @public_page
    def form_page(request):
        renders.append(1)
        return HttpResponse(f"<form><input value='{get_token(request)}'></form>")

    form_page(RequestFactory().get("/formulaire/"))
    form_page(RequestFactory().get("/formulaire/"))
    assert len(renders) == 2


def test_the_cache_is_off_when_the_delay_is_zero(client):
    service = ServiceFactory(name="Déneigement des trottoirs")
    with override_settings(SPP_PUBLIC_PAGE_CACHE_SECONDS=0):
        client.get("/")
        _rename(service, "Nouveau nom")
        assert "Nouveau nom" in client.get("/").content.decode()


def test_the_language_switch_needs_no_csrf_token_so_public_pages_hold_none():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        "/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


def test_the_report_map_is_shared_by_anonymous_visitors_and_fresh_for_agents(client):
    from django.urls import reverse

    from spp.reports.tests.factories import VOIRON, CategoryFactory, ReportFactory, agent_of

    category = CategoryFactory()
    ReportFactory(category=category)
    lat, lon = VOIRON
    url = (reverse("reports:map_json", args=[category.service.slug])
           + f"?bbox={lat - 0.01},{lon - 0.01},{lat + 0.01},{lon + 0.01}")
    assert len(client.get(url).json()["reports"]) == 1
    ReportFactory(category=category)
    assert len(client.get(url).json()["reports"]) == 1  # the shared copy, under a minute old
    client.force_login(agent_of(category.service.authority))
    assert len(client.get(url).json()["reports"]) == 2
