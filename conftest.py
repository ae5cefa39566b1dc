"""Personas shared by every app's tests: one county (two townships) and an outsider county.

city 4113 ─┬─ county 411322 ─┬─ township 411322100 ─┬─ village 411322100001  (checker, reviewer)
           │                 │                      └─ village 411322100002
           │                 └─ township 411322101 ─── village 411322101001
           └─ county 411321 ─── township 411321100 ─── village 411321100001  (outsider)
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.module_scope import signature_of
from tests.personas import PERSONAS

IN_CI = bool(os.environ.get("CI"))
pytest_plugins = ["tests.browser"]  # one chromium per session (fixtures `browser`, `_chromium`)


def unavailable(reason: str):
    """The one exit for a test whose service, browser or ../shared data is missing:
    it skips on a laptop and FAILS in CI (CI=true), so CI never passes by skipping."""
    if IN_CI:
        pytest.fail(f"CI needs this: {reason}", pytrace=False)
    pytest.skip(reason)


def shared_data(*parts: str) -> Path:
    """A path under the project's shared/ folder (seeds, division files), found beside the
    checkout or beside a parent folder of it (a worktree lies one level deeper); a test that
    needs it and does not find it goes through `unavailable`."""
    base = Path(settings.BASE_DIR).resolve()
    for folder in [base.parent, *base.parent.parents]:
        candidate = folder.joinpath("shared", *parts)
        if candidate.exists():
            return candidate
    unavailable(f"shared/{'/'.join(parts)} is not beside the checkout")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, django_db_use_migrations,
                                 django_db_blocker):
    """On PostgreSQL each worker's test database is a copy of a template migrated once per set of
    migrations (tests/workers.py); commits need not wait for the disk (a test database is thrown away)."""
    from django.db import connection

    from tests.workers import use_migrated_template

    if connection.vendor == "postgresql":
        connection.settings_dict.setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
        if django_db_use_migrations:
            with django_db_blocker.unblock():
                use_migrated_template()


def pytest_runtest_setup(item):
    missing = []
    if item.get_closest_marker("redis") and not settings.REDIS_URL:
        missing.append("REDIS_URL is not set")
    if item.get_closest_marker("postgres") and not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        missing.append("DATABASE_URL does not point at PostgreSQL")
    if missing:
        unavailable("; ".join(missing))


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist each worker has its own database and Redis db (tests/workers.py); the
    tests that run a Celery worker in-process still go to one worker, one after another
    (--dist loadgroup)."""
    for item in items:
        if item.get_closest_marker("redis"):
            item.add_marker(pytest.mark.xdist_group("redis"))


@pytest.fixture(autouse=True)
def _fast_and_eager(settings, request):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from huitoukan.celery import app

    from celery._state import _set_task_join_will_block, task_join_will_block

    eager = "redis" not in request.keywords
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    # an in-process worker (the redis tests) marks the whole process as "inside a task", which
    # would make every later eager result.get() refuse; each test starts outside one
    joining = task_join_will_block()
    _set_task_join_will_block(False)
    yield
    _set_task_join_will_block(joining)
    app.conf.task_always_eager = previous


def _persona_fixture(name, needs, build):
    """A function-scoped fixture `name` built from the personas it needs (tests/personas.py)."""
    def fixture(**given):
        return build(*(given[n] for n in needs))

    fixture.__name__ = name
    fixture.__signature__ = signature_of(["db", *needs])
    return pytest.fixture(name=name)(fixture)


for _name, (_needs, _build) in PERSONAS.items():
    globals()[_name] = _persona_fixture(_name, _needs, _build)


@pytest.fixture(scope="session")
def _template_rows(django_db_setup, django_db_blocker):
    """The rows `load_checklists` writes for every form of the repository, made once per
    session (per xdist worker) by the real loader inside a transaction that is rolled back."""
    from django.db import transaction

    from checklists.definitions import load_all
    from checklists.models import ChecklistTemplate, Question, Section
    from checklists.services import load_template

    class RollBack(Exception):
        pass

    rows = {}
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                for data in load_all():
                    load_template(data)
                for model in (ChecklistTemplate, Section, Question):
                    rows[model] = _copy_out(model) or list(model.objects.order_by("pk").values())
                raise RollBack
        except RollBack:
            pass
    return rows


def _copy_out(model) -> bytes | None:
    """PostgreSQL: the table's rows in COPY's text format, primary-key order (None elsewhere)."""
    import io

    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    buffer = io.BytesIO()
    table, pk = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY (SELECT * FROM {table} ORDER BY {pk}) TO STDOUT", buffer)
    return buffer.getvalue()


def _copy_in(model, data: bytes) -> None:
    import io

    from django.db import connection

    with connection.cursor() as cursor:
        table = connection.ops.quote_name(model._meta.db_table)
        cursor.cursor.copy_expert(f"COPY {table} FROM STDIN", io.BytesIO(data))


@pytest.fixture
def templates(db, _template_rows):
    """Every form of the repository, as `load_checklists` loads it: {code: latest version}.

    The forms are read and loaded once per session; each test gets the same rows written
    back (same ids): on PostgreSQL with one COPY per table (the rows of every form cost
    ~0.1 s per test through bulk_create), elsewhere with bulk_create. A test that made
    templates of its own first gets the real loader."""
    return write_templates(_template_rows)


def write_templates(template_rows) -> dict:
    from checklists.definitions import load_all
    from checklists.models import ChecklistTemplate
    from checklists.services import load_template

    if ChecklistTemplate.objects.exists():
        for data in load_all():
            load_template(data)
    else:
        for model, rows in template_rows.items():
            if isinstance(rows, bytes):
                _copy_in(model, rows)
            else:
                model.objects.bulk_create([model(**row) for row in rows])
        _advance_sequences(list(template_rows))
    return {t.code: t for t in ChecklistTemplate.objects.all()}


def _advance_sequences(models) -> None:
    """Rows written with their ids leave PostgreSQL's sequences behind: move each past its rows
    (never backwards; SQLite's AUTOINCREMENT follows explicit ids by itself)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table, pk = model._meta.db_table, model._meta.pk.column
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), GREATEST("
                f"(SELECT MAX({pk}) FROM {table}), nextval(pg_get_serial_sequence(%s, %s))))",
                [table, pk, table, pk],
            )
