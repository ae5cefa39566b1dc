"""Every routing write is checked against every object it touches: the problem, the department,
the responsible person, the campaign; a batch is refused whole when one of its rows is refused."""

from datetime import date

import pytest
from django.urls import reverse

from rectification import services
from rectification.models import Problem
from tests.factories import make_campaign


def act(client, problem, action, **data):
    return client.post(reverse("rectification:act", args=[problem.pk, action]), data)


@pytest.fixture
def outside_problem(templates, outside_village, outsider):
    """A problem of the other county (411321), in that county's own campaign."""
    campaign = make_campaign(outside_village.parent.parent, [templates["fangcheng-household"]], by=outsider,
                             name="外县专项行动")
    return services.record_problem(by=outsider, campaign=campaign, unit=outside_village, source="unannounced",
                                   category="住房保障", description="外县危房")


def test_a_city_office_cannot_route_a_countys_problem_to_another_countys_department(
        client, make_problem, housing, outside_housing, city_office):
    problem = make_problem(department=housing)
    with pytest.raises(services.ProblemError, match="责任单位“住建局”不属于问题所在的县"):
        services.assign(problem, by=city_office, department=outside_housing)
    with pytest.raises(services.ProblemError, match="不属于问题所在的县"):
        services.assign(problem, by=city_office, co_departments=[outside_housing])
    client.force_login(city_office)
    response = act(client, problem, "assign", department=outside_housing.pk, mode="immediate")
    assert response.status_code == 422 and "选择一个有效的选项" in response.content.decode()
    problem.refresh_from_db()
    assert problem.department == housing and problem.mode == Problem.Mode.DEADLINE
    assert list(problem.co_departments.all()) == []
    assert list(problem.events.values_list("action", flat=True)) == ["create"]


def test_the_city_office_routes_within_the_problems_county(make_problem, housing, health, city_office):
    problem = make_problem(department=housing)
    services.assign(problem, by=city_office, department=health, co_departments=[housing])
    problem.refresh_from_db()
    assert problem.department == health and list(problem.co_departments.all()) == [housing]


def test_bulk_reroute_with_a_foreign_department_refuses_the_whole_batch(client, make_problem, outside_problem,
                                                                      housing, city_office):
    mine = make_problem()
    client.force_login(city_office)
    response = client.post(reverse("rectification:bulk"), {
        "ids": [mine.pk, outside_problem.pk], "action": "reassign", "department": housing.pk}, follow=True)
    body = response.content.decode()
    assert "整批未执行" in body and f"{outside_problem.display_number}：责任单位“住建局”不属于问题所在的县" in body
    for problem in (mine, outside_problem):
        problem.refresh_from_db()
        assert problem.department is None and problem.events.count() == 1


def test_bulk_deadline_for_two_counties_by_the_city_office(client, make_problem, outside_problem, city_office):
    mine = make_problem()
    client.force_login(city_office)
    client.post(reverse("rectification:bulk"), {"ids": [mine.pk, outside_problem.pk], "action": "set_deadline",
                                                "deadline": "2099-12-01"})
    for problem in (mine, outside_problem):
        problem.refresh_from_db()
        assert problem.deadline == date(2099, 12, 1)


def test_bulk_service_refuses_problems_the_actor_does_not_manage(make_problem, outside_problem, county_office):
    mine = make_problem()
    with pytest.raises(services.ProblemError, match="整批未执行"):
        services.bulk_assign([mine, outside_problem], by=county_office, mode="deadline", deadline=date(2099, 12, 1))
    for problem in (mine, outside_problem):
        problem.refresh_from_db()
        assert problem.deadline is None


def test_the_responsible_person_must_act_for_the_lead_unit(
        make_problem, housing, housing_user, health_user, township_office, outsider, outside_housing_user,
        county_office):
    problem = make_problem(department=housing)
    # another county's office and department, another department of the county, the township office (not the lead)
    for stranger in (outsider, outside_housing_user, health_user, township_office):
        with pytest.raises(services.ProblemError, match="不是牵头责任单位（住建局）的工作人员"):
            services.assign(problem, by=county_office, responsible_user=stranger)
    problem.refresh_from_db()
    assert (problem.responsible_user, problem.responsible_person) == (None, "")
    services.assign(problem, by=county_office, responsible_user=housing_user)
    problem.refresh_from_db()
    assert (problem.responsible_user, problem.responsible_person) == (housing_user, housing_user.username)


