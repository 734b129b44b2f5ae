#!/usr/bin/env bash
# Task workers and the scheduler, kept running by spp/ops/supervisor.py (one restarts when it
# exits: a database or Redis outage, a memory kill; SIGTERM or Ctrl-C stops them all). With
# REDIS_URL: an RQ worker for the queue, plus a database worker for the tasks that fell back
# to PostgreSQL while Redis was unreachable. Without REDIS_URL: the database worker only
# (django-tasks-db). The scheduler (`manage.py run_scheduler`) enqueues the periodic jobs of
# spp/ops/scheduling.py; SPP_SCHEDULER=0 leaves it out. Run as many of these, on as many
# hosts, as needed: each periodic job is still enqueued once per slot.
set -euo pipefail
cd "$(dirname "$0")/.."
printf -v PY %q "${PYTHON:-.venv/bin/python}"
programs=()
if [[ -n "${REDIS_URL:-}" ]]; then
  programs+=("rqworker=$PY manage.py rqworker default --with-scheduler")
  programs+=("db_worker=$PY manage.py db_worker --backend fallback --queue-name default --interval 5")
else
  programs+=("db_worker=$PY manage.py db_worker --queue-name default")
fi
if [[ "${SPP_SCHEDULER:-1}" != 0 ]]; then
  programs+=("scheduler=$PY manage.py run_scheduler")
fi
exec "${PYTHON:-.venv/bin/python}" -m spp.ops.supervisor "${programs[@]}"
