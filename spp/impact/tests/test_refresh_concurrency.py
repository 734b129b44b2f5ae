"""Two refreshes at the same instant (cron's and one started by hand; real threads, real
PostgreSQL row locks) take turns per authority: both finish, and each year holds one set of
figures, not two and not a unique-constraint error."""

import pytest

from spp.impact.models import FiguresRefresh, PeriodFigures
from spp.impact.services.refresh import figures_refresh
from spp.impact.tests.figures_data import small_ledger
from spp.ops.query_counts import at_once


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_four_refreshes_at_once_leave_one_set_of_figures():
    data = small_ledger()
    runs = at_once([lambda: figures_refresh(years=[2025]).pk for _ in range(4)])
    assert len(runs) == 4
    assert FiguresRefresh.objects.filter(finished_at__isnull=False).count() == 4
    # Three services and the whole authority, 17 periods each.
    assert PeriodFigures.objects.filter(authority=data["authority"]).count() == 4 * 17
