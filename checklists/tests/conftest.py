import pytest

from checklists.models import Submission


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
