"""The demo's qualification types each have the organisation that defines them, every verified
qualification was verified by a member of it (or of one it names), and the finding of issue #15
replayed on the demo is refused: ``agent@spp.demo`` (Voiron, road works) cannot record a
verified "Chef d'agrès" for an SDIS volunteer."""

import io

import pytest
from django.core.management import call_command

from spp.catalog.models import Enrolment, Qualification, QualificationType
from spp.core.models import AuditLogEntry, Membership, User

pytestmark = pytest.mark.django_db


def test_the_demos_types_have_owners_and_the_finding_is_refused(client):
    call_command("seed_demo", stdout=io.StringIO())
    owners = dict(QualificationType.objects.values_list("code", "owner__slug"))
    assert None not in owners.values()
    sdis = QualificationType.objects.get(code="chef-agres").owner
    assert all(owners[code] == sdis.slug for code in ("spv-fi", "equipier", "conducteur-vsav"))
    members = set(Membership.objects.values_list("user_id", "organisation_id"))
    for qualification in Qualification.objects.filter(verified_by__isnull=False).select_related(
        "qualification_type"
    ):
        qtype = qualification.qualification_type
        allowed = {qtype.owner_id, *qtype.verifiers.values_list("pk", flat=True)}
        assert any((qualification.verified_by_id, org) in members for org in allowed), qtype.code

    volunteer = (
        Enrolment.objects.filter(service__slug="spv-voiron")
        .filter(user__enrolments__service__slug="voirie-voiron")
        .values_list("user_id", flat=True)
        .first()
    )
    assert volunteer is not None
    chief = QualificationType.objects.get(code="chef-agres")
    before = (Qualification.objects.count(), AuditLogEntry.objects.count())
    client.force_login(User.objects.get(email="agent@spp.demo"))
    url = f"/gestion/services/voirie-voiron/contributeurs/{volunteer}/qualifications/"
    page = client.get(url).content.decode()
    assert f'value="{chief.pk}"' not in page
    response = client.post(url, {"qualification_type": chief.pk, "obtained_on": "2026-03-01",
                                 "verify": "on", "evidence_reference": "Diplôme"})
    assert response.status_code == 200
    assert (Qualification.objects.count(), AuditLogEntry.objects.count()) == before
