"""Authentication backends that read the signed-in person from the cache.

Every signed-in request loads its person (``request.user``): one query, about a tenth of a
simple signed-in page's time. These backends keep that row in the cache, per person, and
Django's own checks run unchanged on it: the session's password hash (a changed password still
signs every other session out) and ``is_active``.

The copy is forgotten whenever the row is saved or deleted through the ORM (the signals below:
profile edits, password changes, deactivation in the admin, the last-login stamp), at once
and again after the commit. A bulk ``UPDATE`` that bypasses ``save()`` shows within
``USER_CACHE_SECONDS``; the services never write people that way."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from spp.core import chrome

USER_CACHE_SECONDS = 300


def _key(user_id) -> str:
    return f"spp:user:{user_id}"


class CachedUserMixin:
    def get_user(self, user_id):
        """The person, and their page chrome (spp/core/chrome.py) in the same round trip."""
        chrome_keys = chrome.keys_for(user_id)
        found = cache.get_many([_key(user_id), *chrome_keys])
        user = found.get(_key(user_id))
        if user is None:
            try:
                user = get_user_model()._default_manager.get(pk=user_id)
            except get_user_model().DoesNotExist:
                return None
            cache.set(_key(user_id), user, USER_CACHE_SECONDS)
        chrome.prefetched(user, found)
        return user if self.user_can_authenticate(user) else None


class CachedModelBackend(CachedUserMixin, ModelBackend):
    """Django's backend (email and password), with the person read from the cache."""


class CachedAllauthBackend(CachedUserMixin, AllauthBackend):
    """allauth's backend (login by email, social accounts), with the person read from the
    cache."""


def forget_cached_user(sender, instance, **kwargs) -> None:
    key = _key(instance.pk)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def connect_signals() -> None:
    """Called from the core app's ``ready()``."""
    user_model = get_user_model()
    post_save.connect(forget_cached_user, sender=user_model,
                      dispatch_uid="spp.core.auth_backends.saved")
    post_delete.connect(forget_cached_user, sender=user_model,
                        dispatch_uid="spp.core.auth_backends.deleted")
