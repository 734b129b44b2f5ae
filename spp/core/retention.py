"""Retention: each kind of personal data is kept for a period (``settings.SPP_RETENTION_DAYS``,
the processing register in docs/privacy.md), then purged by ``retention_purge``, which the
scheduler runs daily (``spp.core.tasks.retention_purge_task``; ``manage.py retention_purge``
by hand, ``--dry-run`` to count only).

Core cannot import the apps above it, so each app that keeps such data says so on its
``AppConfig``, as for the export and erasure (spp/core/personal_data.py)::

    def retention_purges(self) -> list[Purge]:
        from spp.<app>.retention import PURGES
        return PURGES

A ``Purge`` names its kind (the key of SPP_RETENTION_DAYS) and a function
``run(*, before, now, dry_run) -> int`` that deletes or blanks what is older than ``before``
and returns how many rows it did (or would, when ``dry_run``). Runs are idempotent (a second
run finds nothing) and go in bounded batches (``in_batches``), each its own transaction, so a
purge of a year's backlog never holds a long lock. A kind missing from the setting (or None)
is kept: nothing is purged for it. The audit log is not purged here (docs/privacy.md)."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from spp.core.personal_data import app_hooks

logger = logging.getLogger(__name__)

BATCH_SIZE = 500


@dataclass(frozen=True)
class Purge:
    kind: str
    run: Callable[..., int]
    # True when the period is not SPP_RETENTION_DAYS' but the app's own (peers: per service).
    own_period: bool = False


def delete_in_batches(queryset, *, dry_run: bool, batch_size: int = BATCH_SIZE) -> int:
    """Delete ``queryset``'s rows, ``batch_size`` at a time; how many (would be) deleted."""
    if dry_run:
        return queryset.count()
    done = 0
    while ids := list(queryset.order_by("pk").values_list("pk", flat=True)[:batch_size]):
        with transaction.atomic():
            queryset.model.objects.filter(pk__in=ids).delete()
        done += len(ids)
    return done


def update_in_batches(queryset, *, dry_run: bool, batch_size: int = BATCH_SIZE,
                      **values) -> int:
    """Set ``values`` on ``queryset``'s rows, a batch at a time. The queryset must no longer
    match a row once updated (else this would never end): filter on what is being blanked."""
    if dry_run:
        return queryset.count()
    done = 0
    while ids := list(queryset.order_by("pk").values_list("pk", flat=True)[:batch_size]):
        with transaction.atomic():
            queryset.model.objects.filter(pk__in=ids).update(**values)
        done += len(ids)
    return done


def registered_purges() -> list[Purge]:
    return [purge for hook in app_hooks("retention_purges") for purge in hook()]


def retention_purge(*, now: datetime | None = None, dry_run: bool = False) -> dict[str, int]:
    """Run every app's purges; the count per kind (kinds kept by the setting are left out)."""
    now = now or timezone.now()
    periods = settings.SPP_RETENTION_DAYS
    counts = {}
    for purge in registered_purges():
        days = periods.get(purge.kind)
        if days is None and not purge.own_period:
            continue
        before = now - timedelta(days=days or 0)
        counts[purge.kind] = purge.run(before=before, now=now, dry_run=dry_run)
        logger.info("retention %s: %s %d", purge.kind,
                    "would purge" if dry_run else "purged", counts[purge.kind])
    return counts
