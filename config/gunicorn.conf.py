"""How gunicorn serves SPP in production: read by ``make prod`` (scripts/prod.sh), by the
benchmark harness (bench/server.py) and by ``make load``, so that what is measured is what is
deployed. ``gunicorn -c config/gunicorn.conf.py config.wsgi:application``; the command line
and ``GUNICORN_CMD_ARGS`` override any line here.

Why synchronous workers, one request per process at a time: SPP's requests spend their time
in Python (PostgreSQL and Redis answer in well under a millisecond on a local network), so
threads inside one process only wait for each other's GIL. And a ``gthread`` worker keeps
each keep-alive connection to itself: under load one process ends up with three connections
and another with one, and the unlucky connections wait three times as long. Measured on the
2-core machine with 8 clients (docs/deployment.md), ``sync`` workers cut most pages' 95th
percentile by a quarter to a third, for 7 % fewer requests a second.

Synchronous workers assume a buffering reverse proxy in front (nginx, HAProxy, a cloud load
balancer), which keeps the browsers' connections alive and absorbs slow clients; every
deployment of SPP has one for TLS anyway (docs/deployment.md).
"""

import multiprocessing
import os

import gunicorn.http.wsgi

worker_class = "sync"
# Enough processes to keep every core busy while some wait on the database.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count() + 1)
# A synchronous worker that answers nothing for this long is restarted. Streamed exports
# (a consultation's 2,000,000 answers in CSV) send for minutes, and a sync worker cannot
# tell "streaming" from "stuck": the bound leaves them room.
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 600)
graceful_timeout = 20
# Recycle each process now and then, so that a slow leak in a dependency never grows; rarely,
# since a new process starts cold (imports, per-process memos): at 500 requests a second per
# process, every few minutes.
max_requests = 100_000
max_requests_jitter = 10_000
backlog = 2048
# Several servers run side by side in the benchmark and the tests: the control socket
# (one per user by default) would collide, and nothing here uses it.
control_socket_disable = True

# No "Server: gunicorn" banner: naming the server (and a version to look up flaws for) helps
# only an attacker. gunicorn has no setting for it: each response's Server header is read from
# the module global ``gunicorn.http.wsgi.SERVER`` when the response is made, so it is set here,
# in the master before the workers fork (checked in spp/ops/tests/test_serving_config.py
# against the gunicorn installed). nginx replaces the header with its own anyway; HAProxy and
# some load balancers pass it through.
gunicorn.http.wsgi.SERVER = "SPP"
