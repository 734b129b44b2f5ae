"""Benchmark cases of the carpool app (data from ``spp.carpool.scale``: at the full scale 50
lines, 200,000 trips over a month and about 1,000,000 bookings).

Every page is computed on each request: a passenger's search is one range scan of the partial
index ``carpool_trip_search_idx`` on (line, direction, origin_at) for the day's window (and
the search recorded, as every search is); a driver's trips are their newest 20 on
``carpool_trip_driver_idx``; the line dashboard reads the month's ``LineHourStat`` rows (at
most 31 × 24 × 2), kept by the writes, and the few flagged bookings of its partial index."""

import sys
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from bench.cases import BenchCase
from spp.carpool.scale import COORDINATOR, DAYS_BACK, DRIVER, DRIVER_TRIPS, PASSENGER, SLUG

LINE = "ligne-1"


def cases(scale: str) -> list[BenchCase]:
    from spp.carpool.models import Line, Stop
    from spp.carpool.selectors.dashboard import PARIS

    line = Line.objects.filter(service__slug=SLUG, code=LINE).first()
    if line is None:
        print(f"carpool: no scale data (service {SLUG}) in this database: cases skipped; "
              f"run `manage.py seed_scale --scale {scale} --only carpool` on it.",
              file=sys.stderr)
        return []
    stops = list(Stop.objects.filter(line=line).order_by("position").values_list("pk",
                                                                                 flat=True))
    today = timezone.localdate(timezone.now(), PARIS)
    search = (f"{reverse('carpool:line_detail', args=[SLUG, LINE])}?montee={stops[0]}"
              f"&descente={stops[-1]}&jour={today + timedelta(days=1):%Y-%m-%d}"
              f"&de=07:00&a=09:00&places=1")
    # The month the seeded data fills most (it runs from DAYS_BACK days ago to nine ahead).
    month = today - timedelta(days=DAYS_BACK // 2)
    dashboard = (f"{reverse('carpool:line_dashboard', args=[SLUG, LINE])}"
                 f"?mois={month:%Y-%m}")
    return [
        BenchCase(name="carpool.passenger_search", path=search, rows=30,
                  login_email=PASSENGER),
        BenchCase(name="carpool.my_trips", path=reverse("carpool:my_trips"), rows=DRIVER_TRIPS,
                  login_email=DRIVER),
        BenchCase(name="carpool.line_dashboard", path=dashboard, rows=31 * 24 * 2,
                  login_email=COORDINATOR),
    ]
