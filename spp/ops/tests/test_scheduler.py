"""The scheduler (spp/ops/scheduling.py, services.scheduler_tick, manage.py run_scheduler): a
job is enqueued once per slot, a job not due is not, two schedulers ticking at the same
instant enqueue a slot once (real threads, real PostgreSQL), a failed enqueue is tried again,
and a database outage is waited out. Tasks go to the database queue (django-tasks-db), whose
rows are counted: the tasks themselves are not run here."""

import threading
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import OperationalError
from django.utils.module_loading import import_string
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from spp.ops.management.commands.run_scheduler import scheduler_loop
from spp.ops.models import ScheduledJob
from spp.ops.query_counts import at_once
from spp.ops.scheduling import JOBS, Job
from spp.ops.services import scheduler_tick

PARIS = ZoneInfo("Europe/Paris")
EVERY_FIVE = Job("test_every_five", "spp.rosters.tasks.escalation_check_task",
                 every=timedelta(minutes=5))
DAILY = Job("test_daily", "spp.peers.tasks.requests_purge_task", at=time(4, 0))


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}


def _queued(task_path: str) -> int:
    return DBTaskResult.objects.filter(task_path=task_path).count()


@pytest.mark.django_db
def test_a_due_job_is_enqueued_once_per_slot_and_again_at_the_next(database_queue):
    nine = datetime(2026, 3, 14, 9, 1, tzinfo=UTC)
    assert scheduler_tick(now=nine, jobs=(EVERY_FIVE,)) == ["test_every_five"]
    assert scheduler_tick(now=nine + timedelta(minutes=3, seconds=59), jobs=(EVERY_FIVE,)) == []
    assert _queued(EVERY_FIVE.task) == 1
    assert scheduler_tick(now=nine + timedelta(minutes=4), jobs=(EVERY_FIVE,)) == [
        "test_every_five"]
    assert _queued(EVERY_FIVE.task) == 2
    row = ScheduledJob.objects.get(name="test_every_five")
    assert row.last_slot == datetime(2026, 3, 14, 9, 5, tzinfo=UTC)
    assert DBTaskResult.objects.filter(pk=row.last_task_id).exists()


@pytest.mark.django_db
def test_a_daily_job_is_not_due_before_its_hour_on_the_next_day(database_queue):
    morning = datetime(2026, 3, 14, 5, 0, tzinfo=PARIS)
    assert scheduler_tick(now=morning, jobs=(DAILY,)) == ["test_daily"]  # today's 04:00
    assert scheduler_tick(now=datetime(2026, 3, 14, 23, 0, tzinfo=PARIS), jobs=(DAILY,)) == []
    assert scheduler_tick(now=datetime(2026, 3, 15, 3, 59, tzinfo=PARIS), jobs=(DAILY,)) == []
    assert scheduler_tick(now=datetime(2026, 3, 15, 4, 0, tzinfo=PARIS), jobs=(DAILY,)) == [
        "test_daily"]
    assert _queued(DAILY.task) == 2


def test_a_daily_job_keeps_its_local_hour_across_a_clock_change():
    # France moves to summer time on 29 March 2026 at 02:00 (UTC+1 → UTC+2).
    assert DAILY.slot(datetime(2026, 3, 28, 12, 0, tzinfo=PARIS)) == datetime(
        2026, 3, 28, 3, 0, tzinfo=UTC)
    assert DAILY.slot(datetime(2026, 3, 29, 12, 0, tzinfo=PARIS)) == datetime(
        2026, 3, 29, 2, 0, tzinfo=UTC)


def test_slots_are_the_same_on_every_host_and_offsets_shift_them():
    hourly = Job("h", "x.y", every=timedelta(hours=1), offset=timedelta(minutes=7))
    assert hourly.slot(datetime(2026, 7, 1, 10, 6, 59, tzinfo=UTC)) == datetime(
        2026, 7, 1, 9, 7, tzinfo=UTC)
    assert hourly.slot(datetime(2026, 7, 1, 10, 7, tzinfo=UTC)) == datetime(
        2026, 7, 1, 10, 7, tzinfo=UTC)
    with pytest.raises(ValueError):
        Job("both", "x.y", every=timedelta(hours=1), at=time(4))


@pytest.mark.django_db
def test_a_job_whose_enqueue_failed_is_enqueued_at_the_next_tick(database_queue, monkeypatch):
    nine = datetime(2026, 3, 14, 9, 1, tzinfo=UTC)

    def refuse(self, task, args, kwargs):
        raise RuntimeError("queue unreachable")

    with monkeypatch.context() as patched:
        patched.setattr(DatabaseBackend, "enqueue", refuse)
        assert scheduler_tick(now=nine, jobs=(EVERY_FIVE,)) == []
    assert ScheduledJob.objects.get(name="test_every_five").last_slot is None
    assert scheduler_tick(now=nine + timedelta(seconds=20), jobs=(EVERY_FIVE,)) == [
        "test_every_five"]


def test_every_periodic_job_of_the_platform_is_in_the_table():
    """The commands documented for cron, each with its task in the one table."""
    tasks = {job.name: job.task for job in JOBS}
    assert tasks == {
        "rosters_escalate": "spp.rosters.tasks.escalation_check_task",
        "rosters_count_availability": "spp.rosters.tasks.availability_count_task",
        "carpool_guarantee_check": "spp.carpool.guarantee_tasks.guarantees_due_check",
        "carpool_registry_send": "spp.carpool.tasks.registry_send_pending",
        "impact_refresh": "spp.impact.tasks.figures_refresh_task",
        "task_results_prune": "spp.ops.tasks.task_results_prune_task",
        "retention_purge": "spp.core.tasks.retention_purge_task",
    }
    for path in tasks.values():
        assert isinstance(import_string(path), Task)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_schedulers_ticking_at_the_same_instant_enqueue_each_slot_once(database_queue):
    now = datetime(2026, 3, 14, 9, 1, tzinfo=UTC)
    ticks = at_once([lambda: scheduler_tick(now=now)] * 4)
    installed = sorted(job.name for job in JOBS if job.installed())
    assert sorted(name for names in ticks for name in names) == installed
    assert DBTaskResult.objects.count() == len(installed)


def test_the_scheduler_waits_out_a_database_outage_and_carries_on(caplog):
    stop, ticks = threading.Event(), []

    def tick(now):
        ticks.append(now)
        if len(ticks) <= 2:
            raise OperationalError("connection refused")
        stop.set()

    scheduler_loop(stop=stop, interval=0, retry=0, tick=tick)
    assert len(ticks) == 3
    assert caplog.text.count("database unreachable") == 1  # once per outage, not per try
    assert "reachable again" in caplog.text


@pytest.mark.django_db
def test_run_scheduler_once_enqueues_what_is_due_for_cron(database_queue):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    installed = [job.name for job in JOBS if job.installed()]
    assert out.getvalue().split() == [word for name in installed
                                      for word in ("Mise", "en", "file", ":", name)]
    assert DBTaskResult.objects.count() == len(installed)
