"""No 500 on bad input (issue #13 item 8), tried through HTTP as a new user would: the
incidents' pages for someone who manages nothing, and odd page numbers or filters."""

import pytest

from spp.catalog.models import Incident
from spp.catalog.tests.factories import EnrolmentFactory, service_with_charter
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _incident(service, person) -> Incident:
    from datetime import timedelta

    from django.utils import timezone

    return Incident.objects.create(service=service, declared_by=person, kind="damage",
                                   place="Voiron", description="Un dommage.",
                                   occurred_at=timezone.now() - timedelta(hours=1))


def test_the_incidents_list_of_someone_who_manages_nothing_is_refused_plainly(client):
    client.force_login(UserFactory())
    response = client.get("/gestion/incidents/")
    assert response.status_code == 403
    assert "<h1>" in response.content.decode()  # the site's own error page


def test_the_incidents_list_of_a_member_whose_organisation_has_no_service_is_empty(client):
    client.force_login(MembershipFactory(role="agent").user)
    response = client.get("/gestion/incidents/")
    assert response.status_code == 200 and "Aucun incident." in response.content.decode()


def test_an_odd_incident_state_filters_nothing(client):
    agent = MembershipFactory(role="agent").user
    service = service_with_charter(authority=agent.memberships.get().organisation)
    incident = _incident(service, EnrolmentFactory(service=service).user)
    client.force_login(agent)
    response = client.get("/gestion/incidents/", {"status": "bogus"})
    assert response.status_code == 200
    assert f'href="/incidents/{incident.pk}/"' in response.content.decode()
    # A NUL byte is refused before any view, with the message of spp/core/bad_input.py.
    assert client.get("/gestion/incidents/", {"status": "\x00"}).status_code == 400


TOO_LARGE = "9999999999999999999999999"


@pytest.mark.parametrize("page", ["²", "-3", "abc", "0", "1.5", TOO_LARGE])
@pytest.mark.parametrize("list_path", ["/gestion/services/{slug}/inscriptions/",
                                       "/gestion/services/{slug}/contributeurs/",
                                       "/gestion/incidents/"])
def test_a_bad_page_number_answers_a_page_or_not_found_never_an_error(client, list_path, page):
    agent = MembershipFactory(role="agent").user
    service = service_with_charter(authority=agent.memberships.get().organisation)
    person = EnrolmentFactory(service=service, user=UserFactory(first_name="Noé")).user
    incident = _incident(service, person)
    client.force_login(agent)
    response = client.get(list_path.format(slug=service.slug), {"page": page})
    assert response.status_code in (200, 404)
    if response.status_code == 200:  # the first (or last) page, with its row
        page_html = response.content.decode()
        assert "Noé" in page_html or f'href="/incidents/{incident.pk}/"' in page_html


@pytest.mark.parametrize("query", ["offset=9999999999999999999999999", "offset=-4",
                                   "limit=9999999999999999999999999", "limit=²", "offset=x"])
def test_odd_numbers_on_the_ledger_api_answer_a_page_or_a_clear_422(client, query):
    client.force_login(UserFactory())
    response = client.get(f"/api/v1/catalog/me/participations?{query}")
    assert response.status_code in (200, 422)
    if response.status_code == 200:
        assert response.json() == []
    else:
        assert response["Content-Type"] == "application/problem+json"


def test_someone_elses_incident_is_not_found_for_a_person_who_manages_nothing(client):
    service = service_with_charter()
    incident = _incident(service, EnrolmentFactory(service=service).user)
    client.force_login(UserFactory())
    assert client.get(f"/incidents/{incident.pk}/").status_code == 404
    assert client.post(f"/incidents/{incident.pk}/", {"action": "close", "note": "x"}
                       ).status_code == 404


def test_declaring_an_incident_with_no_service_is_a_page_not_an_error(client):
    client.force_login(UserFactory())
    assert client.get("/incidents/declarer/").status_code == 200
    response = client.post("/incidents/declarer/", {"service": "\x00", "kind": "damage"})
    assert response.status_code in (200, 400)
