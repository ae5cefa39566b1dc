"""Real outages: a private redis-server is stopped and started again under a worker and the cache."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.core.cache import cache
from django.urls import reverse

from .private_redis import PrivateRedis

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs the redis-server program"),
]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path).start()
    yield server
    if server.process.poll() is None:
        server.stop()


def ping_through(url: str, timeout: float) -> str:
    probe = Celery("probe", broker=url, backend=url)
    probe.conf.broker_connection_retry_on_startup = True
    try:
        return probe.send_task("core.tasks.ping").get(timeout=timeout)
    finally:
        probe.close()


def start_worker(redis_url: str, directory: Path) -> subprocess.Popen:
    env = {**os.environ, "REDIS_URL": redis_url, "DATABASE_URL": f"sqlite:///{directory / 'worker.db'}"}
    for name in ("SECRET_KEY", "FIELD_ENCRYPTION_KEY"):  # a settings file may refuse to start without them
        env.setdefault(name, "outage-test-only-key")
    with open(directory / "worker.log", "wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "huitoukan", "worker", "--pool", "solo", "-Q", "celery",
             "--without-mingle", "--without-gossip", "-l", "warning"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)


def test_the_worker_reconnects_when_redis_comes_back(private_redis, tmp_path):
    worker = start_worker(private_redis.url, tmp_path)
    try:
        assert ping_through(private_redis.url, timeout=30) == "pong"
        private_redis.stop()
        time.sleep(2)  # the worker notices and starts retrying
        assert worker.poll() is None, "the worker exited when Redis went away"
        private_redis.start()
        started = time.monotonic()
        assert ping_through(private_redis.url, timeout=40) == "pong"
        assert worker.poll() is None
        assert time.monotonic() - started < 40
    finally:
        worker.terminate()
        worker.wait(timeout=20)


def test_a_worker_started_while_redis_is_down_waits_for_it(private_redis, tmp_path):
    private_redis.stop()
    worker = start_worker(private_redis.url, tmp_path)
    try:
        time.sleep(3)
        assert worker.poll() is None, "the worker gave up on a broker that is not there yet"
        private_redis.start()
        assert ping_through(private_redis.url, timeout=40) == "pong"
    finally:
        worker.terminate()
        worker.wait(timeout=20)


def test_a_session_ended_during_the_outage_does_not_come_back_with_redis(client, settings, private_redis, monkeypatch,
                                                                        county_office):
    monkeypatch.setattr("huitoukan.cache.RETRY_AFTER", 0.2)
    settings.CACHES = {"default": {"BACKEND": "huitoukan.cache.ResilientRedisCache", "LOCATION": private_redis.url,
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.force_login(county_office)
    assert client.get(reverse("home")).status_code == 200  # the session is now in Redis too
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value

    private_redis.stop()
    client.post(reverse("logout"))  # deleted from the database; Redis cannot be told
    private_redis.start()  # with its data: the old session is still in it
    time.sleep(0.3)

    client.cookies[settings.SESSION_COOKIE_NAME] = session_cookie
    assert client.get(reverse("home")).status_code == 302  # logged out it stays
    cache.set("k", 1)
    assert cache.get("k") == 1  # and Redis is used again
