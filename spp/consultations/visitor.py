"""What a visitor keeps between requests, shared by the HTML pages and the API."""

import secrets

SEED_KEY = "consultations_seed"


def visitor_seed(request) -> int:
    """The visitor's random-order seed, kept in their session so paging stays consistent."""
    seed = request.session.get(SEED_KEY)
    if not isinstance(seed, int):
        seed = secrets.randbelow(2**31)
        request.session[SEED_KEY] = seed
    return seed
