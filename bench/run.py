"""``make bench``: measure every app's key endpoints against the floor, in one run.

    python -m bench.run [--scale small|full] [--only reports] [--requests 300]

Starts the platform the production way (bench/server.py), seeds it once per scale, warms each
endpoint, then measures the floor (``/bench/floor``, a trivial view of the same server) and
each case from ``bench/cases/*.py``. A read (GET) is measured twice in a row:

- **cold**: every request carries ``_cold=<token>-<n>``, a parameter that changes on every
  request (views ignore it), so that no cache keyed on the URL can answer — neither Django's
  ``cache_page`` for anonymous pages nor a ``{% cache %}`` fragment: each request computes its
  page, which is what a citizen or an agent mostly gets;
- **warm**: the same URL repeated, as a page asked again before anything changed.

Each measure is compared with the floor measured just before and just after it (the mean of
their medians), since the machine's pace drifts over a run of several minutes. Writes are
measured once. The harness prints a table (cold first, then warm; the cold ratios against the
goals of issue 13, which never fail the run: these are shared, noisy machines) and writes
``bench/results/latest.json`` (fields: bench/report.py). Quote ratios, not times.
"""

import argparse
import os
import pkgutil
import secrets
from importlib import import_module

import bench.cases
from bench import client, report, server
from bench.cases import BenchCase

FLOOR = BenchCase("core.floor", "/bench/floor")
FLOOR_BESIDE_REQUESTS = 400  # the floor measured again between the measures


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


def cold_path(path: str):
    """The path with ``_cold=<token>-<n>`` for the n-th request: a URL no cache has seen, even
    one kept from an earlier run (a new random token per measure)."""
    token = secrets.token_hex(6)
    separator = "&" if "?" in path else "?"
    return lambda number: f"{path}{separator}_cold={token}-{number}"


def measure(case: BenchCase, session_keys, *, port: int, total: int, concurrency: int,
            seconds: float | None = None, cold: bool = False) -> dict:
    """``total`` requests, or fewer if ``seconds`` run out first (a slow page at full scale
    must not hold the run for an hour: its median over fewer requests says as much)."""
    sample = client.run(host="127.0.0.1", port=port, method=case.method,
                        path=cold_path(case.path) if cold else case.path,
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


def with_cold(result: dict, cold: dict, floor_median: float) -> dict:
    """The warm ``result`` with the cold measure's fields, ``cold_*``, its ratios dividing by
    the floor measured around the cold measure."""
    cold = with_ratios(dict(cold), floor_median)
    for key in ("median_ms", "p95_ms", "rps", "queries", "floor_median_ms", "ratio_median",
                "ratio_p95", "errors", "requests"):
        result[f"cold_{key}"] = cold[key]
    result["error_kinds"] = sorted({*result.get("error_kinds", []), *cold["error_kinds"]})[:3]
    return result


def measure_all(cases: list[BenchCase], session_keys, *, port: int, workers: int, total: int,
                concurrency: int, seconds: float) -> list[dict]:
    """The floor alone, then each case, cold then warm for a read, with the floor measured
    between every two measures."""
    def run(case, requests, cold=False):
        return measure(case, session_keys, port=port, total=requests,
                       concurrency=concurrency, seconds=seconds, cold=cold)

    def floor() -> float:
        return run(FLOOR, FLOOR_BESIDE_REQUESTS)["median_ms"]

    for case in [FLOOR, *cases]:  # warm every worker on every endpoint
        run(case, 4 * workers)
    whole_floor = run(FLOOR, max(total, 2000))
    results = [with_ratios(whole_floor, whole_floor["median_ms"])]
    before = floor()
    for case in cases:
        print(f"measuring {case.name}…", flush=True)
        cold = None
        if case.is_read:
            cold = run(case, total, cold=True)
            middle = floor()
            cold_floor, before = round((before + middle) / 2, 3), middle
        result = run(case, total)
        after = floor()
        result = with_ratios(result, round((before + after) / 2, 3))
        if cold:
            result = report.with_goal(with_cold(result, cold, cold_floor), case.goal_median,
                                      case.goal_p95)
        results.append(result)
        before = after
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default=os.environ.get("SCALE") or "small")
    parser.add_argument("--only", default=os.environ.get("ONLY", ""))
    parser.add_argument("--port", type=int, default=8140)
    parser.add_argument("--workers", type=int, default=None,
                        help="gunicorn processes (default: production's, 2 × cores + 1)")
    parser.add_argument("--requests", type=int, default=None, help="per endpoint and measure")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--case-seconds", type=float, default=60.0,
                        help="stop a measure of an endpoint after this long (default 60)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"),
                        help="default: spp_bench (small), spp_bench_<scale> for the others")
    parser.add_argument("--reseed", action="store_true", help="drop and seed the database again")
    args = parser.parse_args(argv)
    total = args.requests or (1000 if args.scale == "full" else 300)
    only = {item.strip() for item in args.only.split(",") if item.strip()}
    env = server.prod_env(args.database_url or server.database_url_for(args.scale))
    server.prepare(env, scale=args.scale, reseed=args.reseed)
    # Cases are collected once the data exists: some build their paths from it (ids, slugs).
    os.environ["BENCH_DATABASE_URL"] = env["DATABASE_URL"]
    setup_django(env["DATABASE_URL"])
    cases = discover(args.scale, only)
    session_keys = server.sessions(env, sorted({c.login_email for c in cases if c.login_email}))
    with server.Gunicorn(env, port=args.port, workers=args.workers) as gunicorn:
        results = measure_all(cases, session_keys, port=args.port, workers=gunicorn.workers,
                              total=total, concurrency=args.concurrency,
                              seconds=args.case_seconds)
    report.print_table(results)
    report.write(results, args.scale)
    report.print_growth(results, args.scale)
    print(f"\nFloor: {results[0]['rps']:.0f} requests/s. Written to bench/results/latest.json")
    load = os.getloadavg()[0]
    print(f"Load average at the end: {load:.1f} on {os.cpu_count()} cores (other work on the "
          "machine inflates every figure; compare ratios within one run).")
    failed = [r for r in results if r["errors"] or r.get("cold_errors")]
    if failed:
        print("Endpoints with errors: " + ", ".join(
            f"{r['name']} ({', '.join(r['error_kinds'])})" for r in failed))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
