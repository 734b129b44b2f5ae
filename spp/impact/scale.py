"""The impact app's part of ``seed_scale``: no rows of its own to invent, but the figures of
everything the other generators wrote (it runs after them: the apps' order in
INSTALLED_APPS), so the benchmark reads dashboards computed from the whole ledger. ``count``
is unused. Returns the figure rows written."""

import time


def generate(*, count: int, rng, log) -> int:
    from spp.impact.services.refresh import figures_refresh

    started = time.monotonic()
    run = figures_refresh(years=_all_years())
    log(f"  impact: figures of {run.years} computed from the ledger in "
        f"{time.monotonic() - started:.1f} s ({run.rows_written} rows)")
    return run.rows_written


def _all_years() -> list[int]:
    from spp.catalog.models import Participation

    return [day.year for day in Participation.objects.dates("occurred_at", "year")]
