"""What a visitor keeps between requests, shared by the HTML pages and the API."""

import hashlib
import secrets
import time

SEED_KEY = "consultations_seed"
SEED_PARAM = "seed"
SEED_LIMIT = 2**31

# A list in random order asked for without a seed starts from one of SEED_POOL seeds drawn
# for every SEED_WINDOW seconds. The page's links carry the seed (``?seed=``), so paging stays
# in the same order without a session (no session row nor cookie for an anonymous visitor),
# and the first page is one of a few that visitors of the same minute share from the cache.
# The seeds change every window, so over time every proposal comes first as often as any
# other, which is what the random order is for.
SEED_POOL = 8
SEED_WINDOW = 60


def visitor_seed(request) -> int:
    """A signed-in person's random-order seed, kept in their session so paging stays
    consistent; a visitor (no session) gets a new one, which the API returns for the next
    pages: no session row is written for them."""
    if not request.user.is_authenticated:
        return secrets.randbelow(SEED_LIMIT)
    seed = request.session.get(SEED_KEY)
    if not isinstance(seed, int):
        seed = secrets.randbelow(SEED_LIMIT)
        request.session[SEED_KEY] = seed
    return seed


def requested_seed(request) -> int | None:
    """The seed the page's links carry, if it is a valid one."""
    raw = request.GET.get(SEED_PARAM, "")
    if raw.isdigit() and len(raw) <= 10 and int(raw) < SEED_LIMIT:
        return int(raw)
    return None


def pooled_seed(now: float | None = None, index: int | None = None) -> int:
    """One of the SEED_POOL seeds of the present SEED_WINDOW."""
    window = int((time.time() if now is None else now) // SEED_WINDOW)
    index = secrets.randbelow(SEED_POOL) if index is None else index
    digest = hashlib.sha256(f"consultations-seed:{window}:{index}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % SEED_LIMIT


def page_seed(request) -> int:
    """The seed of a list page in random order: the one its links carry; else, for someone
    signed in (who has a session anyway), the one of their session, so the same order comes
    back; else one of the pool (drawn once per request: the page cache's key and the view
    read the same)."""
    seed = requested_seed(request)
    if seed is None and request.user.is_authenticated:
        seed = visitor_seed(request)
    if seed is None:
        seed = getattr(request, "_consultations_seed", None)
        if seed is None:
            seed = request._consultations_seed = pooled_seed()
    return seed