def test_a_township_problem_is_answered_for_by_the_township_office(make_problem, township_office, county_office,
                                                                   other_township_office, checker):
    problem = make_problem()  # no department: the township answers for it
    for stranger in (other_township_office, checker):  # another township; the village's checker does not fix
        with pytest.raises(services.ProblemError, match="不是牵头责任单位（所在乡镇（街道））的工作人员"):
            services.assign(problem, by=county_office, responsible_user=stranger)
    services.assign(problem, by=township_office, responsible_user=township_office)
    problem.refresh_from_db()
    assert problem.responsible_user == township_office


def test_the_lead_names_its_own_staff_but_not_another_units(make_problem, housing, housing_user, health_user):
    problem = make_problem(department=housing)
    with pytest.raises(services.ProblemError, match="不是牵头责任单位"):
        services.assign(problem, by=housing_user, responsible_user=health_user)
    with pytest.raises(services.ProblemError, match="您不是该问题的牵头责任单位"):
        services.assign(problem, by=health_user, responsible_user=health_user)
    services.assign(problem, by=housing_user, responsible_user=housing_user)
    problem.refresh_from_db()
    assert problem.responsible_user == housing_user


def test_rerouting_drops_a_person_of_the_old_lead(make_problem, housing, health, housing_user, county_office):
    problem = make_problem(department=housing)
    services.assign(problem, by=county_office, responsible_user=housing_user)
    services.assign(problem, by=county_office, department=health)
    problem.refresh_from_db()
    assert (problem.department, problem.responsible_user, problem.responsible_person) == (health, None, "")


def test_recording_checks_the_campaign_and_the_unit(templates, campaign, outside_village, village, outsider,
                                                    county_office):
    with pytest.raises(services.ProblemError, match="您无权在该单位登记这一来源的问题"):
        services.record_problem(by=outsider, campaign=campaign, unit=village, source="unannounced",
                                category="x", description="y")
    with pytest.raises(services.ProblemError, match="您无权在该单位登记这一来源的问题"):
        services.record_problem(by=county_office, campaign=campaign, unit=outside_village, source="unannounced",
                                category="x", description="y")
    assert not Problem.objects.exists()


def test_carry_over_checks_both_campaigns(templates, campaign, outside_village, outsider, make_problem):
    make_problem()
    foreign = make_campaign(outside_village.parent.parent, [templates["fangcheng-household"]], by=outsider,
                            year=2027)
    with pytest.raises(services.ProblemError, match="专项行动不存在或不在您的管辖范围内"):
        services.carry_over(source=campaign, target=foreign, by=outsider)
    assert not Problem.objects.filter(campaign=foreign).exists()


def cursor_of(text: str) -> str:
    import base64

    return base64.urlsafe_b64encode(text.encode()).decode()


@pytest.mark.parametrize("sort, cursor", [
    ("newest", cursor_of('["x", 1]')),  # a pk that is not a number
    ("deadline", cursor_of('["2026-99-99", 1]')),  # a date that does not exist
    ("deadline", cursor_of('[1, 2]')),  # a number where a date belongs
    ("unit", cursor_of('[[1], [2]]')),  # lists where values belong
])
def test_a_malformed_ledger_cursor_answers_400_in_chinese_with_the_first_page(client, make_problem, county_office,
                                                                                sort, cursor):
    problem = make_problem()
    client.force_login(county_office)
    response = client.get(reverse("rectification:ledger"), {"sort": sort, "after": cursor})
    assert response.status_code == 400
    assert "分页参数无效（链接可能被截断或改动），请从第一页重新浏览。" in response.content.decode()
    assert [p.pk for p in response.context["page"]] == [problem.pk]


@pytest.mark.parametrize("cursor", ["not-base64!!", cursor_of('{"a": 1}'), cursor_of("[1, 2, 3]")])
def test_an_undecodable_cursor_answers_400_with_the_first_page(client, make_problem, county_office, cursor):
    problem = make_problem()
    client.force_login(county_office)
    response = client.get(reverse("rectification:ledger"), {"after": cursor})
    assert response.status_code == 400 and [p.pk for p in response.context["page"]] == [problem.pk]
    assert "分页参数无效（链接可能被截断或改动），请从第一页重新浏览。" in response.content.decode()
