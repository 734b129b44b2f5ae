"""The catalog's pages, through HTTP as a person would use them."""

import uuid

import pytest

from spp.catalog.models import Enrolment, Incident
from spp.catalog.tests.factories import EnrolmentFactory, service_with_charter
from spp.core.tests.factories import MembershipFactory, OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_visitor_sees_the_services_with_regie_or_delegation_shown_plainly(client):
    service_with_charter(name="Voirie participative")
    service_with_charter(name="Crèche des Lilas", operator=OperatorFactory(name="Les Lilas"))
    page = client.get("/").content.decode()
    assert "Voirie participative" in page and "En régie" in page
    assert "En délégation : géré par Les Lilas" in page
    assert "Accessibilité : partiellement conforme" in page


def test_a_visitor_reads_the_charter_and_is_invited_to_sign_in(client):
    service = service_with_charter()
    page = client.get(f"/services/{service.slug}/charte/").content.decode()
    assert "Je participe bénévolement" in page and "Se connecter pour s’inscrire" in page


def enrol_form(service, **overrides):
    data = {"charter_version": 1, "form_token": str(uuid.uuid4()), "accept_charter": "on"}
    data.update(overrides)
    return data


def test_enrolling_without_ticking_the_charter_shows_the_error_and_creates_nothing(client):
    service = service_with_charter()
    client.force_login(UserFactory())
    data = enrol_form(service)
    del data["accept_charter"]
    response = client.post(f"/services/{service.slug}/charte/", data)
    assert response.status_code == 200
    assert "Vous devez accepter la charte pour vous inscrire." in response.content.decode()
    assert not Enrolment.objects.exists()


