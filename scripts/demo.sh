#!/usr/bin/env bash
# The demo's processes, from one command (`make demo`): the task worker and the scheduler in
# the background (scripts/worker.sh, which restarts them if they stop), so notifications,
# emails, call-out alerts and the periodic jobs (escalations, counts, purges) run as they would
# in production, and the web server in the foreground. Emails are printed here, in this
# console (EMAIL_URL=console://, the default). Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
PORT=${PORT:-8000}
# Links in emails and Open311's discovery name the address actually served.
export SITE_URL=${SITE_URL:-http://127.0.0.1:$PORT}
# DEBUG off: a missing page or an error shows the platform's own 404 and 500 pages, as a
# visitor would see them, not Django's debug page (DEBUG=1 make demo brings that back).
# WhiteNoise still serves the static files, and config/urls.py the public media.
export DEBUG=${DEBUG:-0}
PYTHON="$PY" scripts/worker.sh &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM
"$PY" manage.py runserver "127.0.0.1:$PORT"
