"""Benchmark cases of the reports and Open311 apps, over the data of spp/reports/scale.py
(service "voirie-echelle", 20 categories, a constant 500 reports a day)."""

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Max
from django.utils import timezone

from bench.cases import BenchCase
from spp.reports.models import Report
from spp.reports.scale import AGENT_EMAIL, OPEN311_KEY, SERVICE_SLUG


def _rows(scale: str) -> int:
    scale = scale.lower().replace("_", "")
    for suffix, factor in (("m", 1_000_000), ("k", 1_000)):
        if scale.endswith(suffix):
            return int(float(scale[:-1]) * factor)
    return int(scale) if scale.isdigit() else 0


def cases(scale: str) -> list[BenchCase]:
    rows = _rows(scale)
    # The two hours before the newest generated report: requests posted by the POST case
    # (source "open311") come later and do not change what this window returns.
    newest = (Report.objects.filter(service__slug=SERVICE_SLUG, source=Report.Source.DEMO)
              .aggregate(newest=Max("created_at"))["newest"] or timezone.now())
    window = urlencode({"status": "open",
                        "start_date": (newest - timedelta(hours=2)).isoformat(),
                        "end_date": newest.isoformat()})
    return [
        BenchCase(name="reports.map_viewport", rows=rows,
                  path=f"/signalements/services/{SERVICE_SLUG}/carte.json"
                       "?bbox=45.360,5.580,45.370,5.600&status="),
        BenchCase(name="reports.agent_queue", rows=rows, login_email=AGENT_EMAIL,
                  path=f"/signalements/gestion/services/{SERVICE_SLUG}/"),
        BenchCase(name="open311.get_requests_open_2h", rows=rows,
                  path=f"/open311/v2/requests.json?jurisdiction_id={SERVICE_SLUG}&{window}"),
        BenchCase(name="open311.post_request", rows=rows, method="POST",
                  path="/open311/v2/requests.json",
                  data={"api_key": OPEN311_KEY, "jurisdiction_id": SERVICE_SLUG,
                        "service_code": "echelle-03", "lat": "45.3647", "long": "5.5897",
                        "description": "Nid-de-poule (banc d’essai)",
                        "email": "banc@exemple.fr"}),
    ]
