"""A qualification type belongs to the organisation that defines it (issue #15, finding 5): only
its members, and those of the organisations it names, record and verify a qualification of that
type; the verification is written in the owner's audit log. The scenario of the finding: an
agent of the Commune de Voiron (road works) verified the SDIS's "Chef d'agrès" for a volunteer
who also reports road damage."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from spp.catalog import services
from spp.catalog.models import Qualification
from spp.catalog.tests.factories import (
    EnrolmentFactory,
    QualificationFactory,
    QualificationTypeFactory,
    service_with_charter,
)
from spp.core.models import AuditLogEntry
from spp.core.tests.factories import MembershipFactory, OperatorFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    """Voiron runs road works (régie) and the crèche (delegated to an association); the SDIS
    runs the firefighters and defines "Chef d'agrès" and PSC1, naming the crèche's association
    for PSC1. One volunteer is enrolled with the firefighters and in road works."""
    voiron = OrganisationFactory(name="Commune de Voiron")
    sdis = OrganisationFactory(name="SDIS de l’Isère")
    association = OperatorFactory(name="Association Les P’tits Loups")
    roads = service_with_charter(authority=voiron, slug="voirie-voiron")
    creche = service_with_charter(authority=voiron, operator=association, slug="creche")
    firefighters = service_with_charter(authority=sdis, slug="spv-voiron")
    chief = QualificationTypeFactory(code="chef-agres", name="Chef d’agrès", owner=sdis)
    psc1 = QualificationTypeFactory(code="psc1", name="PSC1", owner=sdis)
    psc1.verifiers.add(association)
    permit = QualificationTypeFactory(code="permis-b", name="Permis B", owner=voiron)
    volunteer = EnrolmentFactory(service=firefighters).user
    EnrolmentFactory(service=roads, user=volunteer)
    parent = EnrolmentFactory(service=creche).user
    return {
        "voiron": voiron, "sdis": sdis, "association": association, "roads": roads,
        "creche": creche, "firefighters": firefighters, "chief": chief, "psc1": psc1,
        "permit": permit, "volunteer": volunteer, "parent": parent,
        "voiron_agent": MembershipFactory(organisation=voiron, role="agent").user,
        "sdis_agent": MembershipFactory(organisation=sdis, role="agent").user,
        "crèche_coordinator": MembershipFactory(organisation=association, role="coordinator").user,
    }


def _page(service, person):
    return f"/gestion/services/{service.slug}/contributeurs/{person.pk}/qualifications/"


def _post_verified(client, service, person, qualification_type):
    return client.post(_page(service, person), {
        "qualification_type": qualification_type.pk, "obtained_on": "2026-03-01",
        "verify": "on", "evidence_reference": "Diplôme",
    })


def test_a_road_works_agent_cannot_record_the_fire_services_chef_d_agres(client, scene):
    """The finding's own request: refused on the form, nothing recorded, nothing audited."""
    client.force_login(scene["voiron_agent"])
    response = _post_verified(client, scene["roads"], scene["volunteer"], scene["chief"])
    assert response.status_code == 200
    assert "seule l’organisation qui la définit" in response.content.decode()
    assert not Qualification.objects.exists()
    assert not AuditLogEntry.objects.filter(action__startswith="qualification.").exists()


def test_the_services_refuse_a_verification_by_an_organisation_that_does_not_answer_for_it(
    scene,
):
    with pytest.raises(PermissionDenied):
        services.qualification_add(
            actor=scene["voiron_agent"], user=scene["volunteer"],
            qualification_type=scene["chief"], obtained_on=date(2026, 3, 1), verify=True)
    pending = QualificationFactory(
        user=scene["volunteer"], qualification_type=scene["chief"], verified_at=None)
    with pytest.raises(PermissionDenied):
        services.qualification_verify(actor=scene["voiron_agent"], qualification=pending)
    pending.refresh_from_db()
    assert pending.verified_at is None and not Qualification.objects.filter(
        verified_at__isnull=False).exists()


def test_verifying_a_pending_qualification_of_another_organisations_type_is_forbidden(
    client, scene,
):
    pending = QualificationFactory(
        user=scene["volunteer"], qualification_type=scene["chief"], verified_at=None)
    client.force_login(scene["voiron_agent"])
    page = client.get(_page(scene["roads"], scene["volunteer"])).content.decode()
    assert f"/gestion/qualifications/{pending.pk}/verifier/" not in page
    response = client.post(f"/gestion/qualifications/{pending.pk}/verifier/")
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.verified_at is None


def test_the_owning_organisation_verifies_its_type(client, scene):
    client.force_login(scene["sdis_agent"])
    response = _post_verified(client, scene["firefighters"], scene["volunteer"], scene["chief"])
    assert response.status_code == 302
    qualification = Qualification.objects.get()
    assert qualification.verified_by == scene["sdis_agent"] and qualification.is_verified


def test_an_organisation_the_type_names_verifies_it(client, scene):
    """The SDIS names the crèche's association for PSC1: its coordinator verifies a parent's."""
    pending = QualificationFactory(
        user=scene["parent"], qualification_type=scene["psc1"], verified_at=None)
    client.force_login(scene["crèche_coordinator"])
    page = client.get(_page(scene["creche"], scene["parent"])).content.decode()
    assert f"/gestion/qualifications/{pending.pk}/verifier/" in page
    response = client.post(f"/gestion/qualifications/{pending.pk}/verifier/")
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.verified_by == scene["crèche_coordinator"]


