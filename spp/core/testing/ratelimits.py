"""For rate-limit tests: a cache of the test's own that counts (the suite also runs with
DummyCache, ``SPP_DUMMY_CACHE=1``, which would count nothing) and small limits."""

import uuid


def counting_cache(settings, **limits) -> None:
    """Counters in a fresh in-memory cache; ``limits`` override SPP_RATE_LIMITS' actions
    (``reports="2/h"``)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"ratelimits-{uuid.uuid4()}"}}
    settings.SPP_RATE_LIMITS = {**settings.SPP_RATE_LIMITS, **limits}
