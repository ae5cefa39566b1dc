"""Loaded with `-p tests.workers` (pyproject addopts), before Django reads its settings.

Under pytest-xdist each worker gets its own PostgreSQL test database from pytest-django
(test_<name>_gw0, _gw1 …) and, from this plugin, its own Redis database: worker N uses the
database number of REDIS_URL minus N (CI: 15, 14). The whole Redis database of a worker is
its own, so a test that clears the cache or runs a Celery worker in-process never meets
another worker's keys or messages.
"""

import os
import sys
from urllib.parse import urlsplit, urlunsplit

import pytest

# Each pytest process (the controller and every xdist worker) imports the project and rewrites the
# assertions of ~100 test modules: cached as .pyc (in __pycache__/, ignored by git) that takes
# half the collection time (7 s → 3.5 s CPU per process), so it is kept even when the environment
# sets PYTHONDONTWRITEBYTECODE.
sys.dont_write_bytecode = False


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


# The test databases on PostgreSQL ------------------------------------------------------------------
#
# Migrating a database costs each xdist worker several seconds (most of its set-up). Instead the
# migrations run once into a template database named after a digest of every migration file
# (test_<name>_migrated_<digest>), kept between runs; each worker's database is then made afresh
# as a copy of it (CREATE DATABASE … TEMPLATE), and Django's migrate finds nothing left to apply.
# A changed, added or removed migration gives a new digest, hence a new template; templates of
# other digests are dropped. The build goes into a scratch database renamed when complete, so a
# run stopped half-way never leaves a half-migrated template.


def migrations_digest() -> str:
    """A digest of every installed app's migration files (name and content)."""
    import hashlib
    from pathlib import Path

    from django.apps import apps

    digest = hashlib.sha256()
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        for path in sorted((Path(config.path) / "migrations").glob("*.py")):
            digest.update(f"{config.label}/{path.name}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def use_migrated_template(alias: str = "default") -> str | None:
    """Point the test database of `alias` at a migrated template (PostgreSQL only); its name, or None."""
    from django.core.management import call_command
    from django.db import connections

    connection = connections[alias]
    if connection.vendor != "postgresql":
        return None
    settings_dict = connection.settings_dict
    template = f"test_{settings_dict['NAME']}_migrated_{migrations_digest()}"
    prefix = template.rsplit("_", 1)[0] + "_"
    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [prefix])  # one builder at a time
        try:
            cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [prefix.replace("_", r"\_") + "%"])
            existing = {row[0] for row in cursor.fetchall()}
            for stale in existing - {template}:
                try:  # another digest's template (or an unfinished build); one in use is left alone
                    cursor.execute(f"DROP DATABASE IF EXISTS {quote(stale)}")
                except Exception:  # noqa: BLE001 - in use by a concurrent run: it stays for now
                    pass
            if template not in existing:
                building = f"{template}_building"[:63]
                cursor.execute(f"CREATE DATABASE {quote(building)}")
                name = settings_dict["NAME"]
                connection.close()
                settings_dict["NAME"] = building
                try:
                    call_command("migrate", verbosity=0, interactive=False, database=alias, run_syncdb=True)
                finally:
                    connection.close()
                    settings_dict["NAME"] = name
                cursor.execute(f"ALTER DATABASE {quote(building)} RENAME TO {quote(template)}")
        finally:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [prefix])
    settings_dict["TEST"]["TEMPLATE"] = template
    return template


# Emptying the database after a transactional test -------------------------------------------------
#
# A transactional test (live server, browser, threads) ends with Django's flush, which on
# PostgreSQL is one TRUNCATE of every table: a new file for each of ~150 tables, ~0.3 s a test.
# A DELETE of a table that is (nearly) empty costs microseconds, and Django's foreign keys are
# DEFERRABLE INITIALLY DEFERRED, so the tables can be emptied in any order inside the flush's
# transaction: the keys are checked once, at its commit, when every table is empty.


def delete_flush(original):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if not tables or reset_sequences:
            return original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET CONSTRAINTS ALL DEFERRED"] + [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};" for table in tables
        ]

    return sql_flush


def pytest_configure(config):
    from django.db.backends.postgresql.operations import DatabaseOperations

    if not getattr(DatabaseOperations.sql_flush, "deletes", False):
        DatabaseOperations.sql_flush = delete_flush(DatabaseOperations.sql_flush)
        DatabaseOperations.sql_flush.deletes = True
