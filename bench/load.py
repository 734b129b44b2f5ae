"""``make load``: a bounded mixed load (bench/locustfile.py) against the production-like
server on 127.0.0.1, then the error rate and latency percentiles.

    python -m bench.load [--users 200] [--spawn-rate 20] [--duration 60s] [--scale small]
"""

import argparse
import csv
import json
import os
import subprocess
import sys

from bench import server
from bench.run import discover, setup_django

PORT = 8141


def summary(stats_csv) -> dict:
    with open(stats_csv) as handle:
        rows = list(csv.DictReader(handle))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    return {"requests": requests, "failures": failures,
            "error_rate_percent": round(100 * failures / requests, 3) if requests else 0.0,
            "rps": float(total["Requests/s"]),
            **{f"p{p}_ms": float(total[f"{p}%"]) for p in (50, 95, 99)},
            "per_endpoint": {row["Name"]: {"requests": int(row["Request Count"]),
                                           "failures": int(row["Failure Count"]),
                                           "p50_ms": float(row["50%"]),
                                           "p95_ms": float(row["95%"])}
                             for row in rows if row["Name"] != "Aggregated"}}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default=os.environ.get("SCALE") or "small")
    parser.add_argument("--users", type=int, default=int(os.environ.get("USERS", "200")))
    parser.add_argument("--spawn-rate", type=int, default=20)
    parser.add_argument("--duration", default=os.environ.get("DURATION", "60s"))
    parser.add_argument("--workers", type=int, default=None,
                        help="gunicorn processes (default: production's, 2 × cores + 1)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args(argv)
    env = server.prod_env(args.database_url or server.database_url_for(args.scale),
                          SPP_BENCH="0")
    server.prepare(env, scale=args.scale, reseed=False)
    setup_django(env["DATABASE_URL"])  # cases build their paths from the data
    emails = sorted({c.login_email for c in discover(args.scale, set()) if c.login_email}
                    | {"citoyen@spp.demo"})
    sessions_file = server.STATE / "load-sessions.json"
    sessions_file.write_text(json.dumps(server.sessions(env, emails)))
    prefix = server.STATE / "load"
    with server.Gunicorn(env, port=PORT, workers=args.workers):
        subprocess.run([sys.executable, "-m", "locust", "-f", "bench/locustfile.py",
                        "--headless", "--only-summary", "-u", str(args.users),
                        "-r", str(args.spawn_rate), "-t", args.duration,
                        "--host", f"http://127.0.0.1:{PORT}", "--csv", str(prefix),
                        "--stop-timeout", "10", "--exit-code-on-error", "0"],
                       cwd=server.ROOT, check=True,
                       env={**os.environ, "SPP_LOAD_SESSIONS": str(sessions_file),
                            "SCALE": args.scale, "SPP_LOAD_DATABASE_URL": env["DATABASE_URL"]})
    result = summary(f"{prefix}_stats.csv")
    print(f"\nMixed load: {args.users} users for {args.duration} → {result['requests']} requests, "
          f"{result['rps']:.1f}/s, errors {result['error_rate_percent']} %, "
          f"p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, "
          f"p99 {result['p99_ms']:.0f} ms")
    (server.ROOT / "bench" / "results").mkdir(exist_ok=True)
    (server.ROOT / "bench" / "results" / "load.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
