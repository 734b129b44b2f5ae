"""One person enrolling many times at the same instant (a double click, two devices, a
client retrying; real threads, real PostgreSQL row locks): one enrolment, and every request
answers as a single one would — never a 500 from the unique constraint."""

import uuid

import pytest
from django.test import Client

from spp.catalog.models import Enrolment, EnrolmentEvent
from spp.catalog.tests.factories import service_with_charter
from spp.core.tests.factories import UserFactory
from spp.ops.query_counts import at_once

TIMES = 30


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_thirty_enrolments_at_once_by_one_person_make_one_and_no_error():
    service = service_with_charter(is_published=True)
    person = UserFactory()
    clients = []
    for _ in range(TIMES):
        client = Client()
        client.force_login(person)
        clients.append(client)

    def through_the_api(client):
        return client.post(f"/api/v1/catalog/services/{service.slug}/enrolments",
                           {"charter_version": 1, "accept_charter": True},
                           content_type="application/json").status_code

    def through_the_form(client):
        return client.post(f"/services/{service.slug}/charte/", {
            "charter_version": 1, "accept_charter": "on", "form_token": str(uuid.uuid4()),
        }).status_code

    calls = [lambda c=c, i=i: (through_the_api if i % 2 else through_the_form)(c)
             for i, c in enumerate(clients)]
    statuses = sorted(at_once(calls))
    assert statuses == sorted([201] * (TIMES // 2) + [302] * (TIMES - TIMES // 2))
    enrolment = Enrolment.objects.get(user=person, service=service)
    assert enrolment.status == Enrolment.Status.PENDING
    assert EnrolmentEvent.objects.filter(enrolment=enrolment).count() == 1
