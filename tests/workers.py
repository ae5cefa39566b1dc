"""Loaded with `-p tests.workers` (pyproject addopts), before Django reads its settings.

Under pytest-xdist each worker gets its own PostgreSQL test database from pytest-django
(test_<name>_gw0, _gw1 …) and, from this plugin, its own Redis database: worker N uses the
database number of REDIS_URL minus N (CI: 15, 14). The whole Redis database of a worker is
its own, so a test that clears the cache or runs a Celery worker in-process never meets
another worker's keys or messages.
"""

import os
from urllib.parse import urlsplit, urlunsplit

import pytest


def worker_redis_url(url: str, worker: str) -> str:
    """The Redis URL for xdist worker `worker` ("gw0", "gw1" …)."""
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    db = base - int(worker.removeprefix("gw"))
    if db < 0:
        raise pytest.UsageError(f"REDIS_URL database {base} leaves no Redis database for xdist worker {worker}")
    return urlunsplit(parts._replace(path=f"/{db}"))


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    worker, url = os.environ.get("PYTEST_XDIST_WORKER"), os.environ.get("REDIS_URL")
    if worker and url:
        os.environ["REDIS_URL"] = worker_redis_url(url, worker)
