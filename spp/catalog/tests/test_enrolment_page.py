"""A citizen's own enrolment page: their request and its history in words, without the
managers' "Motif" field (it is for refusing, suspending or ending, which they cannot do)."""

import pytest
from django.urls import reverse

from spp.catalog import services
from spp.catalog.tests.factories import service_with_charter
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_citizen_sees_their_request_in_words_without_the_managers_reason_field(client):
    service = service_with_charter()
    person = UserFactory()
    enrolment = services.enrolment_create(actor=person, service=service, charter_version=1,
                                          accept_charter=True)
    client.force_login(person)
    page = client.get(reverse("catalog:enrolment_detail", args=[enrolment.pk])).content.decode()
    assert "En attente de validation" in page and "∅" not in page and "→ pending" not in page
    assert 'name="reason"' not in page
    client.force_login(MembershipFactory(organisation=service.authority, role="agent").user)
    page = client.get(reverse("catalog:enrolment_detail", args=[enrolment.pk])).content.decode()
    assert 'name="reason"' in page
