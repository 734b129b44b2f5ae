"""The qualifications a service requires are shown before enrolling — on the service page, on
the enrolment form and on a pending request — with the proof expected, the fact that an agent
checks it, and where the signed-in person stands."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from spp.catalog import services
from spp.catalog.tests.factories import (
    QualificationFactory,
    QualificationTypeFactory,
    service_with_charter,
)
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

AGENT_CHECKS = "Il le vérifie et enregistre la qualification avant de valider votre inscription"


def _firefighters():
    service = service_with_charter()
    service.required_qualifications.add(
        QualificationTypeFactory(
            code="spv-fi",
            name="Formation initiale de sapeur-pompier volontaire",
            description="Tronc commun des SPV.",
            evidence_expected="L’attestation de fin de formation délivrée par le SDIS.",
        )
    )
    return service


def test_a_visitor_reads_which_qualification_the_proof_expected_and_that_an_agent_checks_it(
    client,
):
    service = _firefighters()
    page = client.get(service.get_absolute_url()).content.decode()
    assert "Qualifications requises" in page
    assert "Formation initiale de sapeur-pompier volontaire" in page
    assert "Tronc commun des SPV." in page
    assert "L’attestation de fin de formation délivrée par le SDIS." in page
    assert AGENT_CHECKS in page
    assert "Pour vous :" not in page


def test_without_a_stated_proof_the_page_says_what_proof_is_generally_expected(client):
    service = service_with_charter()
    service.required_qualifications.add(QualificationTypeFactory(name="PSC1"))
    page = client.get(service.get_absolute_url()).content.decode()
    assert "le diplôme, l’attestation ou la carte qui la prouve" in page


def test_a_service_requiring_nothing_shows_no_qualification_section(client):
    page = client.get(service_with_charter().get_absolute_url()).content.decode()
    assert "Qualifications requises" not in page


def test_an_active_on_acceptance_service_says_the_proof_is_checked_before_acting(client):
    service = _firefighters()
    service.requires_approval = False
    service.save(update_fields=["requires_approval"])
    page = client.get(service.get_absolute_url()).content.decode()
    assert "après qu’un agent du service a vérifié votre justificatif" in page
    assert AGENT_CHECKS not in page


@pytest.mark.parametrize(
    ("held", "expected"),
    [
        (None, "vous ne l’avez pas encore enregistrée"),
        ({}, "vous la détenez (vérifiée)"),
        ({"verified_at": None}, "en attente de vérification par un agent"),
        ({"obtained_on": -800, "expires_on": -30}, "expirée : présentez un justificatif à jour"),
        ({"in_training": True}, "en formation : elle ne suffit pas encore"),
    ],
)
def test_the_enrolment_form_shows_where_the_person_stands_before_the_form(client, held, expected):
    service = _firefighters()
    person = UserFactory()
    if held is not None:
        today = timezone.localdate()
        for field in ("obtained_on", "expires_on"):
            if field in held:
                held[field] = today + timedelta(days=held[field])
        QualificationFactory(
            user=person, qualification_type=service.required_qualifications.get(), **held
        )
    client.force_login(person)
    page = client.get(reverse("catalog:charter", args=[service.slug])).content.decode()
    assert "Pour vous :" in page and expected in page
    assert page.index("Qualifications requises") < page.index('name="accept_charter"')


def test_a_pending_request_reminds_its_owner_what_to_show_but_not_the_agent(client):
    service = _firefighters()
    person = UserFactory()
    enrolment = services.enrolment_create(
        actor=person, service=service, charter_version=1, accept_charter=True
    )
    client.force_login(person)
    page = client.get(enrolment.get_absolute_url()).content.decode()
    assert "L’attestation de fin de formation délivrée par le SDIS." in page
    client.force_login(MembershipFactory(organisation=service.authority, role="agent").user)
    page = client.get(enrolment.get_absolute_url()).content.decode()
    assert "L’attestation de fin de formation délivrée par le SDIS." not in page
    assert "Qualification requise absente" in page


def test_the_roster_home_offer_names_the_required_qualification(client):
    service = _firefighters()
    client.force_login(UserFactory())
    page = client.get(reverse("rosters:service_home", args=[service.slug])).content.decode()
    assert "Lire la charte et s’inscrire" in page
    assert "Qualification requise : Formation initiale de sapeur-pompier volontaire." in page
