"""``manage.py seed_scale``: fill the database with realistic data at scale.

The core generator (citizens, enrolments, ledger, the demo accounts' history) runs first, then
every app's ``spp/<app>/scale.py`` (``generate(*, count, rng, log) -> int``), discovered among
the installed apps; an app without one is skipped with a message. Counts come from ``--scale``
(see spp/ops/scales.py) and may be overridden one by one::

    manage.py seed_scale --scale small
    manage.py seed_scale --reports 1000000 --answers 2000000 --volunteers 100000 --users 200000
"""

import random
import time
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection

from spp.catalog.services import service_participant_counts_recount
from spp.core.models import Organisation
from spp.ops import scale_core
from spp.ops.scales import APP_OPTIONS, SCALES, app_count, scale

CORE_OPTIONS = ["users", "participations", "citizen_history", "audit", "notifications"]
NOT_PATTERN_APPS = {"spp.core", "spp.catalog", "spp.ops"}


def app_generators():
    """(label, generate function or None) for every installed SPP pattern app."""
    for config in apps.get_app_configs():
        if not config.name.startswith("spp.") or config.name in NOT_PATTERN_APPS:
            continue
        try:
            module = import_module(f"{config.name}.scale")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.scale":
                raise
            yield config.label, None
        else:
            yield config.label, module.generate


class Command(BaseCommand):
    help = "Bulk-insert realistic data at scale (COPY on PostgreSQL, bulk_create elsewhere)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", default="small", choices=list(SCALES))
        parser.add_argument("--seed", type=int, default=38500, help="random seed")
        parser.add_argument("--only", default="", help="comma-separated app labels (and 'core')")
        for name in CORE_OPTIONS:
            parser.add_argument(f"--{name.replace('_', '-')}", type=int, dest=name)
        for option, label in APP_OPTIONS.items():
            parser.add_argument(f"--{option}", type=int, dest=f"app_{label}",
                                help=f"count for the {label} app")
        parser.add_argument("--count", action="append", default=[], metavar="APP=N",
                            help="count for any other app, e.g. --count carpool=50000")

    def handle(self, *args, **options):
        preset, log = scale(options["scale"]), self.stdout.write
        only = {item.strip() for item in options["only"].split(",") if item.strip()}
        rng = random.Random(options["seed"])
        extra = dict(item.split("=", 1) for item in options["count"])
        if not Organisation.objects.filter(slug="commune-de-voiron").exists():
            from spp.ops.demo import seed_demo

            log("Demo data missing: running seed_demo first.")
            seed_demo(log=log)
        total, started = 0, time.monotonic()
        if not only or "core" in only:
            log("core:")
            counts = {name: options[name] if options[name] is not None else preset[name]
                      for name in CORE_OPTIONS}
            total += scale_core.generate(rng=rng, log=log, **counts)
        for label, generate in app_generators():
            if only and label not in only:
                continue
            if generate is None:
                log(f"{label}: skipped (no spp/{label}/scale.py)")
                continue
            count = options.get(f"app_{label}")
            count = int(extra.get(label, count if count is not None
                                  else app_count(options["scale"], label)))
            log(f"{label}: generating {count}…")
            app_started = time.monotonic()
            written = generate(count=count, rng=rng, log=log)
            total += written or 0
            log(f"{label}: {written} rows in {time.monotonic() - app_started:.1f} s")
        # The generators insert enrolments in bulk, past the services that keep each
        # service's count of active participants: count them once, at the end.
        service_participant_counts_recount()
        if connection.vendor == "postgresql":
            # Statistics, and the visibility map that index-only scans need after COPY
            # (VACUUM cannot run inside a transaction, e.g. in a test: ANALYZE only then).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(self.style.SUCCESS(
            f"seed_scale: {total} rows in {time.monotonic() - started:.1f} s"))
