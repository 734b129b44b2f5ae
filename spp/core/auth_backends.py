"""Authentication backends that read the signed-in person from the cache.

Every signed-in request loads its person (``request.user``), and every page that checks a
permission loads their roles in the organisations: two queries, about a fifth of a simple
signed-in page's time. These backends keep the row with its roles (``{organisation id:
role}``, as ``spp.core.permissions.roles_by_organisation`` reads them) in the cache, per
person, and Django's own checks run unchanged on it: the session's password hash (a changed
password still signs every other session out) and ``is_active``.

The copy is forgotten whenever the person's row or one of their memberships is saved or
deleted through the ORM (the signals below: profile edits, password changes, deactivation in
the admin, the last-login stamp, a role given or taken away by ``membership_set`` or the
admin), at once and again after the commit. A bulk ``UPDATE`` that bypasses ``save()`` shows
within ``USER_CACHE_SECONDS``; the services never write people or memberships that way."""

import threading

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction

from spp.core import chrome
from spp.core.models import Membership
from spp.core.permissions import roles_by_organisation
from spp.core.signals import on_save_or_delete

USER_CACHE_SECONDS = 300


def _key(user_id) -> str:
    return f"spp:user:{user_id}"


def keys_for(user_id) -> list[str]:
    """The cache keys ``get_user`` reads for this person: their row and their chrome."""
    return [_key(user_id), *chrome.keys_for(user_id)]


# What the session store (spp/core/sessions.py) read ahead for the person its session names,
# for this thread's request: (user id, what the cache answered) or None.
_read_ahead = threading.local()


def offer(user_id: str | None, found: dict | None) -> None:
    """Called by the session store at each load: what it read for ``user_id`` (None: nothing,
    which also drops what an earlier request of this thread left)."""
    _read_ahead.value = (user_id, found) if user_id is not None and found is not None else None


def _taken(user_id) -> dict | None:
    offered = getattr(_read_ahead, "value", None)
    _read_ahead.value = None
    if offered is not None and offered[0] == str(user_id):
        return offered[1]
    return None


class CachedUserMixin:
    def get_user(self, user_id):
        """The person, and their page chrome (spp/core/chrome.py) in the same round trip."""
        found = _taken(user_id)
        if found is None:
            found = cache.get_many(keys_for(user_id))
        user = found.get(_key(user_id))
        if user is None:
            try:
                user = get_user_model()._default_manager.get(pk=user_id)
            except get_user_model().DoesNotExist:
                return None
            roles_by_organisation(user)  # read now, kept on the row (``user._spp_roles``)
            cache.set(_key(user_id), user, USER_CACHE_SECONDS)
        chrome.prefetched(user, found)
        return user if self.user_can_authenticate(user) else None


class CachedModelBackend(CachedUserMixin, ModelBackend):
    """Django's backend (email and password), with the person read from the cache."""


class CachedAllauthBackend(CachedUserMixin, AllauthBackend):
    """allauth's backend (login by email, social accounts), with the person read from the
    cache."""


def forget_cached_user(user_id) -> None:
    key = _key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def _user_changed(sender, instance, **kwargs) -> None:
    forget_cached_user(instance.pk)


def _membership_changed(sender, instance, **kwargs) -> None:
    forget_cached_user(instance.user_id)


def connect_signals() -> None:
    """Called from the core app's ``ready()``."""
    on_save_or_delete(_user_changed, get_user_model(), "spp.core.auth_backends.user")
    on_save_or_delete(_membership_changed, Membership, "spp.core.auth_backends.membership")
