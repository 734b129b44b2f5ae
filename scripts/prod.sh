#!/usr/bin/env bash
# `make prod`: SPP on one machine the way production runs it — gunicorn (DEBUG off,
# SPP_ENV=prod), PostgreSQL, Redis (cache, session cache, task queue through django-tasks-rq),
# the task workers and the scheduler (scripts/worker.sh), static files collected and served by
# WhiteNoise. See docs/deployment.md.
# Loopback only: put a TLS-terminating reverse proxy in front for real use.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
mkdir -p var/prod
if [[ ! -s var/prod/secret_key ]]; then
  (umask 077; head -c 48 /dev/urandom | base64 | tr -d '\n/+=' > var/prod/secret_key)
fi
if [[ ! -s var/prod/field_encryption_key ]]; then
  (umask 077; "$PY" -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())' \
    > var/prod/field_encryption_key)
fi
export SPP_ENV=prod DEBUG=0
export SECRET_KEY=${SECRET_KEY:-$(cat var/prod/secret_key)}
export SPP_FIELD_ENCRYPTION_KEYS=${SPP_FIELD_ENCRYPTION_KEYS:-$(cat var/prod/field_encryption_key)}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/spp_scale_prod}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/1}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-0}   # loopback has no TLS; 1 behind a proxy
export SITE_URL=${SITE_URL:-http://127.0.0.1:${PORT:-8150}}
export STATIC_ROOT=${STATIC_ROOT:-$PWD/var/prod/static} MEDIA_ROOT=${MEDIA_ROOT:-$PWD/var/prod/media}

db=$(basename "${DATABASE_URL%%\?*}")
psql "${DATABASE_URL%/*}/postgres" -qtAc "SELECT 1 FROM pg_database WHERE datname='$db'" \
  | grep -q 1 || psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE \"$db\""
"$PY" manage.py migrate --noinput
"$PY" manage.py createcachetable  # the shared cache when REDIS_URL is unset (no-op otherwise)
"$PY" manage.py collectstatic --noinput -v0
"$PY" manage.py check --deploy --fail-level ERROR

scripts/worker.sh &
worker=$!
trap 'kill $worker 2>/dev/null; wait' EXIT INT TERM
# config/gunicorn.conf.py: 2 × cores + 1 synchronous workers (WEB_CONCURRENCY to change), and why.
echo "SPP (production mode) on http://127.0.0.1:${PORT:-8150}"
"$PY" -m gunicorn config.wsgi:application --config config/gunicorn.conf.py \
  --bind "127.0.0.1:${PORT:-8150}" --access-logfile -
