""""Mon engagement" and the API's /me lists show, after each write that changes them (a
service, the admin, a factory), what the database holds."""

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
from spp.core.tests.factories import MembershipFactory

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
    return catalog_services.participation_record(
        user=enrolment.user, service=enrolment.service, kind="shift", quantity=quantity,
        unit="hours", **extra)


# Served from the cache


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
    catalog_services.participation_correct(actor=agent, original=original, reason="Garde annulée")
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
    kind = QualificationTypeFactory(name="Secourisme PSC1",
                                    owner=enrolment.service.authority)
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
