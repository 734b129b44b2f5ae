"""Open311 at scale for the benchmarks (``seed_scale``): the client application whose key
files requests into spp/reports/scale.py's service ("voirie-echelle"). Requests are reports:
reports' own scale.py generates them; this adds no rows.

No model import at module level: the benchmark harness reads OPEN311_KEY without setting
Django up (bench/cases/reports.py, bench/writes.py)."""

OPEN311_KEY = "o311_bench_key_for_scale_data_only"


def generate(*, count: int, rng, log=print) -> int:
    """Create the benchmark's client, once (``count`` does not apply: returns 0 rows)."""
    from spp.open311.models import ApiClient
    from spp.open311.services import hash_key

    _client, created = ApiClient.objects.get_or_create(
        key_hash=hash_key(OPEN311_KEY),
        defaults={"name": "Banc d’essai", "key_prefix": OPEN311_KEY[:8]})
    log("Open311 benchmark client " + ("created." if created else "already there."))
    return 0
