""""Mon engagement" and the API's /me lists are kept under the person's generations
(spp/core/person_pages.py): read again, they cost the frame and no query; after each write
that changes what they show (a service, the admin, a factory), the next read shows it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spp.catalog import services as catalog_services
from spp.catalog.models import Enrolment, Incident
from spp.catalog.tests.factories import (
    EnrolmentFactory,
    QualificationFactory,
    QualificationTypeFactory,
    service_with_charter,
)
from spp.core import generations, person_pages, services
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/mon-engagement/"
API_ENROLMENTS = "/api/v1/catalog/me/enrolments"
API_PARTICIPATIONS = "/api/v1/catalog/me/participations"


@pytest.fixture
def enrolled(client):
    """A person signed in, active in a service whose authority has an agent."""
    agent = MembershipFactory(role="agent").user
    service = service_with_charter(authority=agent.memberships.get().organisation,
                                   name="Veille des Lilas", slug="veille-lilas")
    enrolment = EnrolmentFactory(service=service)
    client.force_login(enrolment.user)
    return enrolment, agent


def _read(client, url: str = PAGE) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _queries_of_a_second_read(client, url: str):
    _read(client, url)
    with CaptureQueriesContext(connection) as captured:
        body = _read(client, url)
    return [query["sql"] for query in captured.captured_queries], body


def _record(enrolment, quantity=3, **extra):
    return services.participation_record(user=enrolment.user, service=enrolment.service,
                                         kind="shift", quantity=quantity, unit="hours", **extra)


# Served from the cache


@pytest.mark.parametrize("url", [PAGE, API_ENROLMENTS, API_PARTICIPATIONS + "?limit=2"])
def test_a_second_read_makes_no_query_beyond_the_frame(client, enrolled, url):
    enrolment, _agent = enrolled
    _record(enrolment)
    QualificationFactory(user=enrolment.user)
    frame, _ = _queries_of_a_second_read(client, "/mon-profil/")  # the trivial signed-in page
    queries, body = _queries_of_a_second_read(client, url)
    assert "veille" in body.lower()
    assert len(queries) == len(frame)
    assert not [sql for sql in queries if "catalog_" in sql or "core_participation" in sql]


def test_each_ledger_page_and_api_page_is_kept_apart(client, enrolled):
    enrolment, _agent = enrolled
    now = timezone.now()
    for hours in range(1, 28):
        _record(enrolment, quantity=hours, occurred_at=now - timedelta(hours=hours))
    assert "27 heures" not in _read(client) and "27 heures" in _read(client, PAGE + "?page=2")
    assert "27 heures" not in _read(client)  # page 1 again, from the cache
    first = _read(client, API_PARTICIPATIONS + "?limit=1")
    assert first != _read(client, API_PARTICIPATIONS + "?limit=1&offset=1")
    assert _read(client, API_PARTICIPATIONS + "?limit=1") == first


def test_each_language_has_its_own_copy(client, enrolled):
    assert "Mes inscriptions" in _read(client)
    client.cookies["django_language"] = "en"
    page = _read(client)
    assert "My enrolments" in page and "Mes inscriptions" not in page


# Each write that changes what the pages show


def test_a_new_ledger_row_shows_at_once_on_the_page_and_the_api(client, enrolled):
    enrolment, _agent = enrolled
    assert "Garde ou permanence" not in _read(client)
    assert _read(client, API_PARTICIPATIONS) == "[]"
    _record(enrolment)
    assert "Garde ou permanence" in _read(client)
    assert '"kind": "shift"' in _read(client, API_PARTICIPATIONS)


def test_a_correction_of_a_ledger_row_shows_at_once(client, enrolled):
    enrolment, agent = enrolled
    original = _record(enrolment)
    assert "Correction" not in _read(client)
    services.participation_correct(actor=agent, original=original, reason="Garde annulée")
    assert "Garde annulée" in _read(client)


def test_a_new_enrolment_shows_at_once_on_the_page_and_the_api(client, enrolled):
    enrolment, _agent = enrolled
    other = service_with_charter(name="Crèche des Tilleuls", slug="creche-tilleuls")
    assert "Crèche des Tilleuls" not in _read(client)
    assert "creche-tilleuls" not in _read(client, API_ENROLMENTS)
    catalog_services.enrolment_create(actor=enrolment.user, service=other, charter_version=1,
                                      accept_charter=True)
    assert "Crèche des Tilleuls" in _read(client)
    assert "creche-tilleuls" in _read(client, API_ENROLMENTS)


def test_an_enrolment_approved_by_an_agent_shows_at_once(client, enrolled):
    _enrolment, agent = enrolled
    pending = EnrolmentFactory(user=_enrolment.user, status=Enrolment.Status.PENDING,
                               service=service_with_charter(
                                   authority=agent.memberships.get().organisation))
    assert "En attente de validation" in _read(client)
    assert '"status": "pending"' in _read(client, API_ENROLMENTS)
    catalog_services.enrolment_transition(actor=agent, enrolment=pending, action="approve")
    assert "En attente de validation" not in _read(client)
    assert '"status": "pending"' not in _read(client, API_ENROLMENTS)


def test_a_qualification_added_then_verified_shows_at_once(client, enrolled):
    enrolment, agent = enrolled
    kind = QualificationTypeFactory(name="Secourisme PSC1")
    assert "Secourisme PSC1" not in _read(client)
    qualification = catalog_services.qualification_add(
        actor=enrolment.user, user=enrolment.user, qualification_type=kind,
        obtained_on=timezone.localdate())
    assert "Secourisme PSC1" in _read(client) and "à vérifier" in _read(client)
    catalog_services.qualification_verify(actor=agent, qualification=qualification)
    assert "à vérifier" not in _read(client)


def test_a_qualification_deleted_in_the_admin_disappears_at_once(client, enrolled):
    qualification = QualificationFactory(user=enrolled[0].user,
                                         qualification_type__name="Permis C")
    assert "Permis C" in _read(client)
    qualification.delete()
    assert "Permis C" not in _read(client)


def test_an_incident_declared_then_followed_up_shows_at_once(client, enrolled):
    enrolment, agent = enrolled
    assert "Aucun incident déclaré" in _read(client)
    incident = catalog_services.incident_declare(
        actor=enrolment.user, service=enrolment.service, kind=Incident.Kind.PROPERTY_DAMAGE,
        occurred_at=timezone.now() - timedelta(hours=1), place="Caserne",
        description="Une vitre brisée.")
    assert "Dommage matériel" in _read(client) and "Déclaré" in _read(client)
    catalog_services.incident_transition(actor=agent, incident=incident,
                                         action="acknowledge", note="Vu.")
    assert "Pris en compte" in _read(client)


# Data the rows show that others own


def test_a_service_renamed_shows_at_once_on_every_row_and_the_api(client, enrolled):
    enrolment, _agent = enrolled
    _record(enrolment)
    assert "Veille des Lilas" in _read(client)
    assert "veille-lilas" in _read(client, API_PARTICIPATIONS)
    service = enrolment.service
    service.name, service.slug = "Veille des Glycines", "veille-glycines"
    service.save()  # the admin
    page = _read(client)
    assert "Veille des Lilas" not in page and page.count("Veille des Glycines") >= 2
    assert "veille-glycines" in _read(client, API_PARTICIPATIONS)
    assert "veille-glycines" in _read(client, API_ENROLMENTS)


def test_a_qualification_type_renamed_shows_at_once(client, enrolled):
    QualificationFactory(user=enrolled[0].user, qualification_type__name="Permis C")
    assert "Permis C" in _read(client)
    kind = enrolled[0].user.qualifications.get().qualification_type
    kind.name = "Permis poids lourd"
    kind.save()  # the admin
    assert "Permis poids lourd" in _read(client)


def test_a_charter_version_corrected_in_the_admin_shows_at_once(client, enrolled):
    enrolment, _agent = enrolled
    assert "v1, " in _read(client) and '"charter_version": 1' in _read(client, API_ENROLMENTS)
    charter = enrolment.accepted_charter
    charter.version = 7
    charter.save()
    assert "v7, " in _read(client) and '"charter_version": 7' in _read(client, API_ENROLMENTS)


def test_a_qualification_expiring_shows_expired_the_next_day(client, enrolled, monkeypatch):
    today = timezone.localdate()
    QualificationFactory(user=enrolled[0].user, expires_on=today)
    assert "expirée" not in _read(client)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + timedelta(days=1))
    assert "expirée" in _read(client)


# Writes without a signal


def test_erasing_the_account_moves_the_engagement_generation():
    """``user_erase`` detaches the ledger with ``update()``: it advances the scope itself."""
    person = UserFactory()
    scope = person_pages.engagement_scope(person.pk)
    before = generations.current(scope)
    services.user_erase(user=person)
    assert generations.current(scope) != before


def test_someone_elses_rows_leave_my_pages_kept(client, enrolled):
    enrolment, _agent = enrolled
    scope = person_pages.engagement_scope(enrolment.user_id)
    before = generations.current(scope)
    EnrolmentFactory(service=enrolment.service)
    assert generations.current(scope) == before


def test_a_second_read_costs_one_cache_round_trip_beyond_the_frame(client, enrolled,
                                                                   monkeypatch):
    frame = _cache_calls_of_a_second_read(client, "/mon-profil/", monkeypatch)
    page = _cache_calls_of_a_second_read(client, PAGE, monkeypatch)
    # The kept page's frame (spp/core/page_frame.py) reads the brand less often than a
    # rendered page's: at most one call more, and it is the content's round trip.
    assert len(page) <= len(frame) + 1 and page.count("get_many") == frame.count("get_many") + 1


@pytest.mark.parametrize("url", [API_ENROLMENTS, API_PARTICIPATIONS])
def test_a_second_api_read_costs_the_person_and_one_cache_round_trip(client, enrolled,
                                                                    monkeypatch, url):
    """One read for the session and the person (spp/core/sessions.py), one for the answer."""
    assert _cache_calls_of_a_second_read(client, url, monkeypatch) == ["get_many", "get_many"]


def _cache_calls_of_a_second_read(client, url: str, monkeypatch) -> list[str]:
    """The cache calls (each one round trip to Redis) of reading ``url`` again; a call that
    the backend makes from another (LocMem's get_many calls get) is not counted."""
    from django.core.cache import caches

    backend, calls, depth = caches["default"], [], [0]
    _read(client, url)

    def counted(name, original):
        def call(*args, **kwargs):
            if not depth[0]:
                calls.append(name)
            depth[0] += 1
            try:
                return original(*args, **kwargs)
            finally:
                depth[0] -= 1
        return call

    for name in ("get", "get_many", "set", "set_many", "add", "incr", "delete", "delete_many"):
        monkeypatch.setattr(backend, name, counted(name, getattr(backend, name)))
    _read(client, url)
    monkeypatch.undo()
    return calls
