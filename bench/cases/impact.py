"""Benchmark cases of the impact app: the demo authority's dashboard (its admin), one
service's dashboard, the public transparency page and a year of open data, all read from
``PeriodFigures`` (computed by ``seed_scale`` from the whole ledger through
``spp/impact/scale.py``), so their cost does not follow the ledger's length (issue 19: cold
median ≤ 8× the floor, p95 ≤ 15×, within 1.3× of the 1/100th scale)."""

import sys

from django.urls import reverse
from django.utils import timezone

from bench.cases import BenchCase

AUTHORITY, SERVICE, ADMIN = "commune-de-voiron", "creche-ptits-loups", "admin@spp.demo"


def cases(scale: str) -> list[BenchCase]:
    from spp.impact.models import PeriodFigures

    if not PeriodFigures.objects.filter(authority__slug=AUTHORITY).exists():
        print(f"impact: no figures in this database: cases skipped; run `manage.py seed_scale "
              f"--scale {scale} --only impact` on it.", file=sys.stderr)
        return []
    year = timezone.localdate().year
    return [
        BenchCase(name="impact.authority_dashboard",
                  path=reverse("impact:authority", args=[AUTHORITY]) + f"?periode={year}",
                  rows=17, login_email=ADMIN),
        BenchCase(name="impact.service_dashboard",
                  path=reverse("impact:service", args=[AUTHORITY, SERVICE])
                  + f"?periode={year}-T1", rows=13, login_email=ADMIN),
        BenchCase(name="impact.transparency_page",
                  path=reverse("transparency:authority", args=[AUTHORITY]), rows=7),
        BenchCase(name="impact.open_data_csv",
                  path=reverse("transparency:figures_csv", args=[AUTHORITY, year]), rows=119),
    ]
