"""A signed-in page's kept content, asked for with its session in one cache round trip.

A page kept under its generations (the audit journal, the person's own pages, the catalog's
and the rosters' back-office pages, the agents' queue) is read in two round trips after the
frame's: the session (with the person and their chrome, ``spp/core/sessions.py``), then the
content with its generation numbers (``generations.read``). This process remembers, for each
session and URL it served, the keys the page read last time (all its reads: a consultation's
results read the consultation and the results); the session store asks for them together
with the session, and each ``generations.read`` takes its own from what came back instead of
asking again.

What came back is only used by the request that asked for it, for reads whose keys it holds
all, never after this request moved a generation (``generations.advance`` drops it) and never
for a key this request stored since (``generations.store``): it is then the same answer the
cache would have given a moment later. A page whose keys
changed (another filter, another language) asks for its own keys as before, and is remembered
with them for the next time."""

import threading

from django.core.cache import cache

REMEMBERED_LIMIT = 20_000  # (session, URL) pairs remembered per process; forgotten all at once

_keys_of_page: dict[tuple[str, str], tuple[str, ...]] = {}
_request = threading.local()


class ReadAheadMiddleware:
    """Gives this thread's request its URL (for GET and HEAD only: a form's answer is not read
    ahead) and forgets it, and whatever was read for it, once answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _request.path = request.get_full_path() if request.method in ("GET", "HEAD") else None
        _request.session_key, _request.found, _request.asked = None, {}, frozenset()
        _request.read = []
        try:
            return self.get_response(request)
        finally:
            _remember(_request.session_key, _request.path, _request.read)
            _request.path, _request.session_key = None, None
            _request.found, _request.asked, _request.read = {}, frozenset(), []


def _remember(session_key: str | None, path: str | None, keys: list[str]) -> None:
    if session_key is None or path is None or not keys:
        return
    if len(_keys_of_page) >= REMEMBERED_LIMIT:
        _keys_of_page.clear()
    _keys_of_page[(session_key, path)] = tuple(dict.fromkeys(keys))


def keys_for_session(session_key: str) -> list[str]:
    """Called by the session store as it loads ``session_key``: the keys this page read the
    last time this session asked for this URL (none the first time)."""
    path = getattr(_request, "path", None)
    if path is None:
        return []
    _request.session_key = session_key
    return list(_keys_of_page.get((session_key, path), ()))


def offer(keys: list[str], found: dict) -> None:
    """What the cache answered for ``keys`` (``found`` holds those it has)."""
    if getattr(_request, "path", None) is not None:
        _request.asked, _request.found = frozenset(keys), found


def drop() -> None:
    """This request moved a generation: what was read ahead may be older than it."""
    _request.asked, _request.found = frozenset(), {}


def stored(key: str) -> None:
    """This request stored ``key``: what was read ahead for it is older."""
    asked = getattr(_request, "asked", frozenset())
    if key in asked:
        _request.asked = asked.difference([key])


def get_many(keys: list[str]) -> dict:
    """``cache.get_many(keys)``, answered from what was read ahead when it holds them all;
    the keys are remembered for this session and URL either way (when the request ends)."""
    if getattr(_request, "path", None) is not None:
        _request.read.extend(keys)
        asked = _request.asked
        if asked and asked.issuperset(keys):
            found = _request.found
            return {key: found[key] for key in keys if key in found}
    return cache.get_many(keys)
