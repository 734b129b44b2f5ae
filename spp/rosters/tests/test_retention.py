"""The rosters app's kind of personal data in the daily retention purge
(spp/core/retention.py): one-off availability changes long over."""

from datetime import UTC, datetime, timedelta

import pytest

from spp.core.retention import retention_purge
from spp.core.tests.factories import UserFactory
from spp.rosters.models import AvailabilityException
from spp.rosters.tests.factories import roster_service

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)


def test_availability_exceptions_ended_past_the_period_go_and_later_ones_stay(settings):
    cutoff = NOW - timedelta(days=settings.SPP_RETENTION_DAYS["availability_exceptions"])
    service, user = roster_service(), UserFactory()

    def exception(ends_at):
        return AvailabilityException.objects.create(
            user=user, service=service, starts_at=ends_at - timedelta(days=7), ends_at=ends_at,
            note="Vacances")

    exception(cutoff - timedelta(minutes=1))
    kept = exception(cutoff + timedelta(minutes=1))
    assert retention_purge(now=NOW)["availability_exceptions"] == 1
    assert list(AvailabilityException.objects.all()) == [kept]
