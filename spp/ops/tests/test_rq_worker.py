"""The REDIS_URL path runs tasks through a real RQ worker (CI checks it): a task enqueued by
one process is run by ``manage.py rqworker`` in another, against a Redis server of the test's
own (so that no other run's queue on the machine's Redis can reach this worker)."""

import pytest

from spp.ops.tests import infra

pytestmark = pytest.mark.processes

SETUP = """
from spp.core.models import Notification, User
from spp.core.tasks import send_notification_email
user = User.objects.create_user("{email}", email_notifications=True)
note = Notification.objects.create(recipient=user, title="{title}", body="Garde demain.")
result = send_notification_email.enqueue(note.pk)
print(note.pk, result.backend)
"""


def test_a_task_enqueued_through_redis_is_run_by_an_rq_worker(fresh_db, private_pg,
                                                            private_redis, tmp_path):
    env = infra.django_env(fresh_db, tmp_path, TASKS_IMMEDIATE="0",
                           REDIS_URL=private_redis.url(0))
    name = fresh_db.rsplit("/", 1)[1]
    note_id, backend = infra.shell(env, SETUP.format(email="rq@exemple.fr",
                                                     title="Rappel RQ")).split()
    assert backend == "default"  # the RQ backend, not the database fallback
    emailed = "SELECT emailed_at FROM core_notification WHERE id = %s"
    assert private_pg.execute(emailed, name, [int(note_id)]) == [(None,)]  # queued, not run

    output = infra.manage(env, "rqworker", "default", "--burst")

    assert private_pg.execute(emailed, name, [int(note_id)])[0][0] is not None
    assert "[SPP] Rappel RQ" in output  # the console email backend printed the message
