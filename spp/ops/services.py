"""The writes of the operations app: the scheduler's tick, and the pruning of old task
results."""

import logging
from datetime import timedelta

from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from spp.ops.models import ScheduledJob
from spp.ops.scheduling import JOBS, Job

logger = logging.getLogger("spp.ops.scheduler")


def scheduler_tick(*, now=None, jobs: tuple[Job, ...] | None = None) -> list[str]:
    """Enqueue every job whose current slot has not been enqueued yet; return their names.

    Each job's claim and its enqueue share one transaction: with the database queue the task
    row and the claim commit together (exactly once); with Redis, a failed commit after the
    enqueue may let a later tick enqueue the slot again, which the jobs tolerate (they are
    idempotent). An enqueue that fails leaves the slot unclaimed, tried again at the next tick.
    A database error is raised for the caller to wait and retry (``run_scheduler``)."""
    now = now or timezone.now()
    jobs = [job for job in (JOBS if jobs is None else jobs) if job.installed()]
    ScheduledJob.objects.bulk_create([ScheduledJob(name=job.name) for job in jobs],
                                     ignore_conflicts=True)
    last_slots = dict(ScheduledJob.objects.filter(name__in=[job.name for job in jobs])
                      .values_list("name", "last_slot"))
    enqueued = []
    for job in jobs:
        slot = job.slot(now)
        if last_slots.get(job.name) is not None and last_slots[job.name] >= slot:
            continue  # not due: no transaction at all (the UPDATE below decides races)
        try:
            with transaction.atomic():
                claimed = ScheduledJob.objects.filter(
                    Q(last_slot__isnull=True) | Q(last_slot__lt=slot), name=job.name,
                ).update(last_slot=slot, last_enqueued_at=timezone.now())
                if not claimed:
                    continue
                result = import_string(job.task).enqueue(**job.kwargs)
                ScheduledJob.objects.filter(name=job.name).update(last_task_id=str(result.id))
        except DatabaseError:
            raise
        except Exception:
            logger.exception("Scheduler: job %s could not be enqueued (tried again at the next "
                             "tick)", job.name)
            continue
        logger.info("Scheduler: job %s enqueued for %s", job.name, slot.isoformat())
        enqueued.append(job.name)
    return enqueued


def task_results_prune(*, now=None, days: int = 14, failed_days: int = 30) -> int:
    """Delete the results of finished tasks of the database queue: successful ones older than
    ``days``, failed ones older than ``failed_days`` (kept longer, to look into). Returns how
    many rows went."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    deleted, _rows = DBTaskResult.objects.finished().filter(
        Q(status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - timedelta(days=days))
        | Q(status=TaskResultStatus.FAILED, finished_at__lt=now - timedelta(days=failed_days))
    ).delete()
    return deleted
