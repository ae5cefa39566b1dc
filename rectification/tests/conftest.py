import pytest


@pytest.fixture
def health(county):
    from units.models import Department

    return Department.objects.get_or_create(county=county, name="卫健委")[0]


@pytest.fixture
def housing(county):
    from units.models import Department

    return Department.objects.get_or_create(county=county, name="住建局")[0]


@pytest.fixture
def health_user(health):
    from accounts.roles import Role
    from tests.factories import make_user

    return make_user("health_staff", Role.DEPARTMENT, health.county, department="卫健委")


@pytest.fixture
def housing_user(housing):
    from accounts.roles import Role
    from tests.factories import make_user

    return make_user("housing_staff", Role.DEPARTMENT, housing.county, department="住建局")


@pytest.fixture
def make_problem(campaign, village, county_office):
    from rectification.models import Problem
    from rectification.services import record_problem

    def make(unit=None, department=None, source=Problem.Source.UNANNOUNCED, **assignment):
        problem = record_problem(by=county_office, campaign=campaign, unit=unit or village, source=source,
                                 category="住房保障", description="墙体开裂", department=department)
        for field, value in assignment.items():
            setattr(problem, field, value)
        if assignment:
            problem.save()
        return problem

    return make


@pytest.fixture
def outside_housing(outside_village):
    """The same kind of department, in the other county."""
    from units.models import Department

    return Department.objects.get_or_create(county_id=outside_village.code[:6], name="住建局")[0]


@pytest.fixture
def outside_housing_user(outside_housing):
    from accounts.roles import Role
    from tests.factories import make_user

    return make_user("outside_housing_staff", Role.DEPARTMENT, outside_housing.county, department="住建局")


@pytest.fixture
def shared_problem(make_problem, housing, health):
    """住建局 leads, 卫健委 co-operates: a 限期整改 problem with a deadline set by the county."""
    from datetime import date, timedelta

    problem = make_problem(department=housing, deadline=date.today() + timedelta(days=10))
    problem.co_departments.set([health])
    return problem
