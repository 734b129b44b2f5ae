"""The REDIS_URL path runs tasks through a real RQ worker (CI checks it): a task enqueued by
one process is run by ``manage.py rqworker`` in another, against the machine's Redis on a
database number of its own (SPP_TEST_REDIS_DB, 12 by default)."""

import os
import socket

import pytest

from spp.ops.tests import infra

REDIS_DB = int(os.environ.get("SPP_TEST_REDIS_DB", "12"))

SETUP = """
from spp.core.models import Notification, User
from spp.core.tasks import send_notification_email
user = User.objects.create_user("{email}", email_notifications=True)
note = Notification.objects.create(recipient=user, title="{title}", body="Garde demain.")
result = send_notification_email.enqueue(note.pk)
print(note.pk, result.backend)
"""


def machine_redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), 1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not machine_redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_a_task_enqueued_through_redis_is_run_by_an_rq_worker(fresh_db, private_pg, tmp_path):
    env = infra.django_env(fresh_db, tmp_path, TASKS_IMMEDIATE="0",
                           REDIS_URL=f"redis://127.0.0.1:6379/{REDIS_DB}")
    name = fresh_db.rsplit("/", 1)[1]
    note_id, backend = infra.shell(env, SETUP.format(email="rq@exemple.fr",
                                                     title="Rappel RQ")).split()
    assert backend == "default"  # the RQ backend, not the database fallback
    emailed = "SELECT emailed_at FROM core_notification WHERE id = %s"
    assert private_pg.execute(emailed, name, [int(note_id)]) == [(None,)]  # queued, not run

    output = infra.manage(env, "rqworker", "default", "--burst")

    assert private_pg.execute(emailed, name, [int(note_id)])[0][0] is not None
    assert "[SPP] Rappel RQ" in output  # the console email backend printed the message
