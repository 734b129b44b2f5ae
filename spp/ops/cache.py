"""A Redis cache that degrades instead of failing.

The cache only speeds things up (anonymous pages shared by ``spp.core.page_cache``, a copy of
each session and the brand; sessions and every count live in the database): if Redis goes away,
reads miss and writes are dropped (with a warning) and every page keeps working from the
database, until Redis is back. The two copies that a deletion drops (a session at sign-out, the
brand when an organisation changes) are kept minutes at most, so a deletion dropped here
leaves them stale no longer (``core.sessions.CACHED_COPY_SECONDS``,
``core.selectors.BRAND_CACHE_SECONDS``)."""

import functools
import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("spp.ops.cache")


def _tolerant(method, fallback):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError) as error:
            logger.warning("Redis cache unavailable (%s): %s skipped", error.__class__.__name__,
                           method.__name__)
            return fallback(*args, **kwargs) if callable(fallback) else fallback
    return wrapper


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client builds a new ``redis.Redis`` object for every operation,
    and building one fills a table of about 170 response callbacks, a measurable part of an
    anonymous page served from the cache. A ``redis.Redis`` is safe to share between threads
    (it takes a connection from its pool per command), so one is kept per connection pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    get = _tolerant(RedisCache.get, lambda key, default=None, version=None: default)
    get_many = _tolerant(RedisCache.get_many, {})
    set = _tolerant(RedisCache.set, None)
    set_many = _tolerant(RedisCache.set_many, [])
    add = _tolerant(RedisCache.add, False)
    incr = _tolerant(RedisCache.incr, None)
    touch = _tolerant(RedisCache.touch, False)
    delete = _tolerant(RedisCache.delete, False)
    delete_many = _tolerant(RedisCache.delete_many, None)
    has_key = _tolerant(RedisCache.has_key, False)
