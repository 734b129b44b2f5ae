"""``make bench``: measure every app's key endpoints against the floor, in one run.

    python -m bench.run [--scale small|full] [--only reports] [--requests 300]

Starts the platform the production way (bench/server.py), seeds it once per scale, warms each
endpoint, then measures the floor (``/bench/floor``, a trivial view of the same server) and
each case from ``bench/cases/*.py``, prints a table and writes ``bench/results/latest.json``:
a list of {name, rows, median_ms, p95_ms, rps, queries, floor_median_ms, ratio_median,
ratio_p95} where both ratios divide by the floor's median latency — the mean of the floors
measured just before and just after the case (``floor_median_ms`` of its row), since the
machine's pace drifts over a run of several minutes. Quote ratios, not times.
"""

import argparse
import json
import os
import pkgutil
from importlib import import_module
from pathlib import Path

import bench.cases
from bench import client, server
from bench.cases import BenchCase

RESULTS = Path(__file__).resolve().parent / "results"
FLOOR = BenchCase("core.floor", "/bench/floor")
FLOOR_BESIDE_REQUESTS = 400  # the floor measured again between the cases


def discover(scale: str, only: set[str]) -> list[BenchCase]:
    """Every ``cases(scale)`` of bench/cases/<app>.py; ``only`` keeps the named apps."""
    found: list[BenchCase] = []
    for module_info in sorted(pkgutil.iter_modules(bench.cases.__path__), key=lambda m: m.name):
        module = import_module(f"bench.cases.{module_info.name}")
        if not hasattr(module, "cases"):
            continue
        for case in module.cases(scale):
            app = case.name.split(".", 1)[0]
            if not only or app in only or module_info.name in only:
                found.append(case)
    return found


