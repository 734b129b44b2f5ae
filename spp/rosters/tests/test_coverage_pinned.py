"""The coverage figures of a realistic roster (``coverage_roster``), pinned in
``coverage_pinned.txt`` as computed by the per-person algorithm they replaced: the counting
in ``selectors/coverage.py`` must keep every displayed figure the same. (The assigned places
of the few over-staffed needs the roster once had were capped at their maximum when the
needs started counting their live places: only those figures moved.)"""

from pathlib import Path

import pytest

from spp.rosters import selectors
from spp.rosters.tests import coverage_roster

PINNED = Path(__file__).with_name("coverage_pinned.txt")


def _lines(service) -> list[str]:
    lines = []
    for index, (first, last) in enumerate(coverage_roster.PERIODS):
        lines.append(f"# period {index}")
        lines += coverage_roster.period_lines(
            selectors.coverage_period(service, first, last))
    for index, day in enumerate(coverage_roster.HOURS_DAYS):
        lines.append(f"# hours {index}")
        lines += coverage_roster.hours_lines(selectors.coverage_hours(service, day))
    return lines


@pytest.mark.django_db
def test_coverage_figures_of_a_realistic_roster_stay_the_same():
    service = coverage_roster.build()
    assert _lines(service) == PINNED.read_text().splitlines()
