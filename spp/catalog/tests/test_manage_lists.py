"""The catalog's back-office lists (a service's enrolments, its contributors) through HTTP:
an agent approves from the list and sees the enrolment active there, the lists are refused
to anyone who does not manage the service, and they follow the filters, the language and the
day."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from spp.catalog.models import Enrolment
from spp.catalog.tests.factories import (
    EnrolmentFactory,
    QualificationFactory,
    QualificationTypeFactory,
    service_with_charter,
)
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = {"enrolments": "inscriptions", "contributors": "contributeurs"}


@pytest.fixture
def managed(client):
    """A service with a pending and an active enrolment (qualified), its agent signed in."""
    agent = MembershipFactory(role="agent").user
    service = service_with_charter(authority=agent.memberships.get().organisation)
    EnrolmentFactory(service=service, status=Enrolment.Status.PENDING,
                     user=UserFactory(first_name="Léa", last_name="Martin"))
    active = EnrolmentFactory(service=service, user=UserFactory(first_name="Noé", last_name="Roux"))
    QualificationFactory(user=active.user, qualification_type=QualificationTypeFactory(name="PSC1"))
    client.force_login(agent)
    return service, agent


def _url(service, kind: str) -> str:
    return f"/gestion/services/{service.slug}/{PAGES[kind]}/"


def test_approving_from_the_list_shows_the_enrolment_active_in_the_list(managed):
    """The approval form carries the request's CSRF token (checked here) and sends the agent
    back to the filtered list they came from, where the enrolment is now active."""
    service, _agent = managed
    url = _url(service, "enrolments")
    colleague = Client(enforce_csrf_checks=True)
    colleague.force_login(MembershipFactory(organisation=service.authority, role="agent").user)
    page = colleague.get(url + "?q=Martin").content.decode()
    form = re.search(r'<form method="post" action="([^"]+)"><input type="hidden" '
                     r'name="csrfmiddlewaretoken" value="([^"]+)"><input type="hidden" '
                     r'name="next" value="([^"]+)">', page)
    action, token, back = form.groups()
    assert back == url + "?q=Martin"
    response = colleague.post(action, {"csrfmiddlewaretoken": token, "next": back,
                                       "action": "approve"})
    assert response.status_code == 302 and response["Location"] == back
    page = colleague.get(back).content.decode()
    assert "Léa Martin" in page and 'badge--success">Active</span>' in page
    assert 'value="approve"' not in page


@pytest.mark.parametrize("evil", ["https://evil.example/", "//evil.example/",
                                  "/\\evil.example/", "javascript:alert(1)"])
def test_an_enrolment_action_never_sends_anyone_to_another_site(client, managed, evil):
    """``next`` comes from the form, so anyone can forge it: a link posting to the action
    must not bounce the agent to a look-alike site. Another site's address is ignored and
    the enrolment's own page is used; a path on this site is still followed."""
    service, _agent = managed
    enrolment = Enrolment.objects.get(service=service, status=Enrolment.Status.PENDING)
    action = f"/inscriptions/{enrolment.pk}/action/"
    response = client.post(action, {"action": "approve", "next": evil})
    assert response.status_code == 302
    assert response["Location"] == enrolment.get_absolute_url()
    back = _url(service, "enrolments") + "?q=Martin"
    assert client.post(action, {"action": "suspend", "reason": "Absent", "next": back}
                       )["Location"] == back


def test_verifying_a_qualification_never_sends_anyone_to_another_site(client, managed):
    service, _agent = managed
    person = Enrolment.objects.get(service=service, status=Enrolment.Status.ACTIVE).user
    qualification = QualificationFactory(user=person, verified_at=None,
                                         qualification_type__owner=service.authority)
    response = client.post(f"/gestion/qualifications/{qualification.pk}/verifier/",
                           {"next": "https://evil.example/"})
    assert response.status_code == 302 and "evil.example" not in response["Location"]


