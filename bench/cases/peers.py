"""Benchmark cases of the peers app (data from ``spp.peers.scale``: at the full scale 20,000
certified experts in one service; issue 18's goal: ranking the eligible experts for a request,
cold, median ≤ 8× the floor and p95 ≤ 15×).

Each page computes the ranking (``spp.peers.selectors.matching``): in person, the distance and
the score in SQL for the experts of the nearest band of their radius first; by phone, a walk of
the room index whose first profiles have their standing checked; a few dozen rows handed over."""

import sys

from django.apps import apps
from django.urls import reverse

from bench.cases import BenchCase


def cases(scale: str) -> list[BenchCase]:
    if not apps.is_installed("spp.peers"):
        print("peers: the app is not installed (SPP_HEALTH_DATA_HOST_CERTIFIED unset in the "
              "production profile): cases skipped.", file=sys.stderr)
        return []
    from spp.peers.scale import COORDINATOR, bench_requests

    requests = bench_requests()
    if not requests:
        print(f"peers: no scale data in this database: cases skipped; run `manage.py "
              f"seed_scale --scale {scale} --only peers` on it.", file=sys.stderr)
        return []
    return [BenchCase(name=f"peers.ranking_{mode}",
                      path=reverse("peers:request_experts", args=[pk]), rows=25,
                      login_email=COORDINATOR)
            for mode, pk in sorted(requests.items())]
