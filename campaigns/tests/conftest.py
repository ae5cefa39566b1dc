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
