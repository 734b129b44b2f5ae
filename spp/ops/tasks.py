"""Tasks of the operations app: the pruning of old task results (scheduled), and a task for the
fault drills (spp/ops/tests): it does what real tasks do — writes an effect
that must happen once — and can be held long enough to kill its worker mid-way."""

import os
import time
from pathlib import Path

from django_tasks import task


@task()
def drill_record(user_id: int, service_id: int, source_key: str, marker: str,
                 hold_seconds: float = 0.0) -> None:
    """Write one ledger row (idempotent by ``source_key``), append this attempt's process id to
    ``marker``, and, on the first attempt only, hold for ``hold_seconds``."""
    from spp.catalog.models import Service
    from spp.catalog.services import participation_record
    from spp.core.models import User

    participation_record(user=User.objects.get(pk=user_id),
                         service=Service.objects.get(pk=service_id), kind="other", quantity=1,
                         unit="count", source_key=source_key, description="Exercice de reprise")
    first_attempt = not Path(marker).exists()
    with open(marker, "a") as attempts:
        attempts.write(f"{os.getpid()}\n")
    if first_attempt:
        time.sleep(hold_seconds)


@task()
def task_results_prune_task() -> int:
    """Scheduled daily (spp/ops/scheduling.py): old results of the database queue go."""
    from spp.ops.services import task_results_prune

    return task_results_prune()
