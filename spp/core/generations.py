"""Generation numbers: exact invalidation for cached reads that many people share.

A read that is expensive and shared (an agents' queue, an Open311 search, a consultation's
settings) is stored in the cache under a key that holds the *generation* of what it reads: a
number per scope (``"reports:service:12"``, ``"consultation:7"``) that the services move each
time they write something the scope's reads show. A stored copy is then either current or
never read again (it expires on its own): there is no delay after a change, and no need to
know every key to forget.

The numbers start from the clock, not from 0, so that a cache emptied (restarted, evicted)
cannot hand out a number an old copy was stored with. Services call ``advance`` inside their
transaction; it moves the number at once and again after the commit, so that a page read in
between cannot keep what the transaction was about to change."""

import time
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from django.core.cache import cache
from django.db import transaction

from spp.core import read_ahead

GENERATION_SECONDS = 7 * 24 * 3600


def key(scope: str) -> str:
    """The cache key holding the scope's number, for a caller that reads it together with
    other keys in one round trip."""
    return f"spp:gen:{scope}"


def _fresh() -> int:
    return time.time_ns()


def current_many(scopes: list[str]) -> dict[str, int]:
    """The generation of each scope, in one round trip (a scope never seen starts now)."""
    keys = {scope: key(scope) for scope in scopes}
    found = cache.get_many(list(keys.values()))
    generations = {}
    for scope, scope_key in keys.items():
        value = found.get(scope_key)
        if value is None:
            cache.add(scope_key, _fresh(), GENERATION_SECONDS)
            value = cache.get(scope_key)
        generations[scope] = value
    return generations


def current(scope: str) -> int:
    return current_many([scope])[scope]


def _move(scope: str) -> None:
    read_ahead.drop()
    scope_key = key(scope)
    incr_or_start = getattr(cache, "incr_or_start", None)  # Redis: one round trip
    if incr_or_start is not None:
        incr_or_start(scope_key, _fresh(), GENERATION_SECONDS)
        return
    try:
        if cache.incr(scope_key) is not None:
            return
    except ValueError:  # not there (never read, or evicted)
        pass
    cache.set(scope_key, _fresh(), GENERATION_SECONDS)


def advance(scope: str) -> None:
    """Every copy stored under the scope's present generation becomes stale."""
    _move(scope)
    transaction.on_commit(lambda: _move(scope))


# Per process: entry key → (numbers, value, expiry) of the plain entries read or stored
# lately. Read again, only their generation numbers travel: a rosters month is 93 KB.
PROCESS_ENTRIES = 128
_in_process: dict = {}
_NOT_PLAIN = object()


def _frozen(value):
    """``value`` made of str, bytes, numbers, dates, None, tuples, lists and str-keyed dicts, as an
    immutable copy (lists become tuples, dicts read-only views), or ``_NOT_PLAIN``: a model
    instance or any other object could carry one request's state into the next."""
    if value is None or isinstance(value, (str, bytes, int, float, bool, date, Decimal)):
        return value
    if isinstance(value, (tuple, list)):
        items = tuple(_frozen(item) for item in value)
        return _NOT_PLAIN if any(item is _NOT_PLAIN for item in items) else items
    if isinstance(value, dict) and all(isinstance(name, str) for name in value):
        items = {name: _frozen(item) for name, item in value.items()}
        plain = not any(item is _NOT_PLAIN for item in items.values())
        return MappingProxyType(items) if plain else _NOT_PLAIN
    return _NOT_PLAIN


def _keep_in_process(entry_key: str, numbers: tuple, value, expires_at: float) -> None:
    frozen = _frozen(value)
    if frozen is _NOT_PLAIN:
        return
    if len(_in_process) >= PROCESS_ENTRIES:
        _in_process.clear()
    _in_process[entry_key] = (numbers, frozen, expires_at)


def read(entry_key: str, scopes: list[str]):
    """(the entry stored under ``entry_key`` by ``store`` if it was stored at the scopes' present
    generations, else None; those generations, for ``store``). One round trip when the scopes
    are known to the cache: the entry and the numbers come together — none when the session
    store asked for them already (``spp/core/read_ahead.py``). An entry this process read or
    stored lately is taken from its memory when the numbers still match and its time is not
    up: then only the numbers are asked for (and the read-ahead learns to ask for those
    alone). What it returns is then shared by this process's requests: read-only."""
    generation_keys = [key(scope) for scope in scopes]
    held = _in_process.get(entry_key)
    if held is not None:
        found = read_ahead.get_many(generation_keys)
        numbers = tuple(found.get(k) for k in generation_keys)
        if held[0] == numbers and time.time() < held[2]:
            return held[1], numbers
    found = read_ahead.get_many([entry_key, *generation_keys])
    numbers = tuple(found.get(k) for k in generation_keys)
    if None in numbers:  # a scope never seen (or evicted): start it now, nothing can match
        started = current_many(scopes)
        return None, tuple(started[scope] for scope in scopes)
    entry = found.get(entry_key)
    if entry is not None and entry[0] == numbers:
        if len(entry) > 2:  # stored with its expiry (older copies were not)
            _keep_in_process(entry_key, numbers, entry[1], entry[2])
        return entry[1], numbers
    return None, numbers


def store(entry_key: str, numbers: tuple, value, seconds: int) -> None:
    """Keep ``value`` for ``read`` under the generations ``read`` returned *before* the value
    was computed: a change committed meanwhile leaves a copy that is never used."""
    expires_at = time.time() + seconds
    cache.set(entry_key, (numbers, value, expires_at), seconds)
    read_ahead.stored(entry_key)
    _keep_in_process(entry_key, numbers, value, expires_at)


def cached_value(entry_key: str, scopes: list[str], compute, seconds: int):
    """``compute()``, from the cache while none of ``scopes`` has moved since it was stored
    (None is not stored)."""
    found, numbers = read(entry_key, scopes)
    if found is not None:
        return found[0]
    value = compute()
    if value is not None:
        store(entry_key, numbers, (value,), seconds)
    return value


def process_kept(memo: dict, key, scopes: list[str], compute, *, limit: int = 1024,
                 keep=lambda value: True):
    """``compute()``, kept in this process's ``memo`` under ``key`` while none of ``scopes`` has
    moved: for a small value that every request of a kind needs (what a write checks before it
    writes), where reading the numbers costs one round trip and the value a query or more.
    The numbers are read before ``compute`` reads the database, so a change committed meanwhile
    leaves a copy that is never used. None is not kept, nor a value ``keep(value)`` refuses;
    the memo is emptied at ``limit``."""
    numbers = tuple(current_many(scopes)[scope] for scope in scopes)
    held = memo.get(key)
    if held is not None and held[0] == numbers:
        return held[1]
    value = compute()
    if value is not None and keep(value):
        if len(memo) >= limit:
            memo.clear()
        memo[key] = (numbers, value)
    return value
