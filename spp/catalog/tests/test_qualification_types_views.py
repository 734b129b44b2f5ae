"""The back office's pages of qualification types: each organisation's admins (and the
superusers) create their organisation's types (code made from the name, unique), edit them and
name the organisations also verifying them, deactivate one in use rather than delete it, delete
an unused one; everything is audited under the owner; anyone else gets a 404."""

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
from spp.core.tests.factories import (
    MembershipFactory,
    OperatorFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/gestion/types-de-qualification/"
CREATE = LIST + "nouveau/"


@pytest.fixture
def admin():
    return MembershipFactory(role="admin").user


@pytest.fixture
def own(admin):
    """The organisation ``admin`` administers: the owner of the types in these tests."""
    return admin.memberships.get().organisation


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


def test_an_admin_creates_a_type_of_their_organisation_whose_code_comes_from_its_name(
    client, admin, own,
):
    client.force_login(admin)
    response = _create(client, "Premiers secours (PSC1)", owner=own.pk)
    assert response.status_code == 302 and response.url == LIST
    created = QualificationType.objects.get()
    assert created.code == "premiers-secours-psc1" and created.is_active
    assert created.owner == own
    assert (created.evidence_expected, created.validity_months) == ("Attestation de formation", 24)
    entry = AuditLogEntry.objects.get(action="qualification_type.create")
    assert entry.actor == admin and entry.organisation == own
    assert entry.data == {"code": "premiers-secours-psc1", "verifiers": []}
    assert "Premiers secours (PSC1)" in client.get(LIST).content.decode()


def test_a_type_is_created_only_for_an_organisation_one_administers(client, admin):
    other = OrganisationFactory()
    client.force_login(admin)
    response = _create(client, "Chef d’agrès", owner=other.pk)
    assert response.status_code == 200 and "owner" in response.context["form"].errors
    assert _create(client, "Chef d’agrès").status_code == 200
    assert not QualificationType.objects.exists()


def test_an_admin_sees_and_manages_only_their_organisations_types(client, admin, own):
    mine = QualificationTypeFactory(name="Permis B", owner=own)
    theirs = QualificationTypeFactory(name="Chef d’agrès SDIS", owner=OrganisationFactory())
    client.force_login(admin)
    page = client.get(LIST).content.decode()
    assert mine.name in page and theirs.name not in page
    assert client.get(f"{LIST}{theirs.pk}/").status_code == 404
    assert client.post(f"{LIST}{theirs.pk}/action/", {"action": "delete"}).status_code == 404
    assert QualificationType.objects.filter(pk=theirs.pk).exists()


def test_an_admin_names_the_organisations_also_verifying_a_type(client, admin, own):
    qtype = QualificationTypeFactory(code="psc1", name="PSC1", owner=own)
    association = OperatorFactory(name="Association des parents")
    client.force_login(admin)
    response = client.post(f"{LIST}{qtype.pk}/", {
        "name": "PSC1", "description": "", "evidence_expected": "", "validity_months": "",
        "verifiers": [association.pk],
    })
    assert response.status_code == 302
    assert list(qtype.verifiers.all()) == [association]
    entry = AuditLogEntry.objects.get(action="qualification_type.verifiers")
    assert entry.organisation == own and entry.data == {"added": [association.pk], "removed": []}
    assert "Association des parents" in client.get(LIST).content.decode()


def test_a_second_type_of_the_same_name_gets_another_code(client, admin, own):
    QualificationTypeFactory(code="psc1", name="PSC1", owner=OrganisationFactory())
    client.force_login(admin)
    _create(client, "PSC1", owner=own.pk)
    _create(client, "psc1 ", owner=own.pk)
    assert sorted(QualificationType.objects.values_list("code", flat=True)) == [
        "psc1",
        "psc1-2",
        "psc1-3",
    ]


def test_submitting_the_creation_form_twice_creates_one_type(client, admin, own):
    client.force_login(admin)
    token = uuid.uuid4()
    _create(client, "Équipier SPV", token=token, owner=own.pk)
    second = _create(client, "Équipier SPV", token=token, owner=own.pk)
    assert second.status_code == 302
    assert QualificationType.objects.count() == 1
    assert FormToken.objects.filter(token=token).count() == 1


def test_editing_keeps_the_code_and_records_the_changed_fields(client, admin, own):
    qtype = QualificationTypeFactory(code="psc1", name="PSC1", validity_months=None, owner=own)
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


def test_a_type_in_use_is_deactivated_not_deleted_and_no_longer_offered(client, admin, own):
    held = QualificationFactory(qualification_type__owner=own).qualification_type
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


def test_a_type_a_service_requires_is_not_deleted(client, admin, own):
    qtype = QualificationTypeFactory(owner=own)
    service_with_charter().required_qualifications.add(qtype)
    client.force_login(admin)
    response = client.post(f"{LIST}{qtype.pk}/action/", {"action": "delete"}, follow=True)
    assert "désactivez-le" in response.content.decode()
    assert QualificationType.objects.filter(pk=qtype.pk).exists()


def test_an_unused_type_is_deleted_and_audited(client, admin, own):
    qtype = QualificationTypeFactory(code="obsolete", name="Obsolète", owner=own)
    client.force_login(admin)
    client.post(f"{LIST}{qtype.pk}/action/", {"action": "delete"})
    assert not QualificationType.objects.filter(pk=qtype.pk).exists()
    entry = AuditLogEntry.objects.get(action="qualification_type.delete")
    assert entry.data == {"code": "obsolete", "name": "Obsolète"} and entry.organisation == own


def test_a_superuser_without_a_role_sees_every_type_even_one_without_an_owner(client):
    orphan = QualificationTypeFactory(name="Type hérité", owner=None)
    QualificationTypeFactory(name="Type de l’autorité", owner=OrganisationFactory())
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(LIST).content.decode()
    assert "Type hérité" in page and "aucune (à attribuer)" in page
    assert "Type de l’autorité" in page
    assert client.get(f"{LIST}{orphan.pk}/").status_code == 200


@pytest.mark.parametrize("role", ["agent", "coordinator"])
def test_agents_and_coordinators_get_a_404(client, role):
    member = MembershipFactory(role=role)
    qtype = QualificationTypeFactory(owner=member.organisation)
    client.force_login(member.user)
    assert client.get(LIST).status_code == 404
    assert client.get(CREATE).status_code == 404
    assert _create(client, "Intrus").status_code == 404
    assert client.post(f"{LIST}{qtype.pk}/action/", {"action": "delete"}).status_code == 404
    assert QualificationType.objects.count() == 1


def test_an_operators_admin_manages_the_operators_own_types(client):
    """An association may define a qualification (its own training certificate) as well."""
    membership = MembershipFactory(organisation=OperatorFactory(), role="admin")
    client.force_login(membership.user)
    assert client.get(LIST).status_code == 200
    _create(client, "Formation des parents", owner=membership.organisation.pk)
    assert QualificationType.objects.get().owner == membership.organisation


def test_a_citizen_gets_a_404(client):
    client.force_login(UserFactory())
    assert client.get(LIST).status_code == 404


def test_the_back_office_home_links_the_page_for_an_authority_admin(client, admin):
    client.force_login(admin)
    assert LIST in client.get("/gestion/").content.decode()
    client.force_login(MembershipFactory(role="coordinator").user)
    assert LIST not in client.get("/gestion/").content.decode()
