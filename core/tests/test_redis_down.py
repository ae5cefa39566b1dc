"""With Redis unreachable, pages render from the database: the cache degrades to no cache."""

import socket
import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.factories import PASSWORD

DEAD_REDIS = "redis://127.0.0.1:6390/0"


def redis_cache(backend, location=DEAD_REDIS):
    return {"default": {"BACKEND": backend, "LOCATION": location,
                        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}


@pytest.fixture
def redis_down(settings):
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", 6390)) != 0, "port 6390 must be closed for this test"
    settings.CACHES = redis_cache("huitoukan.cache.ResilientRedisCache")
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def test_a_user_logs_in_works_and_logs_out_while_redis_is_down(client, redis_down, campaign, county_office, county):
    response = client.post(reverse("login"), {"username": "county_office", "password": PASSWORD})
    assert response.status_code == 302
    for url in [reverse("home"), reverse("campaigns:unit", args=[campaign.pk, county.code]),
                reverse("dashboards:unit", args=[campaign.pk, county.code]), reverse("rectification:ledger")]:
        assert client.get(url).status_code == 200, url
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302  # the session ended in the database


def test_the_cache_answers_as_an_empty_cache(redis_down):
    cache.set("k", 1)
    assert (cache.get("k"), cache.get("k", "default"), cache.get_many(["k"]), cache.has_key("k")) == (
        None, "default", {}, False)
    assert cache.add("lock", 1) is True  # "do the work": a duplicate roll-up is harmless, a missed one is not
    assert cache.delete("k") is False
    with pytest.raises(ValueError):
        cache.incr("k")


def test_after_one_failure_redis_is_not_tried_again_for_a_while(redis_down):
    cache.get("warm-up")  # the first call finds Redis down
    started = time.monotonic()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("redis.Redis.execute_command", lambda *a, **k: pytest.fail("Redis tried during the outage"))
        for _ in range(100):
            cache.get("k")
    assert time.monotonic() - started < 0.5


def test_without_the_fallback_the_same_outage_is_an_error(client, settings, county_office):
    """The control: Django's own Redis cache raises on every call when Redis is down."""
    settings.CACHES = redis_cache("django.core.cache.backends.redis.RedisCache")
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"  # (cached_db would fail at the login already)
    client.force_login(county_office)
    with pytest.raises(RedisConnectionError):
        client.get(reverse("home"))
