"""Background work of the carpool app, run through Django's Tasks API."""

from django.conf import settings
from django_tasks import task


@task()
def registry_send_pending(limit: int = 1000) -> dict:
    """Send the pending journey proofs to the national carpool proof registry (see
    ``spp.carpool.registry.registry_send``). Disabled while ``CARPOOL_REGISTRY_URL`` is empty,
    the default: nothing is sent and the proofs stay pending, so that an instance that joins
    the registry later sends them then (the registry itself refuses journeys older than 24 h).
    Idempotent: a proof once sent is no longer pending, and the registry refuses a journey id
    it already has, which counts as sent."""
    from spp.carpool.registry import registry_send

    if not settings.CARPOOL_REGISTRY_URL:
        return {"disabled": True}
    return registry_send(url=settings.CARPOOL_REGISTRY_URL,
                         token=settings.CARPOOL_REGISTRY_TOKEN, limit=limit)
