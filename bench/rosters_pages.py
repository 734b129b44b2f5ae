"""Rosters page figures on PostgreSQL: the coverage view of a generated month (300 volunteers,
6 shifts a day) — SQL query count and time ratio against the platform's floor (/healthz, same
process, same run) — and a call-out to 1,000 qualified volunteers (time until the coordinator
gets the answer; notifications go to the task queue).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/spp_rosters_bench \\
        .venv/bin/python bench/rosters_pages.py"""

import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("TASKS_IMMEDIATE", "false")


def timed(client, path, runs=7):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    samples, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(path)
            samples.append(time.perf_counter() - began)
        assert response.status_code == 200, (path, response.status_code)
        queries = len(captured)
    return statistics.median(samples), queries


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from spp.catalog.models import Enrolment, Qualification, Service
    from spp.core.models import Organisation, User
    from spp.core.tests.factories import OrganisationFactory
    from spp.rosters import scale, services
    from spp.rosters.models import AvailabilityWindow, CallOut, Shift, ShiftNeed

    if not Organisation.objects.filter(kind="authority").exists():
        OrganisationFactory()
    scale.generate(count=300, rng=random.Random(7), log=print)
    service = Service.objects.get(slug=scale.SLUG)
    coordinator = User.objects.get(email=scale.COORDINATOR)
    client = Client()
    client.force_login(coordinator)
    month = timezone.localdate().strftime("%Y-%m")
    coverage, coverage_queries = timed(client, f"/gardes/{service.slug}/gestion/couverture/"
                                                f"?month={month}")
    floor, _q = timed(client, "/healthz")
    # Call-out to 1,000 qualified, available volunteers.
    alert_service = Service.objects.filter(slug="spv-scale-alerte").first()
    if alert_service is None:
        alert_service = Service.objects.create(
            authority=service.authority, name="Alerte à 1 000", slug="spv-scale-alerte",
            summary="Banc d’essai.", patterns=["roster"], territory_label="Isère")
        alert_service.charters.create(version=1, title="Charte", body="…")
        now = timezone.now()
        charter = alert_service.charters.get()
        people = User.objects.bulk_create([User(email=f"alerte-{i}@spp.bench",
                                                password="!") for i in range(1000)])
        Enrolment.objects.bulk_create([Enrolment(user=u, service=alert_service, status="active",
                                                 accepted_charter=charter,
                                                 charter_accepted_at=now, approved_at=now)
                                       for u in people])
        from spp.catalog.models import QualificationType
        from spp.catalog.services import service_participant_counts_recount

        service_participant_counts_recount(service_ids=[alert_service.pk])

        equipier = QualificationType.objects.get(code="equipier")
        Qualification.objects.bulk_create([Qualification(
            user=u, qualification_type=equipier, obtained_on=timezone.localdate()
            - timedelta(days=30), verified_at=now) for u in people])
        AvailabilityWindow.objects.bulk_create([AvailabilityWindow(
            user=u, service=alert_service, weekday=d, start_minute=0, end_minute=1440)
            for u in people for d in range(7)])
    start = (timezone.localtime() + timedelta(days=40)).replace(hour=3, minute=0, second=0,
                                                                microsecond=0)
    shift = Shift.objects.create(service=alert_service, title="Renfort", place="CIS",
                                 starts_at=start, ends_at=start + timedelta(hours=4))
    need = ShiftNeed.objects.create(shift=shift, qualification_type=equipier_type(),
                                    min_count=3, max_count=3)
    began = time.perf_counter()
    callout = services.callout_create(actor=coordinator, need=need)
    callout_seconds = time.perf_counter() - began
    report = {
        "coverage_month": {"median_ms": round(coverage * 1000, 1), "queries": coverage_queries,
                           "shifts": Shift.objects.filter(service=service).count(),
                           "floor_ms": round(floor * 1000, 1),
                           "ratio_to_floor": round(coverage / floor, 1)},
        "callout": {"alerted": callout.notified_count, "seconds": round(callout_seconds, 3),
                    "open_callouts": CallOut.objects.filter(status="open").count()},
    }
    print(json.dumps(report, indent=2))


def equipier_type():
    from spp.catalog.models import QualificationType

    return QualificationType.objects.get(code="equipier")


if __name__ == "__main__":
    main()
