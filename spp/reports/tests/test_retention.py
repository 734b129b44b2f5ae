"""The reports app's kind of personal data in the daily retention purge
(spp/core/retention.py): visitors' reports never confirmed."""

from datetime import UTC, datetime, timedelta

import pytest

from spp.core.retention import retention_purge
from spp.reports.models import PendingReport
from spp.reports.tests.factories import VOIRON, CategoryFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)


def test_unconfirmed_reports_past_their_period_go_and_recent_ones_stay(settings):
    cutoff = NOW - timedelta(days=settings.SPP_RETENTION_DAYS["pending_reports"])
    category = CategoryFactory()

    def pending(created_at):
        return PendingReport.objects.create(
            service=category.service, category=category, latitude=VOIRON[0],
            longitude=VOIRON[1], description="Trou", email="passant@exemple.fr",
            created_at=created_at)

    pending(cutoff - timedelta(minutes=1))
    kept = pending(cutoff + timedelta(minutes=1))
    assert retention_purge(now=NOW)["pending_reports"] == 1
    assert list(PendingReport.objects.all()) == [kept]
