"""``make bench-writes``: the sustained write rate, as a storm would bring it.

    python -m bench.writes [--duration 120] [--concurrency 16] [--scale small]

Serves the platform as production does (bench/server.py: gunicorn, PostgreSQL, Redis for the
cache, sessions and task queue) with its task workers running, and files reports through
Open311 ``POST requests.json`` — every one different (category, position, text) — for
``--duration`` seconds. Then it counts in the database: every report answered 200 must be
there exactly once, and nothing else. It prints the overall rate, the slowest 10-second
window (the sustained rate), latency percentiles and errors, and writes
``bench/results/writes.json``. The issue's goal: ≥ 100 reports a second for 2 minutes, 0 errors.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import time
import uuid

import psycopg

from bench import client, server
from spp.open311.scale import OPEN311_KEY
from spp.reports.scale import CATEGORY_COUNT, WRITES_CATEGORY_PREFIX, WRITES_SERVICE_SLUG

PORT = 8142
CATEGORIES = [f"{WRITES_CATEGORY_PREFIX}-{index:02d}" for index in range(CATEGORY_COUNT)]
# North of Voiron's centre: inside the territory of the twin service the writes go to (part of
# the generated history's box lies outside, where Open311 answers 400).
AREA = (45.372, 5.580, 45.380, 5.598)


def report_form(run_id: str):
    """The n-th report of this run: a category, a point in the service's area, a unique text."""
    min_lat, min_lon, max_lat, max_lon = AREA

    def form(number: int) -> dict:
        rng = random.Random(number)
        return {"api_key": OPEN311_KEY, "jurisdiction_id": WRITES_SERVICE_SLUG,
                "service_code": CATEGORIES[number % len(CATEGORIES)],
                "lat": f"{rng.uniform(min_lat, max_lat):.6f}",
                "long": f"{rng.uniform(min_lon, max_lon):.6f}",
                "description": f"Chaussée abîmée (banc d’écriture {run_id} n° {number})",
                "email": f"signaleur{number % 500}@exemple.fr"}

    return form


def rows_of_run(database_url: str, run_id: str) -> tuple[int, int]:
    """(reports of this run, distinct texts among them): equal when nothing was doubled."""
    with psycopg.connect(database_url) as connection:
        return connection.execute(
            "SELECT count(*), count(DISTINCT description) FROM reports_report "
            "WHERE description LIKE %s", [f"%banc d’écriture {run_id} n° %"]).fetchone()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default=os.environ.get("SCALE") or "small")
    parser.add_argument("--duration", type=float, default=120.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=None,
                        help="gunicorn processes (default: production's, 2 × cores + 1)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args(argv)
    env = server.prod_env(args.database_url or server.database_url_for(args.scale))
    server.prepare(env, scale=args.scale, reseed=False)
    run_id = uuid.uuid4().hex[:8]
    form = report_form(run_id)
    call = {"host": "127.0.0.1", "port": PORT, "method": "POST",
            "path": "/open311/v2/requests.json", "expected_status": 200,
            "headers": {"Content-Type": "application/x-www-form-urlencoded"}}
    # The workers only: the scheduler's periodic jobs would weigh on what is measured.
    workers = subprocess.Popen(["scripts/worker.sh"], cwd=server.ROOT, start_new_session=True,
                               env={**env, "PYTHON": sys.executable, "SPP_SCHEDULER": "0"})
    try:
        with server.Gunicorn(env, port=PORT, workers=args.workers) as gunicorn:
            client.run(**call, data=report_form(f"{run_id}-warm"), total=8 * gunicorn.workers,
                       concurrency=args.concurrency)  # warm every worker (not counted)
            print(f"Filing reports for {args.duration:.0f} s with {args.concurrency} clients…",
                  flush=True)
            sample = client.run(**call, data=form, total=None, duration_s=args.duration,
                                concurrency=args.concurrency)
    finally:
        os.killpg(workers.pid, 15)
        workers.wait(timeout=30)
    time.sleep(0.5)
    stored, distinct = rows_of_run(env["DATABASE_URL"], run_id)
    windows = sample.rate_per_window(10.0)
    answered = len(sample.finished_at_s)
    result = {"name": "reports.open311_post_sustained", "duration_s": round(sample.wall_s, 1),
              "concurrency": args.concurrency, "gunicorn_workers": gunicorn.workers,
              **sample.summary(),
              "sustained_rps_min_10s": round(min(windows), 1) if windows else 0.0,
              "answered_200": answered, "rows_stored": stored, "rows_distinct": distinct,
              "lost_or_doubled": answered - stored + (stored - distinct)}
    print(json.dumps(result, indent=2))
    print(f"\n{answered} reports in {sample.wall_s:.0f} s: {result['rps']} a second overall, "
          f"{result['sustained_rps_min_10s']} in the slowest 10 s; "
          f"median {result['median_ms']} ms, p95 {result['p95_ms']} ms; "
          f"{result['errors']} errors; stored {stored} ({distinct} distinct) — "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.")
    (server.ROOT / "bench" / "results").mkdir(exist_ok=True)
    (server.ROOT / "bench" / "results" / "writes.json").write_text(json.dumps(result, indent=2))
    return 1 if result["errors"] or result["lost_or_doubled"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
