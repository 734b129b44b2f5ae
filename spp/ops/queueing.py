"""The task queue's resilience, when ``REDIS_URL`` is set (RQ through django-tasks-rq).

- ``RetryingQueue``: every job may be retried (``RQ_RETRIES`` times): when a worker dies
  mid-task (killed, out of memory) RQ re-runs the job; tasks are written to be idempotent, so
  their effects happen once.
- ``RQWithDatabaseFallback``: when Redis cannot be reached at enqueue time, the task goes to the
  PostgreSQL-backed queue of django-tasks-db instead (the ``fallback`` backend), which
  ``manage.py db_worker`` drains; the request that enqueued it still succeeds, and no task is
  lost. ``make worker`` runs both workers.
"""

import logging

from django.conf import settings
from django_rq.queues import DjangoRQ
from django_tasks import task_backends
from django_tasks_rq import RQBackend
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rq import Retry

logger = logging.getLogger("spp.ops.queueing")


class RetryingQueue(DjangoRQ):
    def create_job(self, *args, **kwargs):
        if kwargs.get("retry") is None and getattr(settings, "RQ_RETRIES", 0):
            kwargs["retry"] = Retry(max=settings.RQ_RETRIES)
        return super().create_job(*args, **kwargs)


class RQWithDatabaseFallback(RQBackend):
    fallback_alias = "fallback"

    def enqueue(self, task, args, kwargs):
        try:
            return super().enqueue(task, args, kwargs)
        except (RedisConnectionError, RedisTimeoutError) as error:
            logger.warning("Redis unreachable (%s): task %s queued in the database instead",
                           error.__class__.__name__, task.module_path)
            fallback = task_backends[self.fallback_alias]
            return fallback.enqueue(task.using(backend=self.fallback_alias), args, kwargs)
