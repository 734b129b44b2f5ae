"""The session engine (``SESSION_ENGINE = "spp.core.sessions"``): Django's cached database
sessions (``cached_db``), kept in ``core.PersonSession``, which also records who is signed in on
each one.

Why cached: every signed-in page reads its session first. ``cached_db`` writes each session to
the database and to the shared cache (Redis in production) and reads it from the cache, so a
page costs one Redis read instead of a PostgreSQL query; the database stays the source of
truth (a miss, a Redis outage or ``DummyCache`` reads the row). This is Django's own engine,
documented as the one to use with a persistent shared cache.

Why a model of our own: Django's session table only holds the session's signed, encoded data,
so to find a person's sessions one would have to decode them all. Erasing a person
(``spp.core.services.erasure.sessions_end``) must end every session of theirs — what they hold
is their data — so each row carries ``user_id``, written whenever the session is saved, and
each session is deleted through this engine, which drops the cached copy with the row. This is
Django's documented way of extending the database session engines.

Why the cached copy lives five minutes, not the session's two weeks: a sign-out (or an erasure)
deletes the row, then the copy. Were Redis to fail between the two, the copy would keep the
ended session alive as long as it lives; capped, it ends within minutes, and a session costs
one query every five minutes."""

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDatabaseSessionStore

CACHED_COPY_SECONDS = 300


class _CopiesKeptAtMost:
    """The session cache, whose every write keeps the copy at most ``seconds``."""

    def __init__(self, cache, seconds: int):
        self._cache, self._seconds = cache, seconds

    def _capped(self, timeout):
        return self._seconds if timeout is None else min(timeout, self._seconds)

    def set(self, key, value, timeout=None):
        return self._cache.set(key, value, self._capped(timeout))

    async def aset(self, key, value, timeout=None):
        return await self._cache.aset(key, value, self._capped(timeout))

    def __contains__(self, key):
        return key in self._cache

    def __getattr__(self, name):  # get, delete and the rest, unchanged
        return getattr(self._cache, name)


class SessionStore(CachedDatabaseSessionStore):
    cache_key_prefix = "spp.sessions."

    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _CopiesKeptAtMost(self._cache, CACHED_COPY_SECONDS)

    @classmethod
    def get_model_class(cls):
        from spp.core.models import PersonSession

        return PersonSession

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        try:
            session.user_id = int(data.get("_auth_user_id"))
        except (TypeError, ValueError):
            session.user_id = None
        return session
