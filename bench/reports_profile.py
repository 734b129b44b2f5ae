"""Reports endpoints measured in one process, against the floor, without HTTP or worker noise:
the same cases as bench/cases/reports.py, through Django's test client with the production
settings of the benchmark server (DEBUG off, cached templates), interleaved round by round so
that the machine's load weighs on all alike.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/spp_reports_bench \\
        .venv/bin/python bench/reports_profile.py [--rounds 200] [--profile reports.agent_queue]

The database must be seeded first (``manage.py seed_demo`` then ``seed_scale --only reports``).
Prints, for each case, the median time, the SQL statements and the ratio to the floor
(``/bench/floor``) and to a trivial signed-in HTML page; ``--profile`` adds the cProfile top
functions of one case."""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _setup(database_url: str) -> None:
    from bench import server

    os.environ.update(server.prod_env(database_url, ALLOWED_HOSTS="127.0.0.1,testserver"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _cases():
    from bench.cases.reports import cases

    found = [("core.floor", "/bench/floor", None),
             ("core.legal_page_signed_in", "/mentions-legales/", "agent")]
    for case in cases("small"):
        if case.method == "GET":
            found.append((case.name, case.path, "agent" if case.login_email else None))
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--profile", default="")
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/spp_reports_bench"))
    args = parser.parse_args(argv)
    _setup(args.database_url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from spp.core.models import User
    from spp.reports.scale import AGENT_EMAIL

    anonymous, agent = Client(), Client()
    agent.force_login(User.objects.get(email=AGENT_EMAIL))
    clients = {None: anonymous, "agent": agent}
    cases = _cases()
    queries = {}
    for name, path, who in cases:  # warm up, and count the SQL once
        for _ in range(5):
            clients[who].get(path)
        with CaptureQueriesContext(connection) as captured:
            response = clients[who].get(path)
        assert response.status_code == 200, (name, response.status_code)
        queries[name] = len(captured)
    samples = {name: [] for name, _p, _w in cases}
    for _round in range(args.rounds):
        for name, path, who in cases:
            began = time.perf_counter()
            clients[who].get(path)
            samples[name].append(time.perf_counter() - began)
    floor = statistics.median(samples["core.floor"])
    page = statistics.median(samples["core.legal_page_signed_in"])
    print(f"{'case':36} {'median ms':>9} {'SQL':>4} {'× floor':>8} {'× page':>7}")
    for name, _path, _who in cases:
        median = statistics.median(samples[name])
        print(f"{name:36} {median * 1000:9.2f} {queries[name]:4} {median / floor:8.2f} "
              f"{median / page:7.2f}")
    if args.profile:
        name, path, who = next(c for c in cases if c[0] == args.profile)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(100):
            clients[who].get(path)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
