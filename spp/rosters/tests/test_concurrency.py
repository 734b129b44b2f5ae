"""The first N to accept a call-out get the places, never more, even when many accept at the
same instant (real threads, real PostgreSQL row locks)."""

import pytest
from django.core.exceptions import ValidationError

from spp.ops.query_counts import at_once
from spp.rosters import services
from spp.rosters.models import Assignment, CallOut
from spp.rosters.tests.factories import coordinator_of, roster_service, shift_with_need, volunteer


def _race(callable_per_person, people):
    def outcome(person):
        try:
            callable_per_person(person)
            return "ok"
        except ValidationError as error:
            return error.code if hasattr(error, "code") else "refused"

    return at_once([lambda p=p: outcome(p) for p in people])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_acceptances_never_exceed_the_places():
    service = roster_service()
    _shift, need = shift_with_need(service, "equipier", min_count=2, max_count=4)
    people = [volunteer(service, "equipier") for _ in range(8)]
    callout = services.callout_create(actor=coordinator_of(service), need=need, places=2)
    outcomes = _race(lambda p: services.callout_respond(actor=p, callout=callout, accept=True),
                     people)
    assert outcomes.count("ok") == 2
    assert outcomes.count("filled") == 6
    callout = CallOut.objects.get(pk=callout.pk)
    assert (callout.accepted_count, callout.status) == (2, "filled")
    assert Assignment.objects.filter(need=need, status="published").count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_signups_never_exceed_the_needs_maximum():
    service = roster_service()
    _shift, need = shift_with_need(service, min_count=1, max_count=3)
    people = [volunteer(service) for _ in range(8)]
    outcomes = _race(lambda p: services.assignment_signup(actor=p, need=need), people)
    assert outcomes.count("ok") == 3
    assert Assignment.objects.filter(need=need, status="published").count() == 3
