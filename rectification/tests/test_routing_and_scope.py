"""Problems are routed to departments; each user reaches only the problems of their scope."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rectification import services
from rectification.models import Problem
from tests.factories import make_household

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_department_user_sees_only_its_departments_problems(client, make_problem, health, housing, health_user):
    mine = make_problem(department=health)
    theirs = make_problem(department=housing)
    township_own = make_problem()
    client.force_login(health_user)
    body = client.get(reverse("rectification:ledger")).content.decode()
    assert mine.display_number in body
    assert theirs.display_number not in body and township_own.display_number not in body
    assert client.get(reverse("rectification:detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("rectification:act", args=[theirs.pk, "start"])).status_code == 404


def test_township_users_cannot_reach_another_townships_problems(client, make_problem, other_township_village,
                                                               other_township_office, township_office):
    problem = make_problem(unit=other_township_village, mode="immediate")
    client.force_login(township_office)
    assert client.get(reverse("rectification:detail", args=[problem.pk])).status_code == 404
    assert client.post(reverse("rectification:act", args=[problem.pk, "rectify"]),
                       {"evidence_text": "x"}).status_code == 404
    problem.refresh_from_db()
    assert problem.status == "open"
    client.force_login(other_township_office)
    assert client.get(reverse("rectification:detail", args=[problem.pk])).status_code == 200


def test_evidence_files_answer_404_outside_the_scope(client, make_problem, housing, housing_user, health_user,
                                                    outsider, county_office):
    problem = make_problem(department=housing, mode="immediate")
    services.mark_rectified(problem, by=housing_user, evidence_text="已整改",
                            files=[SimpleUploadedFile("a.png", PNG)])
    evidence = problem.evidence.get()
    url = reverse("rectification:evidence", args=[evidence.pk])
    for user in (health_user, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404
    for user in (housing_user, county_office):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PNG


def test_the_county_office_reroutes_a_problem_and_the_township_cannot(client, make_problem, health, housing,
                                                                     county_office, township_office):
    problem = make_problem(department=health)
    client.force_login(township_office)
    client.post(reverse("rectification:act", args=[problem.pk, "assign"]),
                {"department": housing.pk, "mode": "immediate"})
    problem.refresh_from_db()
    assert problem.department == health
    client.force_login(county_office)
    client.post(reverse("rectification:act", args=[problem.pk, "assign"]),
                {"department": housing.pk, "mode": "deadline", "deadline": "2099-09-30", "responsible_person": "王局"})
    problem.refresh_from_db()
    assert (problem.department, problem.deadline, problem.responsible_person) == (housing, date(2099, 9, 30), "王局")
    assert problem.events.last().action == "assign" and "住建局" in problem.events.last().note


def test_assignment_errors_are_shown_next_to_the_field(client, make_problem, county_office):
    problem = make_problem()
    client.force_login(county_office)
    response = client.post(reverse("rectification:act", args=[problem.pk, "assign"]), {"mode": "deadline"})
    assert response.status_code == 422 and "限期整改须设定整改时限" in response.content.decode()


def test_hand_entered_problems_from_each_source(client, campaign, village, household, county_office):
    client.force_login(county_office)
    for source in ["unannounced", "public_report", "county_recheck", "city_spot_check", "finding"]:
        data = {"campaign": campaign.pk, "unit_code": village.code, "household_number": household.number,
                "source": source, "category": "住房保障", "description": f"{source} 发现的问题"}
        if source == "public_report":
            data["reporter_contact"] = "13800001111"
        response = client.post(reverse("rectification:record"), data)
        assert response.status_code == 302, response.content.decode()[:500]
    problems = Problem.objects.filter(campaign=campaign)
    assert set(problems.values_list("source", flat=True)) == {"unannounced", "public_report", "county_recheck",
                                                              "city_spot_check", "finding"}
    assert len(set(problems.values_list("number", flat=True))) == 5
    assert all(p.household == household and p.found_by == county_office for p in problems)


def test_the_reporters_contact_is_private(client, campaign, village, county_office, township_office):
    from django.db import connection

    client.force_login(county_office)
    client.post(reverse("rectification:record"), {
        "campaign": campaign.pk, "unit_code": village.code, "source": "public_report", "category": "帮扶责任",
        "description": "帮扶干部从未上门", "reporter_contact": "13800001111"})
    problem = Problem.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM rectification_problem WHERE id = %s", [problem.pk])
        assert "13800001111" not in " ".join(str(v) for v in cursor.fetchone())
    url = reverse("rectification:detail", args=[problem.pk])
    assert "13800001111" in client.get(url).content.decode()
    client.force_login(township_office)
    assert "13800001111" not in client.get(url).content.decode()


def test_a_checker_may_record_only_their_own_findings(client, campaign, village, checker, other_township_village):
    client.force_login(checker)
    base = {"campaign": campaign.pk, "category": "户容户貌", "description": "院内垃圾"}
    response = client.post(reverse("rectification:record"), {**base, "unit_code": village.code,
                                                            "source": "city_spot_check"})
    assert "您无权在该单位登记这一来源的问题" in response.content.decode()
    response = client.post(reverse("rectification:record"), {**base, "unit_code": other_township_village.code,
                                                            "source": "finding"})
    assert "不在您的管辖范围内" in response.content.decode()
    assert client.post(reverse("rectification:record"), {**base, "unit_code": village.code,
                                                        "source": "finding"}).status_code == 302


def test_a_household_of_another_village_is_refused(client, campaign, village, sibling_village, county_office):
    stranger = make_household(sibling_village)
    client.force_login(county_office)
    response = client.post(reverse("rectification:record"), {
        "campaign": campaign.pk, "unit_code": village.code, "household_number": stranger.number,
        "source": "unannounced", "category": "x", "description": "y"})
    assert "该村没有这个户编号" in response.content.decode() and not Problem.objects.exists()


def test_problem_admin_is_scoped_and_read_only(client, make_problem, outsider, county_office):
    problem = make_problem()
    url = reverse("admin:rectification_problem_change", args=[problem.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert problem.description not in client.get(reverse("admin:rectification_problem_changelist")).content.decode()
    client.force_login(county_office)
    assert client.get(url).status_code == 200
    client.post(url, {"description": "改写"})
    problem.refresh_from_db()
    assert problem.description == "墙体开裂"
