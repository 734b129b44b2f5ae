"""The back office's pages of qualification types: the admins of a public authority (and the
superusers) create them (code made from the name, unique), edit them, deactivate one in use
rather than delete it, delete an unused one; everything is audited; anyone else gets a 404."""

import uuid

import pytest

from spp.catalog.forms import QualificationForm
from spp.catalog.models import QualificationType
from spp.catalog.tests.factories import (
    QualificationFactory,
    QualificationTypeFactory,
    service_with_charter,
)
from spp.core.models import AuditLogEntry, FormToken
from spp.core.tests.factories import MembershipFactory, OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/gestion/types-de-qualification/"
CREATE = LIST + "nouveau/"


@pytest.fixture
def admin():
    return MembershipFactory(role="admin").user


def _create(client, name, token=None, **extra):
    data = {
        "form_token": str(token or uuid.uuid4()),
        "name": name,
        "description": "",
        "evidence_expected": "Attestation de formation",
        "validity_months": "24",
    }
    data.update(extra)
    return client.post(CREATE, data)


def test_an_authority_admin_creates_a_type_whose_code_comes_from_its_name(client, admin):
    client.force_login(admin)
    response = _create(client, "Premiers secours (PSC1)")
    assert response.status_code == 302 and response.url == LIST
    created = QualificationType.objects.get()
    assert created.code == "premiers-secours-psc1" and created.is_active
    assert (created.evidence_expected, created.validity_months) == ("Attestation de formation", 24)
    entry = AuditLogEntry.objects.get(action="qualification_type.create")
    assert entry.actor == admin and entry.data == {"code": "premiers-secours-psc1"}
    assert "Premiers secours (PSC1)" in client.get(LIST).content.decode()


def test_a_second_type_of_the_same_name_gets_another_code(client, admin):
    QualificationTypeFactory(code="psc1", name="PSC1")
    client.force_login(admin)
    _create(client, "PSC1")
    _create(client, "psc1 ")
    assert sorted(QualificationType.objects.values_list("code", flat=True)) == [
        "psc1",
        "psc1-2",
        "psc1-3",
    ]


def test_submitting_the_creation_form_twice_creates_one_type(client, admin):
    client.force_login(admin)
    token = uuid.uuid4()
    _create(client, "Équipier SPV", token=token)
    second = _create(client, "Équipier SPV", token=token)
    assert second.status_code == 302
    assert QualificationType.objects.count() == 1
    assert FormToken.objects.filter(token=token).count() == 1


def test_editing_keeps_the_code_and_records_the_changed_fields(client, admin):
    qtype = QualificationTypeFactory(code="psc1", name="PSC1", validity_months=None)
    client.force_login(admin)
    response = client.post(
        f"{LIST}{qtype.pk}/",
        {
            "name": "Prévention et secours civiques",
            "description": "",
            "evidence_expected": "",
            "validity_months": "36",
        },
    )
    assert response.status_code == 302
    qtype.refresh_from_db()
    assert (qtype.code, qtype.name, qtype.validity_months) == (
        "psc1",
        "Prévention et secours civiques",
        36,
    )
    entry = AuditLogEntry.objects.get(action="qualification_type.update")
    assert entry.data == {"fields": ["name", "validity_months"]}


def test_a_type_in_use_is_deactivated_not_deleted_and_no_longer_offered(client, admin):
    held = QualificationFactory().qualification_type
    client.force_login(admin)
    client.post(f"{LIST}{held.pk}/action/", {"action": "delete"})
    assert QualificationType.objects.filter(pk=held.pk).exists()
    assert not AuditLogEntry.objects.filter(action="qualification_type.delete").exists()
    client.post(f"{LIST}{held.pk}/action/", {"action": "deactivate"})
    held.refresh_from_db()
    assert not held.is_active
    assert held not in QualificationForm().fields["qualification_type"].queryset
    assert AuditLogEntry.objects.filter(action="qualification_type.deactivate").count() == 1
    client.post(f"{LIST}{held.pk}/action/", {"action": "activate"})
    held.refresh_from_db()
    assert held.is_active
    assert AuditLogEntry.objects.filter(action="qualification_type.activate").count() == 1


def test_a_type_a_service_requires_is_not_deleted(client, admin):
    qtype = QualificationTypeFactory()
    service_with_charter().required_qualifications.add(qtype)
    client.force_login(admin)
    response = client.post(f"{LIST}{qtype.pk}/action/", {"action": "delete"}, follow=True)
    assert "désactivez-le" in response.content.decode()
    assert QualificationType.objects.filter(pk=qtype.pk).exists()


def test_an_unused_type_is_deleted_and_audited(client, admin):
    qtype = QualificationTypeFactory(code="obsolete", name="Obsolète")
    client.force_login(admin)
    client.post(f"{LIST}{qtype.pk}/action/", {"action": "delete"})
    assert not QualificationType.objects.filter(pk=qtype.pk).exists()
    entry = AuditLogEntry.objects.get(action="qualification_type.delete")
    assert entry.data == {"code": "obsolete", "name": "Obsolète"}


def test_a_superuser_without_a_role_manages_types(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(LIST).status_code == 200


@pytest.mark.parametrize("role", ["agent", "coordinator"])
def test_agents_and_coordinators_get_a_404(client, role):
    qtype = QualificationTypeFactory()
    client.force_login(MembershipFactory(role=role).user)
    assert client.get(LIST).status_code == 404
    assert client.get(CREATE).status_code == 404
    assert _create(client, "Intrus").status_code == 404
    assert client.post(f"{LIST}{qtype.pk}/action/", {"action": "delete"}).status_code == 404
    assert QualificationType.objects.count() == 1


def test_an_operators_admin_and_a_citizen_get_a_404(client):
    client.force_login(MembershipFactory(organisation=OperatorFactory(), role="admin").user)
    assert client.get(LIST).status_code == 404
    client.force_login(UserFactory())
    assert client.get(LIST).status_code == 404


def test_the_back_office_home_links_the_page_for_an_authority_admin(client, admin):
    client.force_login(admin)
    assert LIST in client.get("/gestion/").content.decode()
    client.force_login(MembershipFactory(role="coordinator").user)
    assert LIST not in client.get("/gestion/").content.decode()
