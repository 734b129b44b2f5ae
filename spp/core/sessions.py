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
Django's documented way of extending the database session engines."""

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDatabaseSessionStore


class SessionStore(CachedDatabaseSessionStore):
    cache_key_prefix = "spp.sessions."

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
