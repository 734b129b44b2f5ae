"""Drill: the workers outlive a database outage. ``scripts/worker.sh`` (as ``make prod`` and
``make demo`` run it) reaches PostgreSQL through a TCP relay that the test cuts: the database
worker loses its connection and crashes, the supervisor restarts it (again and again, waiting
longer each time, while the link is down); a task queued during the outage — straight into
PostgreSQL, which stays up for everyone else — is run once the link is back.

The test database is the session's own (pytest-django's, committed rows:
``transaction=True``); the worker runs the database queue (no ``REDIS_URL``)."""

import os
import signal
import subprocess
import sys

import pytest
from django.db import connection

from spp.core.models import Notification
from spp.core.tasks import send_notification_email
from spp.core.tests.factories import UserFactory
from spp.ops.tests import infra

pytestmark = [pytest.mark.processes, pytest.mark.postgres,
              pytest.mark.django_db(transaction=True)]


def _queue_notification(title: str) -> Notification:
    user = UserFactory(email_notifications=False)
    note = Notification.objects.create(recipient=user, title=title)
    send_notification_email.enqueue(note.pk)  # a row of the database queue, written directly
    return note


def _emailed(note: Notification) -> bool:
    return Notification.objects.filter(pk=note.pk, emailed_at__isnull=False).exists()


def _through(proxy: infra.TcpProxy) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@127.0.0.1:{proxy.port}/{db['NAME']}"


def test_the_workers_outlive_a_database_outage_and_run_what_was_queued_meanwhile(
        settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
    db = connection.settings_dict
    log = tmp_path / "worker.log"
    with infra.TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)) as proxy, \
            open(log, "w") as output:
        env = infra.django_env(_through(proxy), tmp_path, TASKS_IMMEDIATE="0",
                               SPP_SCHEDULER="0", PYTHON=sys.executable, LOG_LEVEL="INFO")
        worker = subprocess.Popen(["bash", "scripts/worker.sh"], cwd=infra.ROOT, env=env,
                                  stdout=output, stderr=subprocess.STDOUT,
                                  start_new_session=True)
        try:
            before = _queue_notification("Avant la coupure")
            infra.wait_for(lambda: _emailed(before), timeout=120)  # up, through the relay

            proxy.cut()
            during = _queue_notification("Pendant la coupure")
            infra.wait_for(lambda: "db_worker exited" in log.read_text(), timeout=60)
            assert not _emailed(during)
            proxy.restore()

            infra.wait_for(lambda: _emailed(during), timeout=120)
            assert worker.poll() is None  # the supervisor itself never stopped
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
    assert worker.returncode == 0
    text = log.read_text()
    assert "[SPP] Avant la coupure" in text and "[SPP] Pendant la coupure" in text
    assert text.count("db_worker started") >= 2