def test_withdrawing_the_naming_withdraws_the_right_to_verify(scene):
    sdis_admin = MembershipFactory(organisation=scene["sdis"], role="admin").user
    services.qualification_type_set_verifiers(
        actor=sdis_admin, qualification_type=scene["psc1"], verifiers=[])
    pending = QualificationFactory(
        user=scene["parent"], qualification_type=scene["psc1"], verified_at=None)
    with pytest.raises(PermissionDenied):
        services.qualification_verify(actor=scene["crèche_coordinator"], qualification=pending)


def test_the_verification_is_in_the_owners_audit_log_and_in_the_acting_ones(client, scene):
    pending = QualificationFactory(
        user=scene["parent"], qualification_type=scene["psc1"], verified_at=None)
    services.qualification_verify(actor=scene["crèche_coordinator"], qualification=pending)
    entries = AuditLogEntry.objects.filter(action="qualification.verify")
    assert {e.organisation for e in entries} == {
        scene["sdis"], scene["association"], scene["voiron"]}
    assert {e.actor for e in entries} == {scene["crèche_coordinator"]}
    client.force_login(MembershipFactory(organisation=scene["sdis"], role="admin").user)
    journal = client.get("/gestion/journal/").content.decode()
    assert "Qualification vérifiée" in journal and scene["crèche_coordinator"].email in journal


def test_a_qualification_recorded_verified_is_audited_under_its_owner(scene):
    services.qualification_add(
        actor=scene["sdis_agent"], user=scene["volunteer"], qualification_type=scene["chief"],
        obtained_on=date(2026, 3, 1), verify=True)
    entry = AuditLogEntry.objects.get(action="qualification.add")
    assert entry.organisation == scene["sdis"] and entry.data["verified"] is True


def test_the_form_offers_only_the_types_the_person_may_verify(client, scene):
    client.force_login(scene["voiron_agent"])
    page = client.get(_page(scene["roads"], scene["volunteer"])).content.decode()
    assert f'value="{scene["permit"].pk}"' in page
    assert f'value="{scene["chief"].pk}"' not in page
    assert f'value="{scene["psc1"].pk}"' not in page
    client.force_login(scene["crèche_coordinator"])
    page = client.get(_page(scene["creche"], scene["parent"])).content.decode()
    assert f'value="{scene["psc1"].pk}"' in page and "PSC1 (SDIS de l’Isère)" in page
    assert f'value="{scene["chief"].pk}"' not in page
    assert f'value="{scene["permit"].pk}"' not in page


def test_a_manager_whose_organisation_verifies_nothing_is_told_so(client, scene):
    outsider_operator = OperatorFactory()
    service = service_with_charter(authority=OrganisationFactory(), operator=outsider_operator)
    person = EnrolmentFactory(service=service).user
    client.force_login(MembershipFactory(organisation=outsider_operator, role="agent").user)
    page = client.get(_page(service, person)).content.decode()
    assert "n’est habilitée à en vérifier aucune" in page
    assert 'name="qualification_type"' not in page


def test_nobody_verifies_their_own_qualification(scene):
    EnrolmentFactory(service=scene["firefighters"], user=scene["sdis_agent"])
    own = services.qualification_add(
        actor=scene["sdis_agent"], user=scene["sdis_agent"], qualification_type=scene["chief"],
        obtained_on=date(2026, 3, 1), verify=True)
    assert not own.is_verified
    with pytest.raises(PermissionDenied):
        services.qualification_verify(actor=scene["sdis_agent"], qualification=own)


def test_a_type_without_an_owner_is_verified_by_nobody(scene):
    """Older than owners and required by no service when the migration ran: it waits for a
    superuser to give it one (docs/permissions.md)."""
    orphan = QualificationTypeFactory(owner=None)
    pending = QualificationFactory(
        user=scene["volunteer"], qualification_type=orphan, verified_at=None)
    for actor in (scene["sdis_agent"], scene["voiron_agent"]):
        with pytest.raises(PermissionDenied):
            services.qualification_verify(actor=actor, qualification=pending)


def test_the_migration_gives_each_type_the_authority_of_the_services_requiring_it():
    """``catalog/0010``: the authority with most services requiring the type owns it; the other
    authorities and the operators of those services are named; a type nobody requires stays
    without an owner."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("spp.catalog.migrations.0010_qualification_type_owner")
    commune, sdis, association = OrganisationFactory(), OrganisationFactory(), OperatorFactory()
    shared = QualificationTypeFactory(owner=None)
    unused = QualificationTypeFactory(owner=None)
    service_with_charter(authority=sdis).required_qualifications.add(shared)
    service_with_charter(authority=sdis).required_qualifications.add(shared)
    service_with_charter(authority=commune, operator=association).required_qualifications.add(
        shared)
    migration.assign_owners(apps, None)
    shared.refresh_from_db()
    unused.refresh_from_db()
    assert shared.owner == sdis
    assert set(shared.verifiers.all()) == {commune, association}
    assert unused.owner is None