def test_the_same_enrolment_form_submitted_twice_creates_one_enrolment(client):
    service = service_with_charter()
    client.force_login(UserFactory())
    data = enrol_form(service)
    first = client.post(f"/services/{service.slug}/charte/", data)
    second = client.post(f"/services/{service.slug}/charte/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Enrolment.objects.count() == 1


def test_pages_of_the_citizens_space_require_signing_in(client):
    response = client.get("/mon-engagement/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_agent_approves_from_the_queue_and_the_citizen_sees_it(client):
    agent = MembershipFactory(role="agent").user
    service = service_with_charter(authority=agent.memberships.get().organisation)
    enrolment = EnrolmentFactory(service=service, status=Enrolment.Status.PENDING)
    client.force_login(agent)
    queue = client.get(f"/gestion/services/{service.slug}/inscriptions/?status=pending")
    assert enrolment.user.email in queue.content.decode()
    client.post(f"/inscriptions/{enrolment.pk}/action/", {"action": "approve"})
    enrolment.refresh_from_db()
    assert enrolment.status == "active"
    client.force_login(enrolment.user)
    assert "Active" in client.get("/mon-engagement/").content.decode()


def test_suspending_without_reason_shows_a_clear_message(client):
    agent = MembershipFactory(role="agent").user
    service = service_with_charter(authority=agent.memberships.get().organisation)
    enrolment = EnrolmentFactory(service=service)
    client.force_login(agent)
    response = client.post(
        f"/inscriptions/{enrolment.pk}/action/", {"action": "suspend"}, follow=True
    )
    assert "Indiquez un motif." in response.content.decode()


def test_a_citizen_cannot_see_someone_elses_enrolment(client):
    enrolment = EnrolmentFactory(service=service_with_charter())
    client.force_login(UserFactory())
    assert client.get(f"/inscriptions/{enrolment.pk}/").status_code == 404


def test_an_incident_form_with_bad_input_keeps_what_was_typed(client):
    enrolment = EnrolmentFactory(service=service_with_charter())
    client.force_login(enrolment.user)
    response = client.post(
        "/incidents/declarer/",
        {
            "form_token": str(uuid.uuid4()),
            "service": enrolment.service.pk,
            "kind": "injury",
            "occurred_at": "2099-01-01T10:00",
            "place": "Salle de motricité",
            "description": "Je me suis coincé le poignet.",
        },
    )
    page = response.content.decode()
    assert "La date ne peut pas être dans le futur." in page
    assert "Je me suis coincé le poignet." in page and "Salle de motricité" in page
    assert not Incident.objects.exists()


def test_declaring_an_incident_through_the_form_reaches_the_agents_list(client):
    agent = MembershipFactory(role="agent").user
    service = service_with_charter(authority=agent.memberships.get().organisation)
    enrolment = EnrolmentFactory(service=service)
    client.force_login(enrolment.user)
    client.post(
        "/incidents/declarer/",
        {
            "form_token": str(uuid.uuid4()),
            "service": service.pk,
            "kind": "damage",
            "occurred_at": "2024-05-02T10:00",
            "place": "Parking",
            "description": "Rétroviseur cassé.",
        },
    )
    client.force_login(agent)
    assert "Dommage matériel" in client.get("/gestion/incidents/").content.decode()


def test_an_agent_closes_an_incident_from_its_page_and_an_empty_note_is_refused(client):
    agent = MembershipFactory(role="agent").user
    service = service_with_charter(authority=agent.memberships.get().organisation)
    enrolment = EnrolmentFactory(service=service)
    from spp.catalog.services import incident_declare

    incident = incident_declare(actor=enrolment.user, service=service, kind="damage",
                                occurred_at=enrolment.created_at, place="Parking",
                                description="Rétroviseur cassé.")
    client.force_login(agent)
    refused = client.post(f"/incidents/{incident.pk}/", {"action": "close", "note": ""})
    assert "Ce champ est obligatoire." in refused.content.decode()
    client.post(f"/incidents/{incident.pk}/", {"action": "close", "note": "Remboursé."})
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.closing_summary == "Remboursé."


def test_the_enrolments_list_shows_each_person_state_date_charter_and_action(client):
    from spp.core.tests.factories import UserFactory as People

    agent = MembershipFactory(role="agent").user
    service = service_with_charter(authority=agent.memberships.get().organisation)
    waiting = EnrolmentFactory(service=service, status=Enrolment.Status.PENDING,
                               user=People(first_name="Léa", last_name="Martin"))
    active = EnrolmentFactory(service=service, user=People(first_name="", last_name=""))
    client.force_login(agent)
    page = client.get(f"/gestion/services/{service.slug}/inscriptions/?status=").content.decode()
    assert f'href="/inscriptions/{waiting.pk}/">Léa Martin</a>' in page
    assert 'class="badge badge--warning">En attente de validation</span>' in page
    assert f'action="/inscriptions/{waiting.pk}/action/"' in page
    assert 'name="csrfmiddlewaretoken"' in page and 'value="approve"' in page
    # No name: the email stands for the person, as everywhere else; no action but the detail.
    assert f'href="/inscriptions/{active.pk}/">{active.user.email}</a>' in page
    assert 'class="badge badge--success">Active</span>' in page
    assert "v1</td>" in page


def test_the_contributors_list_shows_each_qualification_and_its_state(client):
    from datetime import timedelta

    from django.utils import timezone

    from spp.catalog.tests.factories import QualificationFactory, QualificationTypeFactory

    agent = MembershipFactory(role="agent").user
    service = service_with_charter(authority=agent.memberships.get().organisation)
    person = EnrolmentFactory(service=service).user
    QualificationFactory(user=person, qualification_type=QualificationTypeFactory(name="PSC1"))
    QualificationFactory(user=person, qualification_type=QualificationTypeFactory(name="SPV"),
                         verified_at=None)
    QualificationFactory(user=person, qualification_type=QualificationTypeFactory(name="Chef"),
                         obtained_on=timezone.localdate() - timedelta(days=30),
                         expires_on=timezone.localdate() - timedelta(days=1))
    bare = EnrolmentFactory(service=service).user
    EnrolmentFactory(service=service, status=Enrolment.Status.PENDING)  # not a contributor yet
    client.force_login(agent)
    page = client.get(f"/gestion/services/{service.slug}/contributeurs/").content.decode()
    assert '<span class="badge badge--danger">Chef — expirée</span>' in page
    assert '<span class="badge badge--success">PSC1</span>' in page
    assert '<span class="badge badge--warning">SPV — à vérifier</span>' in page
    # Searched in the table only: the page's CSRF token is random and may spell "PSC1".
    table = page[page.index("<table"):]
    assert table.index("Chef") < table.index("PSC1") < table.index("SPV — à vérifier")
    assert f"/gestion/services/{service.slug}/contributeurs/{bare.pk}/qualifications/" in page
    assert page.count("<tr><td>") == 2


def test_the_enrolments_filter_keeps_what_was_typed_and_the_unfiltered_form_stays_empty(client):
    """A filtered list shows its own values and errors, and never passes them on to the next
    unfiltered list."""
    agent = MembershipFactory(role="agent").user
    service = service_with_charter(authority=agent.memberships.get().organisation)
    client.force_login(agent)
    url = f"/gestion/services/{service.slug}/inscriptions/"
    assert 'name="q"' in client.get(url).content.decode()
    filtered = client.get(url + "?q=Martin&status=bogus").content.decode()
    assert 'value="Martin"' in filtered and 'class="error"' in filtered
    again = client.get(url).content.decode()
    assert 'name="q"' in again and 'value="Martin"' not in again and 'class="error"' not in again


def test_the_back_office_lists_escape_what_people_typed(client):
    from spp.catalog.tests.factories import QualificationFactory, QualificationTypeFactory

    agent = MembershipFactory(role="agent").user
    service = service_with_charter(authority=agent.memberships.get().organisation)
    person = UserFactory(first_name='<b onclick="x">Léa</b>', last_name="O'Hara")
    EnrolmentFactory(service=service, user=person)
    QualificationFactory(user=person,
                         qualification_type=QualificationTypeFactory(name="<i>PSC1</i>"))
    client.force_login(agent)
    for page in ("inscriptions", "contributeurs"):
        html = client.get(f"/gestion/services/{service.slug}/{page}/").content.decode()
        assert "&lt;b onclick=&quot;x&quot;&gt;Léa&lt;/b&gt; O&#x27;Hara" in html
        assert '<b onclick="x">' not in html and "<i>PSC1</i>" not in html


def test_the_management_nav_follows_a_renamed_authority_or_new_operator(client):
    agent = MembershipFactory(role="agent").user
    authority = agent.memberships.get().organisation
    service = service_with_charter(authority=authority)
    client.force_login(agent)
    url = f"/gestion/services/{service.slug}/inscriptions/"
    assert authority.name in client.get(url).content.decode()
    authority.name = "Commune renommée"
    authority.save()
    service.operator = OperatorFactory(name="Régie déléguée")
    service.save()
    page = client.get(url).content.decode()
    assert "Commune renommée" in page and "délégation à Régie déléguée" in page


def test_my_engagement_lists_each_enrolment_with_its_state_charter_and_link(client):
    service = service_with_charter(name="Crèche <Les Pitchouns>")
    enrolment = EnrolmentFactory(service=service, status=Enrolment.Status.PENDING)
    client.force_login(enrolment.user)
    page = client.get("/mon-engagement/").content.decode()
    assert f'href="/inscriptions/{enrolment.pk}/"' in page
    assert "Crèche &lt;Les Pitchouns&gt;" in page and "<Les Pitchouns>" not in page
    assert 'badge--warning">En attente' in page
    assert f"v{enrolment.accepted_charter.version}, " in page
