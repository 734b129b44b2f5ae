"""The roster home tells a person where their enrolment stands: a pending request is not told
to enrol again, a suspended one is told why they cannot take shifts."""

import pytest
from django.urls import reverse

from spp.catalog.tests.factories import EnrolmentFactory
from spp.core.tests.factories import UserFactory
from spp.rosters.tests.factories import roster_service

pytestmark = pytest.mark.django_db


def test_a_pending_request_is_followed_not_made_again(client):
    service = roster_service()
    enrolment = EnrolmentFactory(service=service, status="pending")
    client.force_login(enrolment.user)
    page = client.get(reverse("rosters:service_home", args=[service.slug])).content.decode()
    assert "attend la validation d’un agent" in page
    assert reverse("catalog:enrolment_detail", args=[enrolment.pk]) in page
    assert "inscrivez-vous" not in page


def test_a_suspended_enrolment_is_said_and_a_newcomer_is_invited(client):
    service = roster_service()
    suspended = EnrolmentFactory(service=service, status="suspended")
    client.force_login(suspended.user)
    page = client.get(reverse("rosters:service_home", args=[service.slug])).content.decode()
    assert "Votre inscription à ce service est suspendue" in page
    client.force_login(UserFactory())
    page = client.get(reverse("rosters:service_home", args=[service.slug])).content.decode()
    assert "inscrivez-vous" in page