def setup_django(database_url: str) -> None:
    """Let case modules use the ORM, on the benchmark's database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DATABASE_URL"] = database_url
    django.setup()


def headers_for(case: BenchCase, session_keys: dict[str, str]) -> dict:
    headers = dict(case.headers)
    cookies = []
    token = "b" * 32  # a CSRF secret of our own, sent as both the cookie and the header
    if case.login_email:
        # A signed-in browser carries its session and the CSRF cookie its first page set.
        cookies += [f"sessionid={session_keys[case.login_email]}", f"csrftoken={token}"]
    if case.method not in {"GET", "HEAD"}:
        if not case.login_email:
            cookies.append(f"csrftoken={token}")
        headers["X-CSRFToken"] = token
    if cookies:
        headers["Cookie"] = "; ".join(cookies)
    return headers


def measure(case: BenchCase, session_keys, *, port: int, total: int, concurrency: int,
            seconds: float | None = None) -> dict:
    """``total`` requests, or fewer if ``seconds`` run out first (a slow page at full scale
    must not hold the run for an hour: its median over fewer requests says as much)."""
    sample = client.run(host="127.0.0.1", port=port, method=case.method, path=case.path,
                        headers=headers_for(case, session_keys), data=case.data, total=total,
                        concurrency=concurrency, expected_status=case.expected_status,
                        duration_s=seconds)
    return {"name": case.name, "rows": case.rows, **sample.summary(),
            "error_kinds": sorted(set(sample.errors))[:3]}


def with_ratios(result: dict, floor_median: float) -> dict:
    result["floor_median_ms"] = floor_median
    result["ratio_median"] = round(result["median_ms"] / floor_median, 2) if floor_median else None
    result["ratio_p95"] = round(result["p95_ms"] / floor_median, 2) if floor_median else None
    return result


def print_table(results: list[dict]) -> None:
    header = (f"{'endpoint':36} {'rows':>9} {'median':>8} {'p95':>8} {'rps':>8} {'SQL':>4} "
              f"{'floor':>6} {'×med':>6} {'×p95':>6} {'err':>4} {'n':>5}")
    print("\n" + header + "\n" + "-" * len(header))
    for r in results:
        print(f"{r['name']:36} {r['rows']:>9} {r['median_ms']:>8.2f} {r['p95_ms']:>8.2f} "
              f"{r['rps']:>8.1f} {r['queries'] if r['queries'] is not None else '-':>4} "
              f"{r['floor_median_ms']:>6.2f} {r['ratio_median']:>6} {r['ratio_p95']:>6} "
              f"{r['errors']:>4} {r['requests']:>5}")
    print("(times in ms; ×med and ×p95 divide by the floor's median measured around the case, "
          "in the floor column; n requests measured)")


def print_growth(results: list[dict], scale: str) -> None:
    """Compare with the last run at a smaller scale (``tiny`` is 1/100th of ``small``): the
    growth of each endpoint's ratio to the floor, which cancels most of the machine's noise.
    The goal is at most 1.3."""
    smaller = {"small": "tiny", "full": "small"}.get(scale)
    path = RESULTS / f"{smaller}.json"
    if smaller is None or not path.exists():
        return
    before = {r["name"]: r for r in json.loads(path.read_text())}
    print(f"\nGrowth from {smaller} to {scale} (ratio to the floor, median):")
    for r in results:
        if r["name"] in before and before[r["name"]]["ratio_median"]:
            growth = r["ratio_median"] / before[r["name"]]["ratio_median"]
            print(f"  {r['name']:36} {before[r['name']]['rows']:>9} → {r['rows']:>9} rows  "
                  f"×{growth:.2f}{'' if growth <= 1.3 else '  (over 1.3)'}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default=os.environ.get("SCALE") or "small")
    parser.add_argument("--only", default=os.environ.get("ONLY", ""))
    parser.add_argument("--port", type=int, default=8140)
    parser.add_argument("--workers", type=int, default=None,
                        help="gunicorn processes (default: production's, 2 × cores + 1)")
    parser.add_argument("--requests", type=int, default=None, help="per endpoint")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--case-seconds", type=float, default=60.0,
                        help="stop measuring an endpoint after this long (default 60)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"),
                        help="default: spp_bench (small), spp_bench_<scale> for the others")
    parser.add_argument("--reseed", action="store_true", help="drop and seed the database again")
    args = parser.parse_args(argv)
    total = args.requests or (1000 if args.scale == "full" else 300)
    only = {item.strip() for item in args.only.split(",") if item.strip()}
    env = server.prod_env(args.database_url or server.database_url_for(args.scale))
    server.prepare(env, scale=args.scale, reseed=args.reseed)
    # Cases are collected once the data exists: some build their paths from it (ids, slugs).
    setup_django(env["DATABASE_URL"])
    cases = discover(args.scale, only)
    session_keys = server.sessions(env, sorted({c.login_email for c in cases if c.login_email}))
    results = []
    with server.Gunicorn(env, port=args.port, workers=args.workers) as gunicorn:
        for case in [FLOOR, *cases]:  # warm every worker on every endpoint
            measure(case, session_keys, port=args.port, total=4 * gunicorn.workers,
                    concurrency=args.concurrency, seconds=args.case_seconds)
        def floor(requests: int) -> dict:
            return measure(FLOOR, session_keys, port=args.port, total=requests,
                           concurrency=args.concurrency)

        whole_floor = floor(max(total, 2000))
        results.append(with_ratios(whole_floor, whole_floor["median_ms"]))
        # The floor again between cases: a run lasts minutes, and the machine's pace drifts
        # meanwhile; each case is compared with the mean of the floors just before and after.
        before = floor(FLOOR_BESIDE_REQUESTS)["median_ms"]
        for case in cases:
            print(f"measuring {case.name}…", flush=True)
            sample = measure(case, session_keys, port=args.port, total=total,
                             concurrency=args.concurrency, seconds=args.case_seconds)
            after = floor(FLOOR_BESIDE_REQUESTS)["median_ms"]
            results.append(with_ratios(sample, round((before + after) / 2, 3)))
            before = after
    print_table(results)
    RESULTS.mkdir(exist_ok=True)
    keys = ["name", "rows", "median_ms", "p95_ms", "rps", "queries", "floor_median_ms",
            "ratio_median", "ratio_p95", "errors", "requests"]
    rows = json.dumps([{key: r[key] for key in keys} for r in results], indent=2) + "\n"
    (RESULTS / "latest.json").write_text(rows)
    (RESULTS / f"{args.scale}.json").write_text(rows)
    print_growth(results, args.scale)
    print(f"\nFloor: {whole_floor['rps']:.0f} requests/s. Written to bench/results/latest.json")
    load = os.getloadavg()[0]
    print(f"Load average at the end: {load:.1f} on {os.cpu_count()} cores (other work on the "
          "machine inflates every figure; compare ratios within one run).")
    failed = [r["name"] for r in results if r["errors"]]
    if failed:
        print("Endpoints with errors: " + ", ".join(
            f"{r['name']} ({', '.join(r['error_kinds'])})" for r in results if r["errors"]))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