@pytest.mark.parametrize("kind", PAGES)
def test_a_list_is_refused_to_outsiders_and_to_a_manager_who_left(client, managed, kind):
    service, agent = managed
    url = _url(service, kind)
    assert client.get(url).status_code == 200
    outsider = Client()
    outsider.force_login(UserFactory())
    assert outsider.get(url).status_code == 404
    other_admin = Client()
    other_admin.force_login(MembershipFactory(role="admin").user)
    assert other_admin.get(url).status_code == 404
    agent.memberships.all().delete()
    assert client.get(url).status_code == 404


def test_an_unknown_service_is_not_found(client, managed):
    assert client.get("/gestion/services/nulle-part/inscriptions/").status_code == 404


def test_the_list_speaks_the_readers_language(client, managed):
    service, _agent = managed
    url = _url(service, "enrolments")
    assert "<h1>Inscriptions — " in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    assert "<h1>Enrolments — " in client.get(url).content.decode()


def test_a_qualification_is_shown_expired_from_the_day_after_it_expires(client, managed):
    """Nothing is written when a day passes: the page compares with the reader's day."""
    from freezegun import freeze_time

    service, _agent = managed
    person = EnrolmentFactory(service=service).user
    QualificationFactory(user=person, qualification_type=QualificationTypeFactory(name="SST"),
                         expires_on=timezone.localdate())
    url = _url(service, "contributors")
    assert "SST — expirée" not in client.get(url).content.decode()
    with freeze_time(timezone.now() + timedelta(days=1)):
        assert "SST — expirée" in client.get(url).content.decode()


def test_the_filters_select_by_state_and_by_name(client, managed):
    service, _agent = managed
    url = _url(service, "enrolments")
    assert "Léa Martin" in client.get(url).content.decode()
    assert "Léa Martin" not in client.get(url + "?status=active").content.decode()
    assert "Léa Martin" in client.get(url + "?q=Martin").content.decode()
    assert "Noé Roux" not in client.get(url + "?q=Martin").content.decode()


def test_the_contributors_list_shows_each_qualification_state_and_links(client, managed):
    """A person without a name is shown by their email; a qualification not yet verified says
    so; each row links to the enrolment and to the person's qualifications in this service."""
    service, _agent = managed
    enrolment = EnrolmentFactory(service=service, user=UserFactory(
        first_name="", last_name="", email="sans.nom@exemple.fr"))
    QualificationFactory(user=enrolment.user, verified_at=None,
                         qualification_type=QualificationTypeFactory(name="CACES"))
    page = client.get(_url(service, "contributors")).content.decode()
    assert f'<a href="/inscriptions/{enrolment.pk}/">sans.nom@exemple.fr</a>' in page
    assert '<span class="badge badge--warning">CACES — à vérifier</span>' in page
    assert (f'<a href="/gestion/services/{service.slug}/contributeurs/{enrolment.user_id}/'
            f'qualifications/">Qualifications<span class="sr-only"> — sans.nom@exemple.fr'
            f'</span></a>') in page
    assert '<span class="badge badge--success">PSC1</span>' in page


def test_the_enrolments_list_links_each_row_and_approves_the_pending_ones(client, managed):
    service, _agent = managed
    pending = Enrolment.objects.get(service=service, status=Enrolment.Status.PENDING)
    active = Enrolment.objects.get(service=service, status=Enrolment.Status.ACTIVE)
    page = client.get(_url(service, "enrolments")).content.decode()
    assert f'<form method="post" action="/inscriptions/{pending.pk}/action/">' in page
    assert (f'<a href="/inscriptions/{active.pk}/">Détail<span class="sr-only"> Noé Roux'
            f'</span></a>') in page
    assert 'badge--warning">En attente de validation</span>' in page
    assert f'<td data-label="Demandée le">{timezone.localdate():%d/%m/%Y}</td>' in page
