"""Benchmark cases of the expenses app (data from ``spp.expenses.scale``: at the full scale
100,000 contributors and about 1,000,000 claims over two years, some 35,000 of them waiting
for review; the benchmarked contributor has 120 claims).

Every page is computed on each request: the review queue is the oldest 20 submitted claims
of the service (``claim_queue_idx``), a person's claims their newest 20 (``claim_claimant_idx``)
beside what they may still claim for, the budget twelve ``ServiceMonthTotal`` rows."""

import sys

from django.urls import reverse

from bench.cases import BenchCase
from spp.expenses.scale import CONTRIBUTOR, COORDINATOR, SLUG


def cases(scale: str) -> list[BenchCase]:
    from spp.catalog.models import Service

    if not Service.objects.filter(slug=SLUG).exists():
        # A benchmark database seeded before the expenses app existed: seed_scale adds it
        # (``manage.py seed_scale --scale <scale> --only expenses``, idempotent).
        print(f"expenses: no scale data (service {SLUG}) in this database: cases skipped; "
              f"run `manage.py seed_scale --scale {scale} --only expenses` on it.",
              file=sys.stderr)
        return []
    return [
        BenchCase(name="expenses.review_queue",
                  path=reverse("expenses:review_queue", args=[SLUG]), rows=20,
                  login_email=COORDINATOR),
        BenchCase(name="expenses.my_claims", path=reverse("expenses:my_claims"), rows=20,
                  login_email=CONTRIBUTOR),
        BenchCase(name="expenses.service_budget",
                  path=reverse("expenses:service_budget", args=[SLUG]), rows=12,
                  login_email=COORDINATOR),
    ]
