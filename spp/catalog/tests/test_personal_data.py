"""The catalog's part of a person's own data: their download holds their enrolments,
qualifications, participations and incidents (through ``CatalogConfig.personal_data_export``,
since core cannot read the catalog), and erasing them unlinks their ledger rows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from spp.catalog import services
from spp.catalog.models import Incident, Participation
from spp.catalog.tests.factories import EnrolmentFactory, QualificationFactory

pytestmark = pytest.mark.django_db


def test_the_download_holds_the_persons_catalog_data_and_no_one_elses(client):
    enrolment = EnrolmentFactory()
    person, service = enrolment.user, enrolment.service
    QualificationFactory(user=person, qualification_type__name="Permis C")
    services.participation_record(user=person, service=service, kind="shift", quantity=3,
                                  unit="hours")
    services.incident_declare(actor=person, service=service, kind=Incident.Kind.OTHER,
                              occurred_at=timezone.now() - timedelta(hours=1), place="Caserne",
                              description="Une porte coincée.")
    someone_else = EnrolmentFactory(service=service).user
    services.participation_record(user=someone_else, service=service, kind="shift",
                                  quantity=5, unit="hours")
    client.force_login(person)

    data = client.get("/mon-profil/mes-donnees.json").json()

    # Core's sections (the profile, the identities linked through FranceConnect or ProConnect),
    # then the catalog's; the other apps add theirs after these.
    assert list(data)[:6] == ["profil", "identites_reliees", "inscriptions", "qualifications",
                              "participations", "incidents"]
    assert "notifications" in data
    assert [row["service"] for row in data["inscriptions"]] == [service.name]
    assert [row["type"] for row in data["qualifications"]] == ["Permis C"]
    assert [(row["nature"], row["nature_code"], row["quantite"])
            for row in data["participations"]] == [
        ("Garde ou permanence effectuée", "shift", "3.00")]
    assert [row["description"] for row in data["incidents"]] == ["Une porte coincée."]


def test_erasing_ones_account_unlinks_ones_ledger_rows_only(client):
    enrolment = EnrolmentFactory()
    person, service = enrolment.user, enrolment.service
    pseudonym = person.pseudonym
    services.participation_record(user=person, service=service, kind="report", quantity=1,
                                  unit="count")
    other = services.participation_record(user=EnrolmentFactory(service=service).user,
                                          service=service, kind="report", quantity=1,
                                          unit="count")
    client.force_login(person)

    client.post("/mon-profil/effacer/", {"confirm": "on"})

    mine = Participation.objects.get(pseudonym=pseudonym)
    assert mine.user is None
    assert Participation.objects.get(pk=other.pk).user_id is not None
