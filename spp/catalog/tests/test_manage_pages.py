"""The catalog's back-office lists served from the cache (spp/catalog/manage_pages.py): read
again, they run no query beyond the page's frame; what is personal (the CSRF token) is each
request's own; the access check still runs; and the copy follows the variant it was made for
(language, day)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spp.catalog.models import Enrolment
from spp.catalog.tests.factories import (
    EnrolmentFactory,
    QualificationFactory,
    QualificationTypeFactory,
    service_with_charter,
)
from spp.core.page_cache import CSRF_SLOT
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = {"enrolments": "inscriptions", "contributors": "contributeurs"}


@pytest.fixture
def managed(client):
    """A service with a pending and an active enrolment (qualified), its agent signed in."""
    agent = MembershipFactory(role="agent").user
    service = service_with_charter(authority=agent.memberships.get().organisation)
    EnrolmentFactory(service=service, status=Enrolment.Status.PENDING,
                     user=UserFactory(first_name="Léa", last_name="Martin"))
    active = EnrolmentFactory(service=service, user=UserFactory(first_name="Noé", last_name="Roux"))
    QualificationFactory(user=active.user, qualification_type=QualificationTypeFactory(name="PSC1"))
    client.force_login(agent)
    return service, agent


def _url(service, kind: str) -> str:
    return f"/gestion/services/{service.slug}/{PAGES[kind]}/"


def _queries(client, url: str):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in context.captured_queries]


def _inside(page: str) -> str:
    """The page's content, without the tokens that differ from one request to the next."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page.split("<h1>", 1)[1])


@pytest.mark.parametrize("kind", PAGES)
def test_a_list_read_again_runs_no_query_beyond_the_frame(client, managed, kind):
    service, _agent = managed
    client.get("/accessibilite/")
    _page, frame = _queries(client, "/accessibilite/")  # a trivial signed-in page
    first, computed = _queries(client, _url(service, kind))
    again, served = _queries(client, _url(service, kind))
    assert any("catalog_enrolment" in sql for sql in computed)
    assert len(served) == len(frame)
    assert not [sql for sql in served if "catalog_" in sql]
    assert _inside(again) == _inside(first) and "Noé Roux" in again


def test_a_copy_shared_by_two_managers_holds_each_ones_csrf_token(client, managed):
    """The approval form of a copy made for one agent works for a colleague with the same
    roles: the token is filled per request, and the form sends them back to the list."""
    service, _agent = managed
    url = _url(service, "enrolments")
    client.get(url)
    colleague = Client(enforce_csrf_checks=True)
    colleague.force_login(MembershipFactory(organisation=service.authority, role="agent").user)
    page = colleague.get(url + "?status=pending").content.decode()
    assert CSRF_SLOT not in page and "&lt;spp-csrf-token&gt;" not in page
    form = re.search(r'<form method="post" action="([^"]+)"><input type="hidden" '
                     r'name="csrfmiddlewaretoken" value="([^"]+)"><input type="hidden" '
                     r'name="next" value="([^"]+)">', page)
    action, token, back = form.groups()
    assert back == url + "?status=pending"
    response = colleague.post(action, {"csrfmiddlewaretoken": token, "next": back,
                                       "action": "approve"})
    assert response.status_code == 302 and response["Location"] == back
    assert not Enrolment.objects.filter(service=service, status="pending").exists()


@pytest.mark.parametrize("kind", PAGES)
def test_a_cached_list_is_refused_to_outsiders_and_to_a_manager_who_left(client, managed, kind):
    service, agent = managed
    url = _url(service, kind)
    assert client.get(url).status_code == 200
    outsider = Client()
    outsider.force_login(UserFactory())
    assert outsider.get(url).status_code == 404
    other_admin = Client()
    other_admin.force_login(MembershipFactory(role="admin").user)
    assert other_admin.get(url).status_code == 404
    agent.memberships.all().delete()
    assert client.get(url).status_code == 404


def test_an_unknown_service_is_not_found(client, managed):
    assert client.get("/gestion/services/nulle-part/inscriptions/").status_code == 404


def test_each_language_has_its_own_copy(client, managed):
    service, _agent = managed
    url = _url(service, "enrolments")
    assert "<h1>Inscriptions — " in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    assert "<h1>Enrolments — " in client.get(url).content.decode()


def test_a_qualification_is_shown_expired_from_the_day_after_it_expires(client, managed):
    """Nothing is written when a day passes: the day is part of the contributors' key."""
    from freezegun import freeze_time

    service, _agent = managed
    person = EnrolmentFactory(service=service).user
    QualificationFactory(user=person, qualification_type=QualificationTypeFactory(name="SST"),
                         expires_on=timezone.localdate())
    url = _url(service, "contributors")
    assert "SST — expirée" not in client.get(url).content.decode()
    with freeze_time(timezone.now() + timedelta(days=1)):
        assert "SST — expirée" in client.get(url).content.decode()


def test_a_filtered_page_and_the_next_page_are_kept_apart(client, managed):
    service, _agent = managed
    url = _url(service, "enrolments")
    assert "Léa Martin" in client.get(url).content.decode()
    assert "Léa Martin" not in client.get(url + "?status=active").content.decode()
    assert "Léa Martin" in client.get(url + "?q=Martin").content.decode()
    assert "Noé Roux" not in client.get(url + "?q=Martin").content.decode()
