"""Two colleagues taking over the same replacement at the same instant: exactly one gets the
place (real threads, real PostgreSQL row locks)."""

import pytest
from django.core.exceptions import ValidationError

from spp.ops.query_counts import at_once
from spp.rosters import services
from spp.rosters.models import Assignment, ReplacementRequest, ShiftNeed
from spp.rosters.services.replacements import replacement_request, replacement_take
from spp.rosters.tests.factories import roster_service, shift_with_need, volunteer


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_colleagues_taking_over_at_once_make_exactly_one_taker():
    service = roster_service()
    _shift, need = shift_with_need(service, "equipier")
    person = volunteer(service, "equipier")
    assignment = services.assignment_signup(actor=person, need=need)
    replacement = replacement_request(actor=person, assignment=assignment)
    colleagues = [volunteer(service, "equipier") for _ in range(4)]

    def take(colleague):
        try:
            replacement_take(actor=colleague, replacement=replacement)
            return "ok"
        except ValidationError as error:
            return error.code

    outcomes = at_once([lambda c=c: take(c) for c in colleagues])
    assert outcomes.count("ok") == 1
    assert outcomes.count("closed") == 3
    live = Assignment.objects.filter(need=need, status="published")
    assert live.count() == 1 and live.get().user in colleagues
    assert ReplacementRequest.objects.get().taken_by == live.get().user
    assert ShiftNeed.objects.get(pk=need.pk).assigned_count == 1
