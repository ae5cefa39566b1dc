"""The one list of departments per county: routing by name and short name, the county office's page."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from guardian.shortcuts import assign_perm

from accounts.roles import Role
from accounts.scoping import grants_of
from rectification.models import Problem
from rectification.services import NewProblem, department_for, open_problems
from tests.factories import make_unit, make_user
from units.departments import named
from units.models import Department
from unitpages.services import DepartmentError, add_department, merge_departments, rename_department


def names(county):
    return list(Department.objects.filter(county=county).order_by("name").values_list("name", flat=True))


def test_a_short_name_reaches_the_full_name_the_county_lists(county):
    listed = {n: Department.objects.create(county=county, name=n) for n in ("卫健委", "教体局")}
    assert named(county.code, "卫健") == listed["卫健委"]
    assert named(county.code, "教育") == listed["教体局"]
    assert named(county.code + "100001", "卫健委") == listed["卫健委"]  # a village's code finds its county
    assert department_for("411322100001", "卫健") == listed["卫健委"]
    assert named(county.code, "统计局", create=False) is None
    assert named(county.code, "住建").name == "住建局"  # not yet listed: added under its full name
    assert names(county) == ["住建局", "卫健委", "教体局"]


def test_the_demo_and_test_department_account_sits_in_the_department_problems_go_to(county, department_user):
    assert [g.department_name for g in grants_of(department_user)] == ["卫健委"]
    assert department_for("411322100001", "卫健委").pk == grants_of(department_user)[0].department_id
    assert names(county) == ["卫健委"]


def test_county_office_adds_and_renames_a_department_of_its_own_county_only(county, county_office, outside_village,
                                                                           department_user):
    added = add_department(county_code=county.code, name="统计局", by=county_office)
    with pytest.raises(DepartmentError, match="本县已有“卫健委”"):
        add_department(county_code=county.code, name="卫健", by=county_office)
    with pytest.raises(DepartmentError, match="只有本县"):
        add_department(county_code="411321", name="统计局", by=county_office)
    outside = Department.objects.create(county_id="411321", name="民政局")
    with pytest.raises(DepartmentError, match="只有本县"):
        rename_department(outside, name="民政局2", by=county_office)
    rename_department(added, name="统计调查局", by=county_office)
    assert names(county) == ["卫健委", "统计调查局"]
    with pytest.raises(DepartmentError, match="请用“合并”"):
        rename_department(added, name="卫健委", by=county_office)


def test_rename_refreshes_the_members_grants(county, county_office, department_user):
    department = Department.objects.get(county=county, name="卫健委")
    rename_department(department, name="卫生健康委员会", by=county_office)
    fresh = get_user_model().objects.get(pk=department_user.pk)  # a new request: grants read through the cache
    assert [g.department_name for g in grants_of(fresh)] == ["卫生健康委员会"]


def test_merge_moves_problems_co_departments_and_members_then_deletes(county, county_office, department_user,
                                                                       campaign, village, outside_village):
    health = Department.objects.get(county=county, name="卫健委")
    short = Department.objects.create(county=county, name="卫健")
    other = Department.objects.create(county=county, name="民政局")
    make_user("short_member", Role.DEPARTMENT, county, department="卫健委")  # a member of both after merge
    both = make_user("both", Role.DEPARTMENT, county, department="卫健委")
    assign_perm("units.act_for_department", both, short)
    problems = open_problems([
        NewProblem(campaign_id=campaign.pk, unit_id=village.code, source="manual", category="医疗", description="甲",
                   department=short, co_departments=[health]),
        NewProblem(campaign_id=campaign.pk, unit_id=village.code, source="manual", category="医疗", description="乙",
                   department=other, co_departments=[short, health]),
    ], by=county_office)
    merge_departments(short, into=health, by=county_office)
    assert names(county) == ["卫健委", "民政局"]
    first, second = Problem.objects.filter(pk__in=[p.pk for p in problems]).order_by("pk")
    assert first.department == health
    assert second.department == other and list(second.co_departments.all()) == [health]
    assert [g.department_name for g in grants_of(both)] == ["卫健委"]
    with pytest.raises(DepartmentError, match="同一个县"):
        merge_departments(health, into=Department.objects.create(county_id="411321", name="卫健委"), by=county_office)


def test_page_lists_the_county_and_refuses_another_county(client, county, county_office, outsider, department_user):
    Department.objects.create(county=county, name="教体局")
    client.force_login(county_office)
    page = client.get(reverse("units:departments", args=[county.code]))
    assert page.status_code == 200
    rows = [line.strip() for line in page.content.decode().splitlines() if line.strip().startswith("<td>") and line.strip().endswith("</td>")]
    assert rows == ["<td>卫健委</td>", "<td>1</td>", "<td>教体局</td>", "<td>0</td>"]
    response = client.post(reverse("units:departments_change", args=[county.code]), {"action": "add", "name": "卫健"})
    assert response.status_code == 422
    assert "本县已有“卫健委”" in response.content.decode() and 'value="卫健"' in response.content.decode()
    response = client.post(reverse("units:departments_change", args=[county.code]), {"action": "add", "name": "统计局"},
                           follow=True)
    assert "已添加责任单位“统计局”" in response.content.decode()
    assert client.get(reverse("units:departments", args=["411321"])).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("units:departments", args=[county.code])).status_code == 404
    assert client.post(reverse("units:departments_change", args=[county.code]),
                       {"action": "add", "name": "外县局"}).status_code == 404
    assert names(county) == ["卫健委", "教体局", "统计局"]
