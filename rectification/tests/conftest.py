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
