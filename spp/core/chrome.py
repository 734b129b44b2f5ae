"""What every page shows a signed-in person around its content: the unread notifications in the
navigation, the back-office link, and the charters they must accept again.

Read on every page, these took three queries and about a third of a signed-in page's time,
for figures that change only when a service writes them. So they are kept in the cache per
person, and the services that change them forget that copy:

- ``notification_send`` / ``notification_mark_read`` and ``membership_set`` forget the person's;
- enrolment and charter-acceptance services forget the enrolled person's;
- ``charter_publish`` changes every enrolled person's banner at once: it moves the generation
  number that every copy is stored with, so they are all recomputed on their next page.

A change made outside the services (the Django admin, a shell) shows within ``CHROME_SECONDS``.
Permissions never read this: it only decides what the page shows.

The copy travels with the person: the authentication backend (spp/core/auth_backends.py)
reads it in the same round trip as the person's cached row, and ``chrome_for`` uses what came
with the person unless a service of this process forgot a chrome since (then it reads again).
"""

import itertools

from django.core.cache import cache
from django.db import transaction

CHROME_SECONDS = 60
GENERATION_KEY = "spp:chrome-generation"

# Moves each time this process forgets a chrome: a copy read before it moved may be stale.
_forget_counter = itertools.count(1)
_forget_mark = 0


def _key(user_id: int) -> str:
    return f"spp:chrome:{user_id}"


def keys_for(user_id: int) -> list[str]:
    """What ``prefetched`` needs, for a caller that reads several keys in one round trip."""
    return [_key(user_id), GENERATION_KEY]


def prefetched(user, found: dict) -> None:
    """Attach what a combined read found for the person's chrome (see ``keys_for``)."""
    user._spp_chrome = (_forget_mark, found.get(_key(user.pk)), found.get(GENERATION_KEY, 0))


def _note_forget() -> None:
    global _forget_mark
    _forget_mark = next(_forget_counter)


def _compute(user) -> dict:
    from spp.catalog.selectors import enrolments_needing_reacceptance
    from spp.core import permissions, selectors

    return {
        "unread_count": selectors.notification_unread_count(user),
        "is_staff": permissions.is_staff_anywhere(user),
        "charters_to_reaccept": [
            {"service_name": e.service.name, "service_slug": e.service.slug}
            for e in enrolments_needing_reacceptance(user)
        ],
    }


def chrome_for(user) -> dict:
    """The person's chrome, from the cache when it is of the current generation (one round
    trip for both)."""
    carried = getattr(user, "_spp_chrome", None)
    if carried is not None and carried[0] == _forget_mark:
        stored, generation = carried[1], carried[2]
    else:
        found = cache.get_many(keys_for(user.pk))
        stored, generation = found.get(_key(user.pk)), found.get(GENERATION_KEY, 0)
    user._spp_chrome = None
    if stored is not None and stored[0] == generation:
        return stored[1]
    chrome = _compute(user)
    cache.set(_key(user.pk), (generation, chrome), CHROME_SECONDS)
    return chrome


def chrome_forget(user_id: int) -> None:
    """Forget one person's chrome now and again after the commit (a page read in between
    would otherwise store what the transaction is about to change)."""
    _note_forget()
    cache.delete(_key(user_id))
    transaction.on_commit(lambda: cache.delete(_key(user_id)))


def chrome_forget_everyone() -> None:
    """Every stored chrome becomes stale (a new charter version concerns all its people)."""

    def bump():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not there yet (or evicted): any new value differs from 0
            cache.set(GENERATION_KEY, 1, None)

    _note_forget()
    bump()
    transaction.on_commit(bump)
