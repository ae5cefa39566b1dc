"""Personas and heavy fixtures built once per test module instead of once per test.

A module whose every test starts from the same costly world (a county review with inspections,
a ledger of problems) calls `share_per_module(globals(), ...)` in its conftest.py. The module then
runs inside one transaction (`module_db`, rolled back at its end): the personas and the named
fixtures are built in it once, and each test gets them fetched afresh from the database inside
its own savepoint (pytest-django's `db`), so what one test writes, in the database or on the
objects it was given, never reaches the next. Not for transactional tests (live server, threads):
they cannot run inside another transaction.
"""

import inspect

import pytest
from django.db import transaction
from django.test import override_settings

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def signature_of(names) -> inspect.Signature:
    """A signature naming the fixtures a generated fixture function asks pytest for."""
    return inspect.Signature([inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY) for n in names])


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker, tmp_path_factory):
    """One transaction around the module, rolled back at its end; built with the settings and the
    eager Celery that the function-scoped `_fast_and_eager` gives each test."""
    from huitoukan.celery import app

    media = tmp_path_factory.mktemp("module-media")
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER, MEDIA_ROOT=str(media)):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            app.conf.task_always_eager = eager
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def fresh(value):
    """The same rows read again: a model instance, or a dict / list of them."""
    if isinstance(value, dict):
        models = {type(item) for item in value.values()}
        if len(models) == 1 and hasattr(first := next(iter(value.values())), "_meta"):
            rows = type(first)._default_manager.in_bulk([item.pk for item in value.values()])
            return {key: rows[item.pk] for key, item in value.items()}
        return dict(zip(value, fresh(list(value.values())), strict=True))
    if isinstance(value, list | tuple):
        return [fresh(item) for item in value]
    if hasattr(value, "_meta") and value.pk is not None:
        return type(value)._default_manager.get(pk=value.pk)
    return value


def _module_fixture(name, needs, build):
    def fixture(**given):
        return build(*(given["_module_" + n] for n in needs))

    fixture.__name__ = "_module_" + name
    fixture.__signature__ = signature_of(["module_db", *("_module_" + n for n in needs)])
    return pytest.fixture(name="_module_" + name, scope="module")(fixture)


def _refetching_fixture(name):
    def fixture(**given):
        return fresh(given["_module_" + name])

    fixture.__name__ = name
    fixture.__signature__ = signature_of(["db", "_module_" + name])
    return pytest.fixture(name=name)(fixture)


def _module_templates(module_db, _template_rows):
    from conftest import write_templates

    return write_templates(_template_rows)


@pytest.fixture(autouse=True)
def _cache_of_this_test_only():
    """The shared rows keep their ids from test to test: a cache entry keyed on one (a debounce, a
    grant) must not outlive the test that wrote it, as it could not when every test made new rows."""
    from django.core.cache import cache

    cache.clear()


def share_per_module(namespace: dict, **heavy) -> None:
    """Define in a conftest's namespace: `module_db`, each of `heavy` (name=(needs, build)) and the
    personas of tests/personas.py that they need, built once per module; and fixtures of the same
    names that hand each test fresh copies. Other personas stay built per test: a shared row is
    seen by every later test of the module, so only what the heavy fixtures need is shared."""
    from tests.personas import PERSONAS

    namespace["module_db"] = module_db
    namespace["_cache_of_this_test_only"] = _cache_of_this_test_only
    shared, pending = dict(heavy), [n for needs, _ in heavy.values() for n in needs]
    while pending:
        name = pending.pop()
        if name in PERSONAS and name not in shared:
            shared[name] = PERSONAS[name]
            pending.extend(PERSONAS[name][0])
    for name, (needs, build) in shared.items():
        namespace["_module_" + name] = _module_fixture(name, needs, build)
        namespace[name] = _refetching_fixture(name)
    if any("templates" in needs for needs, _ in shared.values()):
        namespace["_module_templates"] = pytest.fixture(name="_module_templates", scope="module")(_module_templates)
        namespace["templates"] = _refetching_fixture("templates")
