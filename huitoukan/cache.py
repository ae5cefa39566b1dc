"""The Redis cache, degraded to no cache at all while Redis is unreachable.

Everything cached here is also kept elsewhere (sessions in the database with `cached_db`,
grants in their tables, roll-up debounce keys are only an optimisation), so while Redis is
down every read is a miss, every write is skipped, and pages keep rendering from the
database. A per-process local copy is deliberately not used as a fallback: a logout or a
revoked grant in one process would not reach the copies of the others.

Two details keep the outage from leaving stale data behind:
- after a connection error Redis is not tried again for RETRY_AFTER seconds, so a request
  pays the connection timeout at most once per window, not once per cache call;
- every key whose write or delete was skipped is deleted from Redis first thing when it
  answers again, so a session ended or a grant revoked during the outage does not come
  back from a Redis that kept its data (appendonly).
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_AFTER = 5.0
LOG_EVERY = 60.0
MAX_PENDING_KEYS = 100_000


class _Outage:
    """Shared by every thread of the process for one Redis location."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.logged_at = -LOG_EVERY
        self.stale_keys: set[str] = set()
        self.overflowed = False

    def is_down(self) -> bool:
        return time.monotonic() < self.down_until

    def started(self, keys=()):
        with self.lock:
            now = time.monotonic()
            if now - self.logged_at >= LOG_EVERY:
                log.warning("cache: Redis unreachable, serving without cache (retrying every %.0f s)", RETRY_AFTER)
                self.logged_at = now
            self.down_until = now + RETRY_AFTER
            self.remember(keys)

    def remember(self, keys):
        for key in keys:
            if len(self.stale_keys) >= MAX_PENDING_KEYS:
                self.overflowed = True
                return
            self.stale_keys.add(key)


_outages: dict[tuple, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_for(servers) -> _Outage:
    with _outages_lock:
        return _outages.setdefault(tuple(servers), _Outage())


class ResilientRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self.outage = _outage_for(servers)

    def _call(self, name, args, *, written_keys=(), fallback=None):
        outage = self.outage
        if outage.is_down():
            outage.remember(written_keys)
            return fallback
        try:
            self._forget_stale_keys()
            return getattr(super(), name)(*args)
        except OUTAGE_ERRORS:
            outage.started(written_keys)
            return fallback

    def _forget_stale_keys(self):
        outage = self.outage
        if not outage.stale_keys:
            return
        with outage.lock:
            keys, outage.stale_keys = list(outage.stale_keys), set()
            overflowed, outage.overflowed = outage.overflowed, False
        try:
            client = self.get_client(None, write=True)
            for start in range(0, len(keys), 1000):
                client.delete(*keys[start:start + 1000])
        except OUTAGE_ERRORS:
            with outage.lock:
                outage.stale_keys.update(keys)
                outage.overflowed = outage.overflowed or overflowed
            raise
        if overflowed:
            log.error("cache: more than %d keys changed while Redis was down; some cached values may be stale "
                      "until they expire", MAX_PENDING_KEYS)
        log.warning("cache: Redis is back; %d keys written during the outage were dropped from it", len(keys))

    def add(self, key, value, timeout):
        # Claiming the key when Redis is down means "do the work": a roll-up scheduled twice
        # is recomputed twice (tasks are idempotent), one never scheduled would be missed.
        return self._call("add", (key, value, timeout), written_keys=[key], fallback=True)

    def get(self, key, default):
        return self._call("get", (key, default), fallback=default)

    def set(self, key, value, timeout):
        return self._call("set", (key, value, timeout), written_keys=[key])

    def touch(self, key, timeout):
        return self._call("touch", (key, timeout), written_keys=[key], fallback=False)

    def delete(self, key):
        return self._call("delete", (key,), written_keys=[key], fallback=False)

    def get_many(self, keys):
        return self._call("get_many", (keys,), fallback={})

    def has_key(self, key):
        return self._call("has_key", (key,), fallback=False)

    def incr(self, key, delta):
        result = self._call("incr", (key, delta), written_keys=[key])
        if result is None:
            raise ValueError(f"Key '{key}' not found.")  # as for a missing key: there is no cache
        return result

    def set_many(self, data, timeout):
        return self._call("set_many", (data, timeout), written_keys=list(data))

    def delete_many(self, keys):
        return self._call("delete_many", (keys,), written_keys=list(keys))

    def clear(self):
        return self._call("clear", (), fallback=False)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
