"""Benchmark cases of the reports and Open311 apps, over the data of spp/reports/scale.py
(service "voirie-echelle", 20 categories, a constant 500 reports a day): the public map page
and its data, the agents' queue, Open311 searches and filing.

The harness imports this module without setting Django up: no ORM here. The Open311 searches
need the time of the newest generated report (their two-hour window must hold the same
requests at every scale); it is read with psycopg from the benchmark database, and the window
ends now when that database is not there yet (it is then seeded right after, at "now"). The
search without ``end_date`` asks, as a client polling for what is new, from two hours before
that report up to now. The POST case and ``make bench-writes`` file into the twin service kept
for writes, so neither search sees them: both hold the same requests at every run."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from bench.cases import BenchCase
from spp.open311.scale import OPEN311_KEY
from spp.reports.scale import AGENT_EMAIL, SERVICE_SLUG, WRITES_SERVICE_SLUG

NEWEST_SQL = ("SELECT max(r.created_at) FROM reports_report r JOIN catalog_service s "
              "ON s.id = r.service_id WHERE s.slug = %s AND r.source = 'demo'")


def _rows(scale: str) -> int:
    try:
        from spp.ops.scales import app_count

        return app_count(scale, "reports")
    except (ImportError, ValueError):
        return 0


def _newest_generated(scale: str) -> datetime | None:
    """Requests posted by the POST case (source "open311") come later and are not counted."""
    import os

    try:
        import psycopg

        from bench.server import database_url_for

        url = os.environ.get("BENCH_DATABASE_URL") or database_url_for(scale)
        with psycopg.connect(url, connect_timeout=3) as connection:
            return connection.execute(NEWEST_SQL, [SERVICE_SLUG]).fetchone()[0]
    except Exception:  # no database yet, or not PostgreSQL: the window ends now
        return None


def cases(scale: str) -> list[BenchCase]:
    rows = _rows(scale)
    newest = _newest_generated(scale) or datetime.now(UTC)
    since = {"jurisdiction_id": SERVICE_SLUG, "status": "open",
             "start_date": (newest - timedelta(hours=2)).isoformat()}
    window = urlencode({**since, "end_date": newest.isoformat()})
    return [
        BenchCase(name="reports.map_page", rows=rows,
                  path=f"/signalements/services/{SERVICE_SLUG}/"),
        BenchCase(name="reports.map_viewport", rows=rows,
                  path=f"/signalements/services/{SERVICE_SLUG}/carte.json"
                       "?bbox=45.360,5.580,45.370,5.600&status="),
        BenchCase(name="reports.agent_queue", rows=rows, login_email=AGENT_EMAIL,
                  path=f"/signalements/gestion/services/{SERVICE_SLUG}/"),
        BenchCase(name="open311.get_requests_open_2h", rows=rows,
                  path=f"/open311/v2/requests.json?{window}"),
        BenchCase(name="open311.get_requests_open_until_now", rows=rows,
                  path=f"/open311/v2/requests.json?{urlencode(since)}"),
        # Filed into the twin service kept for writes (spp/reports/scale.py), so that runs
        # leave what the reads above measure unchanged; the reports table is the same.
        BenchCase(name="open311.post_request", rows=rows, method="POST",
                  path="/open311/v2/requests.json",
                  headers={"Content-Type": "application/x-www-form-urlencoded"},
                  data={"api_key": OPEN311_KEY, "jurisdiction_id": WRITES_SERVICE_SLUG,
                        "service_code": "depot-03", "lat": "45.3760", "long": "5.5897",
                        "description": "Nid-de-poule (banc d’essai)",
                        "email": "banc@exemple.fr"}),
    ]
