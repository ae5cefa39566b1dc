import pytest

from checklists.definitions import load_all
from checklists.models import ChecklistTemplate, Submission
from checklists.services import load_template
from tests.factories import make_campaign


@pytest.fixture
def templates(db):
    """Every form of the repository, loaded as `load_checklists` does."""
    for data in load_all():
        load_template(data)
    return {t.code: t for t in ChecklistTemplate.objects.all()}


@pytest.fixture
def campaign(templates, county, county_office, household, village):
    codes = ["fangcheng-household", "fangcheng-village", "fangcheng-township", "fangcheng-county"]
    return make_campaign(county, [templates[c] for c in codes], by=county_office)


@pytest.fixture
def household_form(campaign, household):
    return Submission.objects.get(campaign=campaign, household=household)


def fangcheng_household_answers(**overrides):
    """A valid 附件1 filled with no problem, as POST data."""
    from checklists.models import Question

    data = {"members": "3", "members_able_to_work": "2", "income_total": "30000", "income_wage": "20000",
            "income_business": "5000", "income_transfer": "4000", "income_property": "1000", "large_expense": "no"}
    for key in Question.objects.filter(template__code="fangcheng-household", kind="flag").values_list("key", flat=True):
        data[key] = "no"
    data.update(overrides)
    return data


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
