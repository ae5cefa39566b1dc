"""An inspector of a spot check is never from the unit checked, and only the checking office assigns."""

import pytest
from django.urls import reverse

from spotchecks import selectors, services
from spotchecks.models import InspectorAssignment
from tests.factories import make_unit, make_user


@pytest.fixture
def villages(county, village, sibling_village, other_township_village):
    return [village, sibling_village, other_township_village]


@pytest.fixture
def city_check_of_county(campaign, county, city_office, villages):
    """The city's spot check drawn inside one county: the county must not inspect itself."""
    spot_check = services.create_spot_check(by=city_office, campaign=campaign, unit=county, kind="city",
                                            subject="village", strata="none", size_per_stratum=2, seed=11)
    services.publish(spot_check, by=city_office)
    return spot_check


def test_a_county_cannot_name_itself_inspector_of_the_citys_check_of_it(client, city_check_of_county, county,
                                                                         county_office, city_office):
    with pytest.raises(services.InspectionError, match="只有抽样单位（或其上级）可以安排检查人员"):
        services.assign_inspector(city_check_of_county, by=county_office, county_code=county.code,
                                  inspector=county_office)
    with pytest.raises(services.InspectionError, match="检查人员不能来自被检查的单位：county_office 是方城县（411322）的县级办公室"):
        services.assign_inspector(city_check_of_county, by=city_office, county_code=county.code,
                                  inspector=county_office)
    client.force_login(county_office)
    url = reverse("spotchecks:assign", args=[city_check_of_county.pk])
    assert client.post(url, {"county_code": county.code, "inspector": "county_office"}).status_code == 404
    assert client.get(reverse("spotchecks:detail", args=[city_check_of_county.pk])).status_code == 404
    inspection = city_check_of_county.inspections.first()
    assert client.get(reverse("spotchecks:inspection", args=[inspection.pk])).status_code == 404
    assert not InspectorAssignment.objects.exists()


def test_staff_of_the_checked_county_are_refused_whatever_their_role(city_check_of_county, county, city_office,
                                                                      checker, township_office, department_user,
                                                                      viewer):
    for staff, role in ((checker, "排查人员"), (township_office, "乡镇办公室"), (department_user, "卫健委（责任单位）"),
                        (viewer, "只读（督查）")):
        with pytest.raises(services.InspectionError, match=f"检查人员不能来自被检查的单位：{staff.username} 是.*的{role}"):
            services.assign_inspector(city_check_of_county, by=city_office, county_code=county.code, inspector=staff)
    assert not InspectorAssignment.objects.exists()


def test_the_checking_office_or_one_above_assigns_an_outside_inspector(campaign, county, county_office, city_office,
                                                                        outsider, villages):
    review = services.create_spot_check(by=county_office, campaign=campaign, unit=county, kind="county",
                                        subject="village", strata="none", size_per_stratum=1, seed=5)
    with pytest.raises(services.InspectionError, match="只有抽样单位"):
        services.assign_inspector(review, by=outsider, county_code=county.code, inspector=outsider)
    by_county = services.assign_inspector(review, by=county_office, county_code=county.code, inspector=county_office)
    by_city = services.assign_inspector(review, by=city_office, county_code=county.code, inspector=outsider)
    assert {(a.inspector, a.assigned_by) for a in (by_county, by_city)} == {(county_office, county_office),
                                                                            (outsider, city_office)}


def test_the_county_assigned_must_hold_the_sample_and_the_inspector_must_exist(client, city_check_of_county, county,
                                                                               city_office, outsider):
    make_unit("411323", "另一县")
    for code, message in (("411323", "该县不在本次抽查的样本中"), ("4113", "该县不在本次抽查的样本中"),
                          ("41132x", "该县不在本次抽查的样本中")):
        with pytest.raises(services.InspectionError, match=message):
            services.assign_inspector(city_check_of_county, by=city_office, county_code=code, inspector=outsider)
    with pytest.raises(services.InspectionError, match="找不到该检查人员"):
        services.assign_inspector(city_check_of_county, by=city_office, county_code=county.code, inspector="nobody")
    outsider.is_active = False
    outsider.save()
    with pytest.raises(services.InspectionError, match="账号 outsider 已停用"):
        services.assign_inspector(city_check_of_county, by=city_office, county_code=county.code, inspector=outsider)

    client.force_login(city_office)
    url = reverse("spotchecks:assign", args=[city_check_of_county.pk])
    for data, message in (({"county_code": "abc", "inspector": "x"}, "县代码应为 6 位数字"),
                          ({"county_code": county.code, "inspector": ""}, "请填写检查人员账号"),
                          ({"county_code": "9" * 500, "inspector": "x" * 500}, "县代码应为 6 位数字")):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200 and message in response.content.decode()
    assert not InspectorAssignment.objects.exists()


def test_in_a_county_review_the_sampled_townships_staff_are_refused_others_may_cross_check(
        campaign, township, county_office, checker, township_office, other_township_office, villages):
    review = services.create_spot_check(by=county_office, campaign=campaign, unit=township, kind="county",
                                        subject="village", strata="none", size_per_stratum=1, seed=3)
    assert selectors.checked_units(review, "411322") == ["411322100"]
    sampled = review.items.get().unit_id
    neighbour = make_user("neighbour_checker", "checker", make_unit("411322100003"))
    for staff in (checker, township_office, neighbour):  # a village of the same township counts as the township
        with pytest.raises(services.InspectionError, match="检查人员不能来自被检查的单位"):
            services.assign_inspector(review, by=county_office, county_code="411322", inspector=staff)
    assignment = services.assign_inspector(review, by=county_office, county_code="411322",
                                           inspector=other_township_office)
    assert assignment.inspector == other_township_office and sampled in {"411322100001", "411322100002"}


def test_the_page_offers_the_checking_units_own_accounts_as_inspectors(client, city_check_of_county, county,
                                                                         county_office, city_office, checker):
    """The city's check of 方城县 offers the city's accounts (never the county's or its villages'); any other
    account may still be typed, and the assignment checks it."""
    from accounts.roles import Role

    make_user("city_inspector", Role.VIEWER, county.parent)
    make_user("retired", Role.VIEWER, county.parent).__class__.objects.filter(username="retired").update(
        is_active=False)
    assert [u.username for u in selectors.inspector_suggestions(city_check_of_county)] == [
        "city_inspector", "city_office"]
    client.force_login(city_office)
    html = client.get(reverse("spotchecks:detail", args=[city_check_of_county.pk])).content.decode()
    start = html.index('<datalist id="inspector-suggestions">')
    assert html[start:html.index("</datalist>", start) + len("</datalist>")] == (
        '<datalist id="inspector-suggestions"><option value="city_inspector"></option>'
        '<option value="city_office"></option></datalist>')
    assert 'list="inspector-suggestions"' in html
