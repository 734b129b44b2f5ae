"""Every periodic job of the platform, in one table (``JOBS``), run by ``manage.py
run_scheduler`` (docs/deployment.md, "Periodic jobs").

A job names a task (Django's Tasks API) and when it is due: ``every`` so often (slots aligned on
2000-01-01 00:00 UTC, shifted by ``offset``, so every host computes the same slots), or once a
day ``at`` a local time (``TIME_ZONE``). The scheduler only *enqueues*: the workers run the
task, as they run every other one. Each job's slot is enqueued once, whichever scheduler gets
there first and however many run (``spp.ops.services.scheduler_tick``: the database decides).

A slot missed while no scheduler ran (an outage, a deploy) is caught up once when one runs
again, never once per missed slot: every job here is written to do all that is due when it
runs, and to be harmless when run twice.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from django.apps import apps
from django.utils import timezone

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Job:
    name: str
    task: str  # dotted path of a ``django_tasks`` task
    every: timedelta | None = None
    offset: timedelta = timedelta(0)  # with ``every``: spreads jobs apart within the interval
    at: time | None = None  # or: once a day, at this local time
    app: str = ""  # skipped unless this app is installed (spp.peers may be left out)
    kwargs: dict = field(default_factory=dict)

    def __post_init__(self):
        if (self.every is None) == (self.at is None):
            raise ValueError(f"{self.name}: give either every= or at=")

    def slot(self, now: datetime) -> datetime:
        """The start of the slot ``now`` falls in; the job is due until that slot is
        enqueued."""
        if self.every is not None:
            start = EPOCH + self.offset
            return start + ((now - start) // self.every) * self.every
        day = timezone.localtime(now).date()
        slot = timezone.make_aware(datetime.combine(day, self.at))
        if slot > now:
            slot = timezone.make_aware(datetime.combine(day - timedelta(days=1), self.at))
        return slot

    def installed(self) -> bool:
        return not self.app or apps.is_installed(self.app)


JOBS: tuple[Job, ...] = (
    # Needs still short of their minimum, close to their start, go to the professional
    # fallback, or their coordinators are alerted (docs/rosters.md).
    Job("rosters_escalate", "spp.rosters.tasks.escalation_check_task",
        every=timedelta(minutes=5)),
    # Who is qualified and available, counted ahead for the coverage day view.
    Job("rosters_count_availability", "spp.rosters.tasks.availability_count_task",
        every=timedelta(minutes=5), offset=timedelta(minutes=2)),
    # Guaranteed rides whose waiting time is over (a safety net where tasks are delayed).
    Job("carpool_guarantee_check", "spp.carpool.guarantee_tasks.guarantees_due_check",
        every=timedelta(minutes=1)),
    # Journey proofs to the national registry (it refuses journeys older than 24 h).
    Job("carpool_registry_send", "spp.carpool.tasks.registry_send_pending",
        every=timedelta(minutes=15), offset=timedelta(minutes=4)),
    # The impact figures (dashboards, transparency, open data): hourly, at minute 7.
    Job("impact_refresh", "spp.impact.tasks.figures_refresh_task",
        every=timedelta(hours=1), offset=timedelta(minutes=7)),
    # Finished task results kept in the database queue (django-tasks-db).
    Job("task_results_prune", "spp.ops.tasks.task_results_prune_task", at=time(4, 0)),
    # Personal data kept past its retention period, every kind of it (spp/core/retention.py),
    # the patient-experts requests' contact details included (spp/peers/retention.py).
    Job("retention_purge", "spp.core.tasks.retention_purge_task", at=time(3, 0)),
)
