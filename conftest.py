"""Personas shared by every app's tests: one county (two townships) and an outsider county.

city 4113 ─┬─ county 411322 ─┬─ township 411322100 ─┬─ village 411322100001  (checker, reviewer)
           │                 │                      └─ village 411322100002
           │                 └─ township 411322101 ─── village 411322101001
           └─ county 411321 ─── township 411321100 ─── village 411321100001  (outsider)
"""

import os

import pytest
from django.conf import settings

from accounts.roles import Role
from tests.factories import make_campaign, make_household, make_unit, make_user

IN_CI = bool(os.environ.get("CI"))


def pytest_runtest_setup(item):
    """A test for a missing service skips on a laptop and fails in CI."""
    missing = []
    if item.get_closest_marker("redis") and not settings.REDIS_URL:
        missing.append("REDIS_URL is not set")
    if item.get_closest_marker("postgres") and not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        missing.append("DATABASE_URL does not point at PostgreSQL")
    if missing and IN_CI:
        pytest.fail(f"CI needs this service: {'; '.join(missing)}", pytrace=False)
    if missing:
        pytest.skip("; ".join(missing))


@pytest.fixture(autouse=True)
def _fast_and_eager(settings, request):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from huitoukan.celery import app

    eager = "redis" not in request.keywords
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def county(db):
    return make_unit("411322", "方城县")


@pytest.fixture
def township(county):
    return make_unit("411322100", "凤瑞街道")


@pytest.fixture
def village(township):
    return make_unit("411322100001", "新华街社区", village_type="poverty_exited")


@pytest.fixture
def sibling_village(township):
    return make_unit("411322100002", "和平社区")


@pytest.fixture
def other_township(county):
    return make_unit("411322101", "释之街道")


@pytest.fixture
def other_township_village(other_township):
    return make_unit("411322101001", "释之社区")


@pytest.fixture
def outside_village(db):
    return make_unit("411321100001", "外县村")


@pytest.fixture
def household(village):
    return make_household(village, has_elderly=True)


@pytest.fixture
def other_township_household(other_township_village):
    return make_household(other_township_village)


@pytest.fixture
def outside_household(outside_village):
    return make_household(outside_village)


@pytest.fixture
def checker(village):
    return make_user("checker", Role.CHECKER, village)


@pytest.fixture
def reviewer(village):
    return make_user("reviewer", Role.REVIEWER, village)


@pytest.fixture
def township_office(township):
    return make_user("township_office", Role.TOWNSHIP_OFFICE, township)


@pytest.fixture
def other_township_office(other_township):
    return make_user("other_township_office", Role.TOWNSHIP_OFFICE, other_township)


@pytest.fixture
def county_office(county):
    return make_user("county_office", Role.COUNTY_OFFICE, county)


@pytest.fixture
def city_office(county):
    return make_user("city_office", Role.CITY_OFFICE, county.parent)


@pytest.fixture
def department_user(county):
    return make_user("dept_health", Role.DEPARTMENT, county, department="卫健")


@pytest.fixture
def viewer(county):
    return make_user("inspector", Role.VIEWER, county)


@pytest.fixture
def outsider(outside_village):
    return make_user("outsider", Role.COUNTY_OFFICE, outside_village.parent.parent)


@pytest.fixture
def templates(db):
    """Every form of the repository, loaded as `load_checklists` does."""
    from checklists.definitions import load_all
    from checklists.models import ChecklistTemplate
    from checklists.services import load_template

    for data in load_all():
        load_template(data)
    return {t.code: t for t in ChecklistTemplate.objects.all()}


@pytest.fixture
def campaign(templates, county, county_office, household, village):
    """A county campaign with the four 方城县 forms and its work list built."""
    codes = ["fangcheng-household", "fangcheng-village", "fangcheng-township", "fangcheng-county"]
    return make_campaign(county, [templates[c] for c in codes], by=county_office)
