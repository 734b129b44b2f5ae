"""The guaranteed ride's background check, queued by ``ride_guarantee_request`` to run when
the line's waiting time is over (``run_after``; the database and RQ backends honour it).
Deployments whose backend cannot delay a task run ``manage.py carpool_guarantee_check``
instead; both may run: the check settles each request once (see services/guarantee.py)."""

from django_tasks import task


@task()
def ride_guarantee_check(search_id: int) -> str:
    from spp.carpool.services.guarantee import ride_guarantee_settle

    return ride_guarantee_settle(search_id=search_id)
