"""Benchmark cases of the rosters app (data from ``spp.rosters.scale``)."""

from django.utils import timezone

from bench.cases import BenchCase
from spp.rosters.scale import COORDINATOR, SLUG


def cases(scale: str) -> list[BenchCase]:
    # Both scales. With 100,000 volunteers a computed coverage page takes about 0.4 s in one
    # process (35 s before the counts used bitmaps); the harness measures the kept page, which
    # is served again until a write changes what it shows (spp/rosters/caching.py).
    month = timezone.localdate().strftime("%Y-%m")
    return [
        BenchCase(name="rosters.coverage_month",
                  path=f"/gardes/{SLUG}/gestion/couverture/?month={month}",
                  rows=186, login_email=COORDINATOR),
        BenchCase(name="rosters.coverage_day_by_hour",
                  path=f"/gardes/{SLUG}/gestion/couverture/?jour={timezone.localdate()}",
                  rows=6, login_email=COORDINATOR),
    ]
