"""Every write that changes what the catalog's back-office lists show (a service's enrolments,
its contributors) is shown on the next read, whoever made it: the services, the admin, a bulk
seed. Each test reads the page before the write too, so that a copy kept anywhere would show."""

from datetime import date

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from spp.catalog import services
from spp.catalog.models import Enrolment, Qualification
from spp.catalog.tests.factories import (
    EnrolmentFactory,
    QualificationFactory,
    QualificationTypeFactory,
    service_with_charter,
)
from spp.core.services import user_update_profile
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PENDING_BADGE = 'badge--warning">En attente de validation</span>'


@pytest.fixture
def managed(client):
    """A published service, its agent signed in."""
    agent = MembershipFactory(role="agent").user
    service = service_with_charter(authority=agent.memberships.get().organisation,
                                   is_published=True)
    client.force_login(agent)
    return service, agent


def _enrolments(client, service, query="") -> str:
    response = client.get(f"/gestion/services/{service.slug}/inscriptions/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _contributors(client, service) -> str:
    response = client.get(f"/gestion/services/{service.slug}/contributeurs/")
    assert response.status_code == 200
    return response.content.decode()


def _model_admin(model):
    return admin.site._registry[model], RequestFactory().post("/")


def test_a_new_enrolment_is_listed_at_once(client, managed):
    service, _agent = managed
    citizen = UserFactory(first_name="Léa", last_name="Martin")
    assert "Léa Martin" not in _enrolments(client, service)
    services.enrolment_create(actor=citizen, service=service, charter_version=1,
                              accept_charter=True)
    page = _enrolments(client, service)
    assert "Léa Martin" in page and PENDING_BADGE in page


def test_an_approval_shows_at_once_on_both_lists(client, managed):
    service, agent = managed
    enrolment = EnrolmentFactory(service=service, status=Enrolment.Status.PENDING,
                                 user=UserFactory(first_name="Léa", last_name="Martin"))
    assert PENDING_BADGE in _enrolments(client, service)
    assert "Léa Martin" not in _contributors(client, service)
    services.enrolment_transition(actor=agent, enrolment=enrolment, action="approve")
    page = _enrolments(client, service)
    assert PENDING_BADGE not in page and 'badge--success">Active</span>' in page
    assert "Léa Martin" in _contributors(client, service)


def test_an_enrolment_deleted_in_the_admin_leaves_both_lists(client, managed):
    service, _agent = managed
    enrolment = EnrolmentFactory(service=service, user=UserFactory(first_name="Léa"))
    assert "Léa" in _enrolments(client, service) and "Léa" in _contributors(client, service)
    model_admin, request = _model_admin(Enrolment)
    model_admin.delete_model(request, enrolment)
    assert "Léa" not in _enrolments(client, service)
    assert "Léa" not in _contributors(client, service)


def test_a_qualification_recorded_by_an_agent_shows_at_once(client, managed):
    service, agent = managed
    person = EnrolmentFactory(service=service).user
    kind = QualificationTypeFactory(name="PSC1", owner=service.authority)
    assert "PSC1" not in _contributors(client, service)
    services.qualification_add(actor=agent, user=person, obtained_on=date(2026, 1, 5),
                               qualification_type=kind)
    assert "PSC1 — à vérifier" in _contributors(client, service)


def test_a_qualification_verified_shows_at_once_in_each_service_of_the_person(client, managed):
    service, agent = managed
    other = service_with_charter(authority=service.authority)
    person = EnrolmentFactory(service=service).user
    EnrolmentFactory(service=other, user=person)
    qualification = QualificationFactory(user=person, verified_at=None,
                                         qualification_type=QualificationTypeFactory(
                                             name="PSC1", owner=service.authority))
    assert "PSC1 — à vérifier" in _contributors(client, service)
    assert "PSC1 — à vérifier" in _contributors(client, other)
    services.qualification_verify(actor=agent, qualification=qualification)
    assert "PSC1 — à vérifier" not in _contributors(client, service)
    assert "PSC1 — à vérifier" not in _contributors(client, other)


def test_a_qualification_deleted_in_the_admin_leaves_the_contributors_list(client, managed):
    service, _agent = managed
    person = EnrolmentFactory(service=service).user
    qualification = QualificationFactory(
        user=person, qualification_type=QualificationTypeFactory(name="PSC1"))
    assert "PSC1" in _contributors(client, service)
    model_admin, request = _model_admin(Qualification)
    model_admin.delete_model(request, qualification)
    assert "PSC1" not in _contributors(client, service)


def test_a_renamed_qualification_type_shows_at_once(client, managed):
    service, _agent = managed
    kind = QualificationTypeFactory(name="PSC1")
    QualificationFactory(user=EnrolmentFactory(service=service).user, qualification_type=kind)
    assert "PSC1" in _contributors(client, service)
    kind.name = "Premiers secours civiques"
    kind.save()
    assert "Premiers secours civiques" in _contributors(client, service)


def test_a_persons_new_name_shows_at_once_on_both_lists(client, managed):
    service, _agent = managed
    person = EnrolmentFactory(service=service, user=UserFactory(first_name="Léa")).user
    assert "Léa" in _enrolments(client, service) and "Léa" in _contributors(client, service)
    user_update_profile(user=person, first_name="Louise", last_name="Martin", phone="",
                        preferred_language="fr", email_notifications=True)
    assert "Louise Martin" in _enrolments(client, service)
    assert "Louise Martin" in _contributors(client, service)
    assert "Louise Martin" in _enrolments(client, service, "?q=Louise")


def test_a_persons_new_email_shows_at_once(client, managed):
    service, _agent = managed
    person = EnrolmentFactory(service=service, user=UserFactory(email="lea@exemple.fr")).user
    assert "lea@exemple.fr" in _enrolments(client, service)
    person.email = "louise@exemple.fr"
    person.save()
    assert "louise@exemple.fr" in _enrolments(client, service)


def test_a_renamed_service_shows_at_once(client, managed):
    service, _agent = managed
    assert service.name in _enrolments(client, service)
    assert service.name in _contributors(client, service)
    service.name = "Crèche des Pitchouns"
    service.save()
    assert "<h1>Inscriptions — Crèche des Pitchouns</h1>" in _enrolments(client, service)
    assert "Contributeurs actifs — Crèche des Pitchouns" in _contributors(client, service)


def test_a_service_handed_to_another_authority_is_refused_to_its_former_agents(client, managed):
    service, _agent = managed
    assert client.get(f"/gestion/services/{service.slug}/inscriptions/").status_code == 200
    service.authority = MembershipFactory(role="admin").organisation
    service.save()
    assert client.get(f"/gestion/services/{service.slug}/inscriptions/").status_code == 404


def test_a_charter_version_edited_in_the_admin_shows_at_once(client, managed):
    service, _agent = managed
    EnrolmentFactory(service=service)
    assert '<td data-label="Charte">v1</td>' in _enrolments(client, service)
    charter = service.charters.get()
    charter.version = 7
    model_admin, request = _model_admin(type(charter))
    model_admin.save_model(request, charter, form=None, change=True)
    assert '<td data-label="Charte">v7</td>' in _enrolments(client, service)


def test_a_renamed_authority_shows_at_once_on_the_contributors_list(client, managed):
    service, _agent = managed
    assert service.authority.name in _contributors(client, service)
    service.authority.name = "Commune renommée"
    service.authority.save()
    assert "Commune renommée" in _contributors(client, service)


def test_enrolments_written_in_bulk_by_the_scale_seed_show_at_once(client, managed):
    import random

    from spp.ops import scale_core

    service, _agent = managed
    person = UserFactory(first_name="Léa", last_name="Massive")
    assert "Léa Massive" not in _enrolments(client, service)
    scale_core.generate_enrolments(user_ids=[person.pk], rng=random.Random(1), log=lambda _: None)
    assert "Léa Massive" in _enrolments(client, service)


def test_a_person_deleted_leaves_both_lists(client, managed):
    service, _agent = managed
    person = EnrolmentFactory(service=service, user=UserFactory(first_name="Léa")).user
    assert "Léa" in _enrolments(client, service) and "Léa" in _contributors(client, service)
    get_user_model().objects.filter(pk=person.pk).first().delete()
    assert "Léa" not in _enrolments(client, service)
    assert "Léa" not in _contributors(client, service)


def test_an_enrolment_moved_to_another_service_in_the_admin_leaves_the_first_list(client,
                                                                                  managed):
    service, _agent = managed
    other = service_with_charter(authority=service.authority)
    enrolment = EnrolmentFactory(service=service, user=UserFactory(first_name="Léa"))
    assert "Léa" in _enrolments(client, service) and "Léa" not in _enrolments(client, other)
    enrolment.service, enrolment.accepted_charter = other, other.charters.get()
    model_admin, request = _model_admin(Enrolment)
    model_admin.save_model(request, enrolment, form=None, change=True)
    assert "Léa" not in _enrolments(client, service) and "Léa" in _enrolments(client, other)


def test_a_qualification_given_to_another_person_in_the_admin_leaves_the_first(client,
                                                                              managed):
    service, _agent = managed
    other = service_with_charter(authority=service.authority)
    first = EnrolmentFactory(service=service).user
    qualification = QualificationFactory(
        user=first, qualification_type=QualificationTypeFactory(name="PSC1"))
    assert "PSC1" in _contributors(client, service)
    qualification.user = EnrolmentFactory(service=other).user
    model_admin, request = _model_admin(Qualification)
    model_admin.save_model(request, qualification, form=None, change=True)
    assert "PSC1" not in _contributors(client, service)
    assert "PSC1" in _contributors(client, other)
