"""A service none of whose participation patterns is built on this platform (its app left out,
as the peers app is on a host not certified for health data) does not offer enrolment into
nothing: its page says enrolment opens later, and enrolling is refused with a clear message.
Services whose patterns are built (each kind) are unaffected."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from config import urls as site_urls
from spp.catalog import services
from spp.catalog.models import Enrolment, Pattern
from spp.catalog.pattern_links import participation_offered
from spp.catalog.tests.factories import CharterFactory, EnrolmentFactory, service_with_charter
from spp.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# This module is also a URLconf: the site's, without the peers app (tests marked with it).
urlpatterns = [entry for entry in site_urls.urlpatterns if str(entry.pattern) != "pairs/"]
without_peers = pytest.mark.urls(__name__)

CLOSED = "ouvriront plus tard"


@without_peers
def test_the_service_page_says_enrolment_opens_later_instead_of_offering_it(client):
    service = service_with_charter(patterns=[Pattern.PEERS])
    client.force_login(UserFactory())
    page = client.get(service.get_absolute_url()).content.decode()
    assert CLOSED in page
    assert "Participer : lire et accepter la charte" not in page


@without_peers
def test_the_charter_page_has_no_enrolment_form_and_a_post_is_refused_in_words(client):
    service = service_with_charter(patterns=[Pattern.PEERS])
    person = UserFactory()
    client.force_login(person)
    url = reverse("catalog:charter", args=[service.slug])
    page = client.get(url).content.decode()
    assert CLOSED in page and 'name="accept_charter"' not in page
    response = client.post(
        url,
        {
            "charter_version": 1,
            "accept_charter": "on",
            "form_token": "00000000-0000-0000-0000-000000000001",
        },
        follow=True,
    )
    assert CLOSED in response.content.decode()
    assert not Enrolment.objects.filter(user=person).exists()


@without_peers
def test_the_service_refuses_to_enrol_and_the_api_answers_422(client):
    service = service_with_charter(patterns=[Pattern.PEERS])
    person = UserFactory()
    assert not participation_offered(service)
    with pytest.raises(ValidationError) as refusal:
        services.enrolment_create(
            actor=person, service=service, charter_version=1, accept_charter=True
        )
    assert CLOSED in str(refusal.value)
    client.force_login(person)
    response = client.post(
        f"/api/v1/catalog/services/{service.slug}/enrolments",
        {"charter_version": 1, "accept_charter": True},
        content_type="application/json",
    )
    assert response.status_code == 422 and "accept_charter" in response.json()["errors"]
    assert not Enrolment.objects.filter(user=person).exists()


@without_peers
def test_a_person_already_enrolled_still_accepts_a_new_charter(client):
    service = service_with_charter(patterns=[Pattern.PEERS])
    enrolment = EnrolmentFactory(service=service)
    CharterFactory(service=service, version=2)
    enrolment = services.charter_accept(actor=enrolment.user, service=service, charter_version=2)
    assert enrolment.accepted_charter.version == 2


@without_peers
def test_a_service_with_one_built_pattern_among_others_offers_enrolment(client):
    service = service_with_charter(patterns=[Pattern.PEERS, Pattern.CONSULTATION])
    assert participation_offered(service)
    enrolment = services.enrolment_create(
        actor=UserFactory(), service=service, charter_version=1, accept_charter=True
    )
    assert enrolment.status == Enrolment.Status.PENDING


@pytest.mark.parametrize("pattern", list(Pattern))
def test_every_kind_of_service_built_here_offers_enrolment(client, pattern):
    service = service_with_charter(patterns=[pattern], requires_approval=False)
    client.force_login(UserFactory())
    page = client.get(service.get_absolute_url()).content.decode()
    assert "Participer : lire et accepter la charte" in page and CLOSED not in page
    response = client.post(
        reverse("catalog:charter", args=[service.slug]),
        {
            "charter_version": 1,
            "accept_charter": "on",
            "form_token": "00000000-0000-0000-0000-000000000002",
        },
    )
    assert response.status_code == 302
    assert Enrolment.objects.get(service=service).status == Enrolment.Status.ACTIVE
