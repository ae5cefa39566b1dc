"""The township and county offices assign helper accounts to the households of their scope."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from households.models import Household
from tests.factories import make_household, make_user
from visits import services

pytestmark = pytest.mark.django_db


def helpers_of(*households):
    return [Household.objects.values_list("helper__username", "helper_name", "helper_phone").get(pk=h.pk)
            for h in households]


def test_township_office_assigns_a_helper_to_ticked_households(client, township_office, helper, village,
                                                              sibling_village):
    first, second, untouched = make_household(village), make_household(sibling_village), make_household(village)
    client.force_login(township_office)
    url = reverse("visits:assign") + f"?unit={village.parent_id}"
    response = client.post(url, {"action": "assign", "ids": [first.pk, second.pk], "helper": "helper_li",
                                 "name": "李帮扶", "phone": "13900001111"})
    assert response.status_code == 302
    assert helpers_of(first, second, untouched) == [("helper_li", "李帮扶", "13900001111")] * 2 + [(None, "", "")]
    helper.refresh_from_db()
    assert helper.get_full_name() == "李帮扶"
    page = client.get(url).content.decode()
    assert page.count("helper_li") == 2 and "139****1111" in page


def test_the_account_name_is_the_helper_name_everywhere(township_office, helper, village):
    one, two = make_household(village), make_household(village)
    services.assign_helper(by=township_office, household_ids=[one.pk], helper=helper, name="李帮扶", phone="13900001111")
    with pytest.raises(services.VisitError, match="该账号登记的姓名是“李帮扶”"):
        services.assign_helper(by=township_office, household_ids=[two.pk], helper=helper, name="李四")
    # a new phone given with the next household reaches the helper's earlier households too
    services.assign_helper(by=township_office, household_ids=[two.pk], helper=helper, phone="13900002222")
    assert helpers_of(one, two) == [("helper_li", "李帮扶", "13900002222")] * 2


def test_clearing_removes_the_account_name_and_phone(township_office, helped):
    services.assign_helper(by=township_office, household_ids=[helped.pk], helper=None)
    assert helpers_of(helped) == [(None, "", "")]


def test_an_office_cannot_assign_outside_its_scope(client, township_office, helper, other_township_household,
                                                   outside_household):
    client.force_login(township_office)
    for household in (other_township_household, outside_household):
        response = client.post(reverse("visits:assign"), {"action": "assign", "ids": [household.pk],
                                                          "helper": "helper_li", "name": "李帮扶"})
        assert response.status_code == 404
    assert helpers_of(other_township_household, outside_household) == [(None, "", "")] * 2


def test_a_helper_from_another_county_is_refused(client, county_office, household, outside_village):
    make_user("far_helper", Role.HELPER, outside_village)
    client.force_login(county_office)
    response = client.post(reverse("visits:assign"), {"action": "assign", "ids": [household.pk],
                                                      "helper": "far_helper", "name": "赵远"})
    assert response.status_code == 422 and "该账号不是本县的工作人员" in response.content.decode()
    assert helpers_of(household) == [(None, "", "")]


def test_a_county_department_cadre_may_be_a_helper(county_office, department_user, household):
    services.assign_helper(by=county_office, household_ids=[household.pk], helper=department_user, name="钱卫健")
    assert helpers_of(household) == [("dept_health", "钱卫健", "")]


@pytest.mark.parametrize("persona", ["checker", "reviewer", "department_user", "viewer", "helper"])
def test_only_offices_open_the_assignment_page(client, request, persona, household):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("visits:assign")).status_code == 404
    assert client.post(reverse("visits:assign"), {"action": "clear", "ids": [household.pk]}).status_code == 404


def test_a_helper_role_gives_no_unit_capability(helper, village):
    from accounts.scoping import can, scope_codes

    assert scope_codes(helper) == [] and not can(helper, village.code)


def test_a_roster_naming_another_helper_ends_the_account_link(township_office, helper, village):
    from households import imports
    from households.tests.test_roster_import import good_row, roster

    rows = [good_row("R0", village, 0, 帮扶责任人="李帮扶"), good_row("R1", village, 1, 帮扶责任人="李帮扶")]
    imports.apply(township_office, roster(rows))
    kept, replaced = Household.objects.get(number="R0"), Household.objects.get(number="R1")
    services.assign_helper(by=township_office, household_ids=[kept.pk, replaced.pk], helper=helper, name="李帮扶",
                           phone="13800000000")
    rows[0] = good_row("R0", village, 0, 帮扶责任人="李帮扶", 家庭人口=5)  # another change: the helper stays
    rows[1] = good_row("R1", village, 1, 帮扶责任人="周新")
    imports.apply(township_office, roster(rows))
    assert helpers_of(kept, replaced) == [("helper_li", "李帮扶", "13800000000"), (None, "周新", "13800000000")]


def test_the_assignment_page_lists_unassigned_households_in_few_queries(client, township_office, helped, village,
                                                                        django_assert_max_num_queries):
    waiting = [make_household(village) for _ in range(3)]
    client.force_login(township_office)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("visits:assign"), {"unassigned": "1"}).content.decode()
    assert helped.number not in page and all(h.number in page for h in waiting)


def test_the_helpers_list_counts_its_queries(client, helper, helped, village, township_office,
                                             django_assert_max_num_queries):
    from .conftest import assign

    assign(township_office, [make_household(village) for _ in range(5)], helper, "李帮扶")
    client.force_login(helper)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("visits:mine")).content.decode()
    assert page.count("入户走访签到") == 6
