"""Two checkouts of the platform side by side (or one checkout on two databases: the growth
from one scale to another), measured in the same rounds: each round hits the floor and every
GET case of bench/cases/reports.py on one server, then on the other (one keep-alive
connection each, one request at a time), so that the machine's load weighs on both alike.
Prints each case's median and its ratio to the floor of the same server.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/spp_reports_bench \\
        .venv/bin/python bench/reports_ab.py /path/to/before /path/to/after [--rounds 300]
    .venv/bin/python bench/reports_ab.py . . --after-database-url postgres://…/spp_reports_big

Each checkout needs var/bench/static (``collectstatic``, as ``make bench`` does); the database
must be seeded (``seed_demo``, then ``seed_scale --only reports``)."""

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import server  # noqa: E402
from bench.cases.reports import cases  # noqa: E402
from spp.reports.scale import AGENT_EMAIL  # noqa: E402


def _start(root: str, port: int, env: dict) -> subprocess.Popen:
    env = {**env, "STATIC_ROOT": str(Path(root) / "var" / "bench" / "static")}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"],
        cwd=root, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError(f"{root} did not start")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--after-database-url", default="",
                        help="the second server's database (default: the same as the first)")
    args = parser.parse_args(argv)
    first = os.environ.get("BENCH_DATABASE_URL",
                           "postgres://postgres@127.0.0.1:5432/spp_reports_bench")
    servers = {"before": (args.before, 8151, first),
               "after": (args.after, 8152, args.after_database_url or first)}
    targets, processes = {}, []
    for side, (root, port, database_url) in servers.items():
        env = server.prod_env(database_url)
        os.environ["BENCH_DATABASE_URL"] = database_url  # the Open311 window of that database
        session = server.sessions(env, [AGENT_EMAIL])[AGENT_EMAIL]
        targets[side] = [("core.floor", "/bench/floor", None),
                         ("core.legal_page_signed_in", "/mentions-legales/", session)] + [
            (c.name, c.path, session if c.login_email else None)
            for c in cases("small") if c.method == "GET"]
        processes.append(_start(root, port, env))
    try:
        connections = {side: http.client.HTTPConnection("127.0.0.1", port)
                       for side, (_root, port, _url) in servers.items()}
        samples = {(side, name): [] for side in servers for name, _p, _s in targets[side]}
        for round_number in range(args.rounds + 5):
            for side, connection in connections.items():
                for name, path, session in targets[side]:
                    headers = {"Cookie": f"sessionid={session}"} if session else {}
                    began = time.perf_counter()
                    connection.request("GET", path, headers=headers)
                    response = connection.getresponse()
                    response.read()
                    elapsed = time.perf_counter() - began
                    assert response.status == 200, (side, name, response.status)
                    if round_number >= 5:  # the first rounds warm the worker
                        samples[side, name].append(elapsed * 1000)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
    print(f"{'case':34} {'before ms':>9} {'× floor':>8} {'after ms':>9} {'× floor':>8}")
    floors = {side: statistics.median(samples[side, "core.floor"]) for side in servers}
    for name, _path, _session in targets["before"]:
        cells = []
        for side in servers:
            median = statistics.median(samples[side, name])
            cells.append(f"{median:9.2f} {median / floors[side]:8.2f}")
        print(f"{name:34} {' '.join(cells)}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
