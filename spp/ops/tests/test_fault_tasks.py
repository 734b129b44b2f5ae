"""Drills of the task queue (REDIS_URL path), on a private PostgreSQL and a private Redis:

- Redis stops: tasks enqueued meanwhile fall back to the PostgreSQL queue (django-tasks-db),
  pages and sessions keep working; after Redis returns, both queues are drained and every
  task has run once — nothing is lost.
- A worker dies mid-task (its work horse is SIGKILLed): RQ retries the job and the task's
  effect (one ledger row) happens once."""

import os
import signal
import subprocess
import sys

import pytest

from spp.ops.tests import infra

pytestmark = pytest.mark.processes

NOTIFY = """
from spp.core.models import Notification, User
from spp.core.tasks import send_notification_email
user, _ = User.objects.get_or_create(email="file@exemple.fr")
note = Notification.objects.create(recipient=user, title="{title}")
print(note.pk, send_notification_email.enqueue(note.pk).backend)
"""
DEGRADED = """
from django.core.cache import cache
from importlib import import_module
from django.conf import settings
cache.set("k", 1)
store = import_module(settings.SESSION_ENGINE).SessionStore()
store["x"] = 1
store.create()
loaded = import_module(settings.SESSION_ENGINE).SessionStore(store.session_key).load()
print(cache.get("k", "miss"), loaded["x"])
"""


def test_redis_outage_queues_tasks_in_postgres_and_loses_none(
        private_pg, fresh_db, private_redis, tmp_path):
    env = infra.django_env(fresh_db, tmp_path, TASKS_IMMEDIATE="0",
                           REDIS_URL=private_redis.url())
    name = fresh_db.rsplit("/", 1)[1]
    before_id, before_backend = infra.shell(env, NOTIFY.format(title="Avant")).split()
    assert before_backend == "default"  # in Redis

    private_redis.stop()
    during_id, during_backend, cached, session_value = infra.shell(
        env, NOTIFY.format(title="Pendant") + DEGRADED).split()
    assert during_backend == "fallback"  # in PostgreSQL, and the caller did not fail
    assert (cached, session_value) == ("miss", "1")  # the cache misses, sessions still work

    private_redis.start()  # its append-only file still holds the first job
    rq_output = infra.manage(env, "rqworker", "default", "--burst")
    db_output = infra.manage(env, "db_worker", "--backend", "fallback", "--batch",
                             "--no-startup-delay")
    assert "[SPP] Avant" in rq_output and "[SPP] Pendant" in db_output
    emailed = private_pg.execute("SELECT id FROM core_notification WHERE emailed_at IS NOT NULL "
                                 "ORDER BY id", name)
    assert emailed == [(int(before_id),), (int(during_id),)]


def test_a_worker_killed_mid_task_is_retried_and_its_effect_happens_once(
        private_pg, fresh_db, private_redis, tmp_path):
    env = infra.django_env(fresh_db, tmp_path, TASKS_IMMEDIATE="0",
                           REDIS_URL=private_redis.url())
    name = fresh_db.rsplit("/", 1)[1]
    marker = tmp_path / "attempts"
    infra.shell(env, infra.DRILL_SETUP.format(services=1) + "from spp.ops.tasks import "
                f"drill_record\ndrill_record.enqueue(user.pk, service.pk, 'drill:once', "
                f"'{marker}', 60)")
    worker = subprocess.Popen([sys.executable, "manage.py", "rqworker", "default"],
                              cwd=infra.ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        first = infra.wait_for(lambda: marker.exists() and marker.read_text().split(), 30)
        os.kill(int(first[0]), signal.SIGKILL)  # the work horse dies mid-task
        attempts = infra.wait_for(lambda: len(marker.read_text().split()) >= 2 and
                                  marker.read_text().split(), 90)
    finally:
        worker.terminate()
        try:
            worker.wait(60)  # a loaded machine may take a while to stop it warmly
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    assert len(attempts) == 2 and attempts[0] != attempts[1]  # retried in a new process
    rows = private_pg.execute("SELECT count(*) FROM core_participation "
                              "WHERE source_key = 'drill:once'", name)
    assert rows == [(1,)]
