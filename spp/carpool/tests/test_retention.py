"""The carpool app's kind of personal data in the daily retention purge
(spp/core/retention.py): who searched for a ride, once the search is long over."""

from datetime import UTC, datetime, timedelta

import pytest

from spp.carpool.models import RideSearch
from spp.carpool.tests.factories import LineFactory, stops_of
from spp.core.retention import retention_purge
from spp.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)


def test_searches_past_the_period_lose_the_person_and_keep_the_demand(settings):
    cutoff = NOW - timedelta(days=settings.SPP_RETENTION_DAYS["ride_searches"])
    line = LineFactory()
    first, last = stops_of(line)[0], stops_of(line)[-1]

    def search(window_end):
        return RideSearch.objects.create(
            line=line, passenger=UserFactory(), direction="outbound", boarding_stop=first,
            alighting_stop=last, window_start=window_end - timedelta(hours=1),
            window_end=window_end, channel="sms", phone="+33612345678", share_contact=True)

    old, recent = search(cutoff - timedelta(minutes=1)), search(cutoff + timedelta(minutes=1))
    assert retention_purge(now=NOW)["ride_searches"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.passenger, old.phone, old.share_contact) == (None, "", False)
    assert (old.line, old.boarding_stop, old.window_end) == (line, first,
                                                             cutoff - timedelta(minutes=1))
    assert recent.passenger is not None and recent.phone == "+33612345678"
    assert retention_purge(now=NOW)["ride_searches"] == 0
