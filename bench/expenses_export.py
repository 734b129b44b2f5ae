"""Memory and time of a SEPA payment export (issue 16: "a SEPA export of 10,000 claims streams
with bounded memory"): ``make bench-export``.

    python -m bench.expenses_export [--claims 1000,10000] [--database-url postgres://…/spp_…]
                                    [--keep]

For each size, ``spp.expenses.scale.payable_claims`` seeds a service of its own with that many
approved claims (two per person, each person with a bank account), then
``payment_export_create(format="sepa")`` runs twice, on two such services:

- once under tracemalloc, for the peak of the Python heap during the export;
- once without it (tracemalloc slows Python threefold), for the time and the growth of the
  process's resident memory: its high-water mark is reset just before (``/proc/self/
  clear_refs``) and read just after.

Bounded memory means the peaks do not grow with the number of claims: the report gives each
size's peaks and their ratio from each size to the next (1.0 is flat; the claims' ratio would
be linear). The export reads the claims a chunk at a time: below two chunks everything fits
in one, so flatness shows between the larger sizes.

The database is PostgreSQL, one of its own (``spp_bench_export``, dropped and made again
unless ``--keep``), as the export locks rows (``SELECT … FOR UPDATE``). The export's file goes
to a temporary MEDIA_ROOT, removed at the end. The result is printed and appended as one JSON
line to ``bench/results/expenses_export.jsonl``."""

import argparse
import gc
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "expenses_export.jsonl"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/spp_bench_export"


def _status_mib(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak_rss() -> bool:
    """Lower the process's resident high-water mark to its present size (Linux ≥ 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        return False
    return True


def _export(slug: str, *, traced: bool) -> dict:
    """Run in a process of its own (``--export``), so that the resident memory it reports
    grew for the export alone, not for the seeding that came before."""
    from django.db import connection

    from spp.catalog.models import Service
    from spp.core.models import User
    from spp.expenses import scale
    from spp.expenses.services.payments import payment_export_create

    service, admin = Service.objects.get(slug=slug), User.objects.get(email=scale.ADMIN)
    connection.queries_log.clear()
    gc.collect()
    rss_reset = _reset_peak_rss()
    rss_before = _status_mib("VmRSS")
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    export = payment_export_create(actor=admin, service=service, format="sepa")
    seconds = time.perf_counter() - started
    figures = {"claims": export.claim_count, "file_bytes": export.file.size,
               "seconds": round(seconds, 2)}
    if traced:
        figures["python_peak_mib"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 2)
        tracemalloc.stop()
    elif rss_reset:
        figures["rss_growth_mib"] = round(_status_mib("VmHWM") - rss_before, 1)
    export.file.delete(save=False)
    return figures


def measure(count: int, stamp: str) -> dict:
    """Seed two services of ``count`` claims; export each in a process of its own."""
    from spp.expenses import scale

    figures = {"claims": count}
    for traced in (True, False):
        slug = f"paiement-{count}-{int(traced)}-{stamp}"
        scale.payable_claims(slug=slug, count=count, rng=random.Random(count),
                             log=lambda _m: None)
        output = subprocess.run(
            [sys.executable, "-m", "bench.expenses_export", "--export", slug,
             *(["--traced"] if traced else [])],
            cwd=ROOT, env=os.environ, check=True, capture_output=True, text=True).stdout
        result = json.loads(output.strip().splitlines()[-1])
        assert result["claims"] == count, (result, count)
        if traced:
            figures["python_peak_mib"] = result["python_peak_mib"]
            figures["seconds_traced"] = result["seconds"]
        else:
            figures.update({key: result[key] for key in ("seconds", "file_bytes")})
            figures["rss_growth_mib"] = result.get("rss_growth_mib")
    figures["claims_per_second"] = round(count / figures["seconds"]) if figures["seconds"] else None
    return figures


def _ratio(smaller: dict, larger: dict, key: str):
    return (round(larger[key] / smaller[key], 2) if smaller.get(key) and larger.get(key)
            is not None else None)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", default="1000,10000,30000", help="sizes, comma-separated")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_EXPORT_DATABASE_URL",
                                                                 DEFAULT_DATABASE_URL))
    parser.add_argument("--keep", action="store_true", help="reuse the database as it is")
    parser.add_argument("--export", metavar="SLUG", help=argparse.SUPPRESS)  # the child's part
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.export:
        import django

        django.setup()
        print(json.dumps(_export(args.export, traced=args.traced)))
        return 0
    sizes = sorted(int(size) for size in args.claims.split(","))
    sys.path.insert(0, str(ROOT))
    from bench import server

    server.ensure_database(args.database_url, reseed=not args.keep)
    media = tempfile.mkdtemp(prefix="spp-export-")
    # DEBUG off: Django would otherwise keep every query in memory, which is not the export's.
    os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings", "SPP_ENV": "dev",
                       "DEBUG": "0", "DATABASE_URL": args.database_url, "MEDIA_ROOT": media,
                       "TASKS_IMMEDIATE": "false", "LOG_LEVEL": "WARNING"})
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    try:
        runs = [measure(size, stamp) for size in sizes]
    finally:
        shutil.rmtree(media, ignore_errors=True)
    result = {"name": "expenses.sepa_export", "at": datetime.now(UTC).isoformat(timespec="seconds"),
              "runs": runs, "load_average": round(os.getloadavg()[0], 1),
              "growth": [{"claims": f"{a['claims']}→{b['claims']}",
                          "claims_ratio": round(b["claims"] / a["claims"], 2),
                          "python_peak_ratio": _ratio(a, b, "python_peak_mib"),
                          "rss_growth_ratio": _ratio(a, b, "rss_growth_mib")}
                         for a, b in zip(runs, runs[1:], strict=False)]}
    for run in runs:
        print(f"{run['claims']:>7} claims: {run['seconds']:.2f} s ({run['claims_per_second']}/s), "
              f"file {run['file_bytes'] / 2**20:.1f} MiB, Python peak "
              f"{run['python_peak_mib']} MiB, RSS growth {run['rss_growth_mib']} MiB")
    for step in result["growth"]:
        print(f"{step['claims']} claims (×{step['claims_ratio']}): Python peak "
              f"×{step['python_peak_ratio']}, RSS growth ×{step['rss_growth_ratio']}")
    RESULTS.parent.mkdir(exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as results:
        results.write(json.dumps(result) + "\n")
    print(f"Appended to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
