"""Measure the consultations benchmark cases in-process (Django's test client, no network):
the median time of each case of bench/cases/consultations.py against the platform's floor
(``/bench/floor``), and the sustained rate of real answer submissions by fresh respondents.

``manage.py consultations_bench [--runs 30] [--submissions 200]`` (after consultations_scale).
The harness of ``make bench`` may run the same cases over HTTP; this command is the quick,
self-contained way to get the figures of docs/consultations.md."""

import statistics
import time

from django.core.management.base import BaseCommand
from django.test import Client

from bench.cases.consultations import answer_payload, cases


def _median_ms(client, case, runs: int) -> float:
    call = client.post if case.method == "POST" else client.get
    timings = []
    for index in range(runs + 3):
        started = time.perf_counter()
        response = call(case.path, case.data or {})
        elapsed = time.perf_counter() - started
        if response.status_code != case.expected_status:
            raise RuntimeError(f"{case.name}: HTTP {response.status_code}")
        if index >= 3:  # the first calls warm caches and connections
            timings.append(elapsed * 1000)
    return statistics.median(timings)


# The platform's floor, as ``make bench`` measures it: the trivial view /bench/floor (with
# SPP_BENCH=1; the health check otherwise); the cheapest full page (base template, header,
# footer, no query of its own) is shown beside it. Ratios are given against the first.
def floors() -> list[str]:
    from django.conf import settings

    return ["/bench/floor" if settings.SPP_BENCH else "/healthz", "/accessibilite/"]


class _Get:
    method, data, expected_status = "GET", None, 200

    def __init__(self, path):
        self.name, self.path = path, path


class Command(BaseCommand):
    help = "Median times of the consultations benchmark cases and the answer submission rate."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--submissions", type=int, default=200)

    def handle(self, *args, runs, submissions, **options):
        from spp.core.models import User

        anonymous = Client()
        floor = None
        for path in floors():
            median = _median_ms(anonymous, _Get(path), runs)
            floor = floor or median
            self.stdout.write(f"floor {path}: {median:.2f} ms")
        for case in cases("any"):
            client = Client()
            if case.login_email:
                client.force_login(User.objects.get(email=case.login_email))
            median = _median_ms(client, case, runs)
            self.stdout.write(f"{case.name:42} rows={case.rows:>9} median={median:8.2f} ms "
                              f"ratio={median / floor:6.1f}×floor")
        if submissions:
            self._submission_rate(submissions)

    def _submission_rate(self, how_many: int) -> None:
        from spp.consultations.models import Consultation
        from spp.consultations.scale import SLUG
        from spp.core.models import User

        consultation = Consultation.objects.get(slug=SLUG)
        payload = {**answer_payload(consultation.questions.all()), "action": "submit"}
        stamp = int(time.time())
        people = User.objects.bulk_create([User(email=f"bench{stamp}-{n}@spp.bench",
                                                password="!") for n in range(how_many)])
        clients = []
        for person in people:
            client = Client()
            client.force_login(person)
            clients.append(client)
        started = time.perf_counter()
        for client in clients:
            response = client.post(f"/consultations/{SLUG}/repondre/", payload)
            if response.status_code != 302:
                raise RuntimeError(f"submission failed: HTTP {response.status_code}")
        elapsed = time.perf_counter() - started
        self.stdout.write(f"answer submissions: {how_many} in {elapsed:.2f} s = "
                          f"{how_many / elapsed:.1f} per second (one process, sequential)")
