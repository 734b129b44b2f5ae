"""Reports at scale for the benchmarks (``seed_scale``): ``generate(count=1_000_000, …)``
fills one service, "voirie-echelle", with 20 categories and ``count`` reports around Voiron
(and sets up an empty twin that the benchmarks' writes file into).

The history has a constant rate (REPORTS_PER_DAY), so a bigger ``count`` means a longer past,
as in a real city: a query about the last hours or the open queue sees the same rows at
10,000 or 1,000,000 reports, and the benchmark measures how the table size alone weighs.
PostgreSQL gets the rows through COPY; other databases through bulk_create in batches."""

import random
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

# No model import at module level: the benchmark harness reads the constants below without
# setting Django up (bench/cases/reports.py).

SERVICE_SLUG = "voirie-echelle"
# The benchmarks' writes (``make bench-writes``, the Open311 POST case) file into a second
# service of the same territory and categories' shape, with no history: reads of
# "voirie-echelle" then see the same rows at every run, however many writes ran before.
WRITES_SERVICE_SLUG = "voirie-echelle-depots"
WRITES_CATEGORY_PREFIX = "depot"
AGENT_EMAIL = "agent-echelle@spp.demo"
REPORTS_PER_DAY = 500
CATEGORY_COUNT = 20
AREA = (45.335, 5.545, 45.395, 5.635)  # Voiron and its neighbours (min lat/lon, max lat/lon)
COLUMNS = ["reference", "service_id", "category_id", "latitude", "longitude", "address",
           "description", "attribute_values", "status", "reporter_email", "source",
           "target_date", "support_count", "resolution_round", "created_at", "updated_at",
           "resolved_at", "status_note"]
DESCRIPTIONS = ["Trou dans la chaussée", "Marquage effacé", "Panneau tordu", "Trottoir fissuré",
                "Grille bouchée", "Chaussée affaissée", "Nid-de-poule profond"]


def _reference(number: int, alphabet: str) -> str:
    chars = []
    for _ in range(8):
        number, digit = divmod(number, len(alphabet))
        chars.append(alphabet[digit])
    return f"SIG-{''.join(chars[:4])}-{''.join(chars[4:])}"


def _status(rng: random.Random, age_days: float) -> str:
    """Recent reports are mostly open; old ones mostly closed (a few stay forgotten)."""
    roll = rng.random()
    if age_days < 7:
        return "new" if roll < 0.5 else "acknowledged" if roll < 0.75 else "in_progress"
    if roll < 0.03:
        return rng.choice(["new", "acknowledged", "in_progress"])
    return "resolved" if roll < 0.85 else "rejected" if roll < 0.95 else "duplicate_as_rejected"


def setup(log=print):
    """The service, its 20 categories and an agent (idempotent), and the same again, empty,
    for the benchmarks' writes. The Open311 client that files into them is
    spp/open311/scale.py's (open311 builds on reports, not the reverse)."""
    from spp.core.demo import _member, _person, siret_from
    from spp.core.models import Organisation

    authority, _ = Organisation.objects.get_or_create(slug="commune-echelle", defaults={
        "kind": "authority", "name": "Commune (données d’échelle)",
        "siret": siret_from("213899990001")})
    _member(_person(AGENT_EMAIL, "Agent", "Échelle"), authority, "agent")
    _service_with_categories(authority, WRITES_SERVICE_SLUG, "Voirie (écritures mesurées)",
                             WRITES_CATEGORY_PREFIX)
    return _service_with_categories(authority, SERVICE_SLUG, "Voirie (données d’échelle)",
                                    "echelle")


def _service_with_categories(authority, slug: str, name: str, code_prefix: str):
    from spp.catalog.models import Service
    from spp.core.models import Commune
    from spp.reports.models import Category

    service, created = Service.objects.get_or_create(slug=slug, defaults={
        "authority": authority, "name": name, "patterns": ["reports"],
        "summary": "Données générées pour les mesures de performance.",
        "territory_label": "Pays Voironnais", "requires_approval": False})
    if created:
        service.communes.set(Commune.objects.filter(insee__in=[
            "38563", "38565", "38239", "38111", "38382", "38474", "38158"]))
    categories = []
    for index in range(CATEGORY_COUNT):
        category, _ = Category.objects.get_or_create(code=f"{code_prefix}-{index:02d}", defaults={
            "service": service, "name": f"Anomalie de voirie n° {index + 1}",
            "organisation": authority, "target_days": 10 + index, "order": index})
        categories.append(category)
    return service, categories


def _rows(*, count, rng, service, categories, now, already):
    from spp.reports.models import REFERENCE_ALPHABET

    start = rng.randrange(len(REFERENCE_ALPHABET) ** 7) + already
    for index in range(count):
        age = index / REPORTS_PER_DAY + rng.random() / REPORTS_PER_DAY
        created = now - timedelta(days=age)
        status = _status(rng, age)
        if status == "duplicate_as_rejected":
            status = "rejected"
        category = categories[index % len(categories)]
        resolved = created + timedelta(days=rng.randint(1, 20)) if status == "resolved" else None
        yield (_reference(start + index, REFERENCE_ALPHABET), service.pk, category.pk,
               rng.uniform(AREA[0], AREA[2]), rng.uniform(AREA[1], AREA[3]), "",
               rng.choice(DESCRIPTIONS), "{}", status, "", "demo",
               (created + timedelta(days=category.target_days)).date(), rng.randint(0, 3),
               1 if resolved else 0, created, resolved or created, resolved,
               "Réparé." if resolved else "")


def generate(*, count: int, rng, log=print) -> int:
    """Insert ``count`` reports; return how many were inserted."""
    from spp.reports.models import Report

    service, categories = setup(log)
    now = timezone.now()
    # Offset references by the reports already there, so that a second run (same seed) never
    # reuses the first one's. Counted before COPY starts: no query may run during a COPY.
    rows = _rows(count=count, rng=rng, service=service, categories=categories, now=now,
                 already=Report.objects.count())
    if connection.vendor == "postgresql":
        _copy(rows, log)
    else:
        _bulk(rows, log)
    log(f"{count} reports generated.")
    return count


def _copy(rows, log) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        sql = f"COPY reports_report ({', '.join(COLUMNS)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for number, row in enumerate(rows, start=1):
                copy.write_row(row)
                if number % 200_000 == 0:
                    log(f"  {number} rows…")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reports_report")


def _bulk(rows, log, batch: int = 5000) -> None:
    from spp.reports.models import Report

    buffer = []
    for row in rows:
        buffer.append(Report(**dict(zip(COLUMNS, row, strict=True)) | {"attribute_values": {}}))
        if len(buffer) == batch:
            Report.objects.bulk_create(buffer)
            buffer = []
    if buffer:
        Report.objects.bulk_create(buffer)


