import pytest

from accounts.roles import Role
from tests.factories import make_household, make_user
from visits import services


@pytest.fixture
def helper(township, township_office):
    """A helper whose only role is the helper role, assigned to one household of the village."""
    return make_user("helper_li", Role.HELPER, township)


@pytest.fixture
def other_helper(township):
    return make_user("helper_wang", Role.HELPER, township)


def assign(by, households, helper, name, phone=""):
    services.assign_helper(by=by, household_ids=[h.pk for h in households], helper=helper, name=name, phone=phone)
    for household in households:
        household.refresh_from_db()


@pytest.fixture
def helped(household, helper, township_office):
    assign(township_office, [household], helper, "李帮扶", "13900001111")
    return household


@pytest.fixture
def not_mine(village, other_helper, township_office):
    """A household of the same village helped by someone else."""
    household = make_household(village)
    assign(township_office, [household], other_helper, "王帮扶")
    return household
