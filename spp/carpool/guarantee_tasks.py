"""The guaranteed ride's background check, queued by ``ride_guarantee_request`` to run when
the line's waiting time is over (``run_after``; the database and RQ backends honour it).
Deployments whose backend cannot delay a task run ``manage.py carpool_guarantee_check``
instead; both may run: the check settles each request once (see services/guarantee.py)."""

from django_tasks import task


@task()
def ride_guarantee_check(search_id: int) -> str:
    from spp.carpool.services.guarantee import ride_guarantee_settle

    return ride_guarantee_settle(search_id=search_id)


@task()
def guarantees_due_check(limit: int = 200) -> dict:
    """Settle every guaranteed-ride request whose waiting time is over (scheduled every minute,
    spp/ops/scheduling.py; the same as ``manage.py carpool_guarantee_check``): a safety net for
    the delayed checks above, each request settled once whoever gets there first."""
    from django.utils import timezone

    from spp.carpool.selectors.demand import guarantees_due
    from spp.carpool.services.guarantee import ride_guarantee_settle

    outcomes: dict[str, int] = {}
    for search_id in list(guarantees_due(now=timezone.now())[:limit]):
        outcome = ride_guarantee_settle(search_id=search_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
