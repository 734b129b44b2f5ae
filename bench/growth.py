"""``make bench-growth``: how much each read slows from one scale to another, computed cold and
measured interleaved so that the machine's load weighs on both alike.

    python -m bench.growth [--from hundredth] [--to full] [--only reports,consultations]
                           [--rounds 6]

Two production-like servers (bench/server.py) run side by side, one on each scale's database
(each seeded once, as ``make bench`` does) with its own Redis database; every round measures
the floor and each case on both, in turn. An endpoint's growth is its ratio to the floor at the
larger scale divided by the same ratio at the smaller one: comparing two separate runs of
``make bench`` instead mixes in how the machine's load moved between them (±30 %). The goal
(issues 6 and 13) is at most 1.3. Only reads (GET) are measured, and cold: every request
carries a parameter of its own (``bench.run.cold_path``), so that each computes its page, as
the goal is about the pages' own cost, not a cache's."""

import argparse
import json
import os
import statistics
import subprocess
import sys

from bench import client, server
from bench.cases import BenchCase
from bench.run import FLOOR, cold_path, headers_for

CASES_OF_SCALE = """
import json, os, sys
sys.path.insert(0, os.getcwd())
from bench.run import discover, setup_django
setup_django(os.environ["DATABASE_URL"])
print(json.dumps([[c.name, c.path, c.login_email] for c in discover(sys.argv[1], set(sys.argv[2:]))
                  if c.method == "GET"]))
"""


def cases_of(env: dict, scale: str, only: set[str]) -> dict[str, BenchCase]:
    """The GET cases of ``scale``, built against its own database (paths hold its ids)."""
    output = subprocess.run([sys.executable, "-c", CASES_OF_SCALE, scale, *sorted(only)],
                            cwd=server.ROOT, env=env, check=True, capture_output=True,
                            text=True).stdout
    return {name: BenchCase(name, path, login_email=email)
            for name, path, email in json.loads(output.strip().splitlines()[-1])}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="small", default="hundredth")
    parser.add_argument("--to", dest="large", default="full")
    parser.add_argument("--only", default=os.environ.get("ONLY", ""))
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--requests", type=int, default=150, help="per case, round and server")
    args = parser.parse_args(argv)
    only = {item.strip() for item in args.only.split(",") if item.strip()}
    envs = {}
    for scale, redis_db in ((args.small, 3), (args.large, 4)):  # one cache each, emptied
        env = server.prod_env(server.database_url_for(scale),
                              REDIS_URL=server.redis_url(f"redis://127.0.0.1:6379/{redis_db}"))
        server.prepare(env, scale=scale, reseed=False)
        envs[scale] = env
    cases = {scale: cases_of(env, scale, only) for scale, env in envs.items()}
    names = [name for name in cases[args.small] if name in cases[args.large]]
    ports = {args.small: 8141, args.large: 8142}
    keys = {scale: server.sessions(env, sorted({c.login_email for c in cases[scale].values()
                                                if c.login_email}))
            for scale, env in envs.items()}
    medians: dict[tuple[str, str], list[float]] = {}
    with server.Gunicorn(envs[args.small], port=8141, workers=2), \
            server.Gunicorn(envs[args.large], port=8142, workers=2):
        for round_number in range(args.rounds + 1):  # the first round warms up
            for name in ["core.floor", *names]:
                for scale in (args.small, args.large):
                    is_floor = name == "core.floor"
                    case = FLOOR if is_floor else cases[scale][name]
                    sample = client.run(
                        host="127.0.0.1", port=ports[scale], method="GET",
                        path=case.path if is_floor else cold_path(case.path),
                        headers=headers_for(case, keys[scale]), data=None,
                        total=args.requests if round_number else 30, concurrency=4,
                        expected_status=case.expected_status)
                    if round_number:
                        medians.setdefault((scale, name), []).append(
                            sample.summary()["median_ms"])
    floor = {scale: statistics.median(medians[(scale, "core.floor")]) for scale in ports}
    print(f"\n{'endpoint':40} {args.small:>8} {args.large:>8} {'growth':>7}")
    worst = 0.0
    for name in names:
        ratios = [statistics.median(medians[(scale, name)]) / floor[scale] for scale in ports]
        growth = ratios[1] / ratios[0]
        worst = max(worst, growth)
        print(f"{name:40} {ratios[0]:7.2f}× {ratios[1]:7.2f}× {growth:7.2f}"
              f"{'' if growth <= 1.3 else '  (over 1.3)'}")
    print(f"(cold ratios to each server's floor; growth = {args.large} ratio / {args.small} "
          "ratio)")
    return 0 if worst <= 1.3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
