"""Background work of the patient-experts app, run through Django's Tasks API."""

from django_tasks import task


@task()
def requests_purge_task() -> int:
    """Blank the contact details of requests closed beyond their service's retention
    (``services.requests_purge``; scheduled daily, spp/ops/scheduling.py, as
    ``manage.py peers_purge`` does by hand). Idempotent: a purged request has nothing left."""
    from spp.peers.services import requests_purge

    return requests_purge()
