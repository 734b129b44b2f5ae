"""Load France's communes (and Isère's boundaries) from data/ into core.Commune."""

import csv
import gzip
import io
import json

from django.conf import settings
from django.core.management.base import BaseCommand

from spp.core.models import Commune

DATA_DIR = settings.BASE_DIR / "data"


def load_communes(departements: set[str] | None = None) -> int:
    """Insert the communes not loaded yet; return how many were added. Idempotent."""
    existing = set(Commune.objects.values_list("insee", flat=True))
    boundaries = {}
    with gzip.open(DATA_DIR / "communes-38-isere.geojson.gz", "rt", encoding="utf-8") as handle:
        for feature in json.load(handle)["features"]:
            boundaries[feature["properties"]["insee"]] = feature["geometry"]
    rows = []
    with gzip.open(DATA_DIR / "communes.csv.gz", "rb") as raw:
        for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")):
            if row["insee"] in existing:
                continue
            if departements and row["departement"] not in departements:
                continue
            if not row["lat"] or not row["lon"]:
                continue  # a handful of communes have no known position; they cannot be mapped
            rows.append(
                Commune(
                    insee=row["insee"],
                    name=row["nom"],
                    departement=row["departement"],
                    population=int(row["population"] or 0),
                    latitude=float(row["lat"]),
                    longitude=float(row["lon"]),
                    boundary=boundaries.get(row["insee"]),
                )
            )
    Commune.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


class Command(BaseCommand):
    help = "Load the communes of France (INSEE COG, IGN ADMIN EXPRESS; see data/README.md)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--departement",
            action="append",
            help="Only these départements (repeatable), e.g. --departement 38",
        )

    def handle(self, *args, **options):
        added = load_communes(set(options["departement"] or []) or None)
        self.stdout.write(f"{added} communes added.")
