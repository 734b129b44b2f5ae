"""Background work of the impact app, run through Django's Tasks API."""

from django_tasks import task


@task()
def figures_refresh_task(years: list[int] | None = None) -> dict:
    """Recompute the dashboards' and public pages' figures (``services.refresh``). Schedule it
    (cron calling ``manage.py impact_refresh --enqueue``, every hour by default; the pages
    show when it last ran). Safe to run twice: a run replaces whole years."""
    from spp.impact.services.refresh import figures_refresh

    run = figures_refresh(years=years)
    return {"years": run.years, "rows": run.rows_written}
