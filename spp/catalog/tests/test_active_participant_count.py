"""Each service keeps its numbers of active participants and of pending requests
(``Service.active_participant_count``, ``pending_enrolment_count``) in the enrolment's own
transaction; the public pages and the back office show them without counting."""

import pytest

from spp.catalog import services
from spp.catalog.models import Enrolment, Service
from spp.catalog.tests.factories import EnrolmentFactory, service_with_charter
from spp.core.tests.factories import MembershipFactory, UserFactory
from spp.ops.query_counts import at_once

pytestmark = pytest.mark.django_db


def _kept(service) -> int:
    return Service.objects.values_list("active_participant_count", flat=True).get(pk=service.pk)


def _pending(service) -> int:
    return Service.objects.values_list("pending_enrolment_count", flat=True).get(pk=service.pk)


def _agent_of(service):
    return MembershipFactory(organisation=service.authority, role="coordinator").user


def test_an_enrolment_counts_once_approved_and_no_longer_once_suspended_or_ended():
    service = service_with_charter(requires_approval=True)
    agent = _agent_of(service)
    enrolment = services.enrolment_create(actor=UserFactory(), service=service,
                                          charter_version=1, accept_charter=True)
    assert (_kept(service), _pending(service)) == (0, 1)
    services.enrolment_transition(actor=agent, enrolment=enrolment, action="approve")
    assert (_kept(service), _pending(service)) == (1, 0)
    services.enrolment_transition(actor=agent, enrolment=enrolment, action="suspend",
                                  reason="Absences répétées")
    assert _kept(service) == 0
    services.enrolment_transition(actor=agent, enrolment=enrolment, action="reinstate")
    assert _kept(service) == 1
    services.enrolment_transition(actor=enrolment.user, enrolment=enrolment, action="withdraw")
    assert _kept(service) == 0


def test_a_service_without_approval_counts_the_person_as_soon_as_they_accept_the_charter():
    service = service_with_charter(requires_approval=False)
    person = UserFactory()
    for _ in range(2):  # a retry finds the same enrolment and counts nothing more
        services.enrolment_create(actor=person, service=service, charter_version=1,
                                  accept_charter=True)
    assert _kept(service) == 1


def test_a_refused_request_never_counts():
    service = service_with_charter(requires_approval=True)
    enrolment = services.enrolment_create(actor=UserFactory(), service=service,
                                          charter_version=1, accept_charter=True)
    services.enrolment_transition(actor=_agent_of(service), enrolment=enrolment,
                                  action="refuse", reason="Hors du territoire")
    assert (_kept(service), _pending(service)) == (0, 0)


def test_the_recount_makes_the_kept_number_true_after_rows_written_in_bulk():
    service, other = service_with_charter(), service_with_charter()
    Service.objects.filter(pk__in=[service.pk, other.pk]).update(active_participant_count=7)
    Enrolment.objects.bulk_create([  # past the services, as the generators write them
        Enrolment(user=UserFactory(), service=service, status=status,
                  accepted_charter=service.charters.get(), charter_accepted_at=service.created_at,
                  approved_at=None if status == "pending" else service.created_at)
        for status in ["active", "active", "pending", "ended"]])
    services.service_participant_counts_recount(service_ids=[service.pk])
    assert (_kept(service), _pending(service)) == (2, 1)
    assert _kept(other) == 7  # only the services named
    services.service_participant_counts_recount()
    assert _kept(other) == 0


def test_the_home_page_shows_the_kept_number_of_each_published_service(client):
    service = service_with_charter(name="Crèche des Lilas", is_published=True)
    for status in ["active", "active", "pending"]:
        EnrolmentFactory(service=service, status=status)
    page = client.get("/").content.decode()
    assert "2 participants actifs" in page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_approvals_at_once_in_one_service_add_up():
    service = service_with_charter(requires_approval=True)
    agent = _agent_of(service)
    pending = [EnrolmentFactory(service=service, status="pending") for _ in range(20)]

    def approve(enrolment):
        return services.enrolment_transition(actor=agent, enrolment=enrolment,
                                             action="approve").status

    assert at_once([lambda e=e: approve(e) for e in pending]) == ["active"] * 20
    assert (_kept(service), _pending(service)) == (20, 0)
