"""Generate consultation data at scale: ``manage.py consultations_scale --answers 2000000``
(see spp/consultations/scale.py; run ``seed_demo`` first)."""

import random
import time

from django.core.management.base import BaseCommand

from spp.consultations.scale import generate


class Command(BaseCommand):
    help = "Generate N answers (N/10 respondents) and N/10 proposals for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--answers", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=2019)

    def handle(self, *args, answers, seed, **options):
        started = time.perf_counter()
        rows = generate(count=answers, rng=random.Random(seed), log=self.stdout.write)
        self.stdout.write(f"{rows} rows in {time.perf_counter() - started:.1f} s")
