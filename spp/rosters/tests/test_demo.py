"""The rosters demo: a month of shifts, a published roster with a gap, an open call-out,
attended shifts in the ledger; running it twice creates nothing more."""

import pytest

from spp.ops.demo import seed_demo
from spp.rosters.models import Assignment, CallOut, Household, Roster, Shift


@pytest.mark.django_db
def test_demo_is_complete_and_idempotent():
    seed_demo(log=lambda *a: None)
    counts = (Shift.objects.count(), Assignment.objects.count(), CallOut.objects.count(),
              Household.objects.count(), Roster.objects.count())
    assert Shift.objects.filter(service__slug="spv-voiron").count() >= 60
    assert Roster.objects.filter(status="published").exclude(gaps=[]).exists()
    assert CallOut.objects.filter(status="open").count() == 1
    assert Assignment.objects.filter(status="attended").exists()
    seed_demo(log=lambda *a: None)
    assert counts == (Shift.objects.count(), Assignment.objects.count(), CallOut.objects.count(),
                      Household.objects.count(), Roster.objects.count())
