"""The session engine (``SESSION_ENGINE = "spp.core.sessions"``): Django's database sessions,
kept in ``core.PersonSession``, which also records who is signed in on each one.

Django's own session table only holds the session's signed, encoded data: to find a person's
sessions one would have to decode them all. Erasing a person (``spp.core.services.erasure``)
must end every session of theirs — what they hold (the signed-in person, the address typed at
login) is their data — so each session row carries ``user_id``, written whenever the session
is saved. This is Django's documented way of extending the database session engine."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
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
