"""An enrolment's history reads as sentences — what happened, by whom, the state it led to and
the reason — never as status codes or arrows between them."""

import pytest

from spp.catalog import services
from spp.catalog.selectors import enrolment_history
from spp.catalog.tests.factories import service_with_charter
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _request(**service_fields):
    service = service_with_charter(**service_fields)
    person = UserFactory(first_name="Léa", last_name="Martin")
    enrolment = services.enrolment_create(
        actor=person, service=service, charter_version=1, accept_charter=True
    )
    agent = MembershipFactory(
        organisation=service.authority,
        role="agent",
        user__first_name="Bruno",
        user__last_name="Garcia",
    ).user
    return enrolment, person, agent


def test_a_request_validated_suspended_and_reinstated_reads_as_sentences():
    enrolment, _person, agent = _request()
    for action, reason in [("approve", ""), ("suspend", "Absences répétées."), ("reinstate", "")]:
        services.enrolment_transition(
            actor=agent, enrolment=enrolment, action=action, reason=reason
        )
    events = enrolment_history(enrolment)
    assert [e.summary for e in events] == [
        "Demande d’inscription, charte acceptée",
        "Inscription validée",
        "Inscription suspendue",
        "Inscription rétablie",
    ]
    assert [e.status_label for e in events] == [
        "En attente de validation",
        "Active",
        "Suspendue",
        "Active",
    ]


def test_a_request_withdrawn_by_its_owner_is_not_called_refused():
    enrolment, person, agent = _request()
    services.enrolment_transition(actor=person, enrolment=enrolment, action="withdraw")
    assert enrolment_history(enrolment)[-1].summary == "Demande retirée"
    enrolment, _person, agent = _request()
    services.enrolment_transition(
        actor=agent, enrolment=enrolment, action="refuse", reason="Dossier incomplet."
    )
    assert enrolment_history(enrolment)[-1].summary == "Demande refusée"


def test_an_enrolment_active_at_once_says_so():
    enrolment, _person, _agent = _request(requires_approval=False)
    assert enrolment_history(enrolment)[0].summary == (
        "Inscription, active dès l’acceptation de la charte"
    )


def test_the_page_shows_the_history_in_words_with_who_and_why(client):
    enrolment, person, agent = _request()
    services.enrolment_transition(
        actor=agent, enrolment=enrolment, action="refuse", reason="Dossier incomplet."
    )
    client.force_login(person)
    page = client.get(enrolment.get_absolute_url()).content.decode()
    assert "Demande refusée, par Bruno Garcia." in page
    assert "Nouvel état : Terminée" in page and "Motif : Dossier incomplet." in page
    for code in ("pending", "ended", "→", "∅"):
        assert code not in page.split("<h2>Historique</h2>")[1]
