#!/usr/bin/env bash
# Task workers. With REDIS_URL: an RQ worker for the queue, plus a database worker for the
# tasks that fell back to PostgreSQL while Redis was unreachable. Without REDIS_URL: the
# database worker only (django-tasks-db). Run as many of these, on as many hosts, as needed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait; }
trap stop EXIT INT TERM
if [[ -n "${REDIS_URL:-}" ]]; then
  "$PY" manage.py rqworker default --with-scheduler &
  pids+=($!)
  "$PY" manage.py db_worker --backend fallback --queue-name default --interval 5 &
  pids+=($!)
else
  "$PY" manage.py db_worker --queue-name default &
  pids+=($!)
fi
wait -n
