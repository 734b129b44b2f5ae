"""The Redis cache backend: one client per connection pool, and a cache that degrades while
Redis is away and works again when it is back (against a private Redis the test starts)."""

import pytest

from spp.ops.cache import ResilientRedisCache

pytestmark = pytest.mark.processes


def _cache_on(server) -> ResilientRedisCache:
    return ResilientRedisCache(server.url(), {"OPTIONS": {"socket_connect_timeout": 1,
                                                          "socket_timeout": 1}})


def test_the_cache_reuses_one_redis_client_for_every_operation(private_redis):
    cache = _cache_on(private_redis)
    cache.set("k", "v")
    first = cache._cache.get_client()
    assert cache.get("k") == "v"
    assert cache._cache.get_client() is first
    assert cache._cache.get_client(write=True) is first  # one server: reads and writes share it


def test_the_reused_client_misses_while_redis_is_away_and_reads_again_once_it_is_back(
        private_redis):
    cache = _cache_on(private_redis)
    cache.set("k", "v", 300)
    private_redis.stop()
    assert cache.get("k", "missed") == "missed"
    cache.set("other", "dropped")  # a write is dropped with a warning, not raised
    private_redis.start()
    cache.set("k", "again", 300)
    assert cache.get("k") == "again"

