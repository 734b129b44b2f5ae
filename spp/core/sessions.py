"""Django's cached database sessions, read in one cache round trip with the signed-in person.

A signed-in request reads its session, then the person the session names (and their page
chrome, spp/core/auth_backends.py): two round trips to the cache, one after the other, on every
page. This process remembers which person each session it has served belongs to, and asks for
the session and that person's cached copies together. The session is still the authority: the
person read ahead is used only when the session names that same person, otherwise (a first
request, a session that now names someone else) the backend reads as before. The sessions'
storage is unchanged (``cached_db``: the cache, and the database behind it). The page's own
kept content comes in the same round trip when this session read it before
(``spp/core/read_ahead.py``)."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

from spp.core import auth_backends, read_ahead

REMEMBERED_LIMIT = 20_000  # sessions remembered per process; forgotten all at once past it

_person_of_session: dict[str, str] = {}


class SessionStore(CachedDBStore):
    def load(self):
        guess = _person_of_session.get(self.session_key) if self.session_key else None
        page_keys = read_ahead.keys_for_session(self.session_key) if guess else []
        try:
            found = self._cache.get_many(
                [self.cache_key, *(auth_backends.keys_for(guess) if guess else []), *page_keys])
        except Exception:  # as Django's: a key some backend refuses resets the session
            found = {}
        if page_keys:
            read_ahead.offer(page_keys, found)
        data = found.get(self.cache_key)
        if data is None:
            data = super().load()  # the database, then the cache (a miss only)
        person = data.get(SESSION_KEY)
        if person is not None and self.session_key:
            if len(_person_of_session) >= REMEMBERED_LIMIT:
                _person_of_session.clear()
            _person_of_session[self.session_key] = str(person)
        auth_backends.offer(str(person) if person is not None else None,
                            found if guess is not None and guess == str(person) else None)
        return data
