"""One problem, several responsible units: the lead (牵头) answers for 销号, co-units (配合) see it and help.

Personas: 住建局 leads (housing_user), 卫健委 co-operates (health_user), the other county's 住建局 is an
outsider (outside_housing_user).
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from checklists import engine
from rectification import services
from rectification.models import Problem, ProblemEvent

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def act(client, problem, action, **data):
    return client.post(reverse("rectification:act", args=[problem.pk, action]), data)


def numbers_in_ledger(client):
    return [p.number for p in client.get(reverse("rectification:ledger")).context["page"]]


def test_lead_and_co_units_see_the_problem_and_the_outsider_does_not(client, shared_problem, make_problem, housing,
                                                                     health_user, housing_user,
                                                                     outside_housing_user):
    from datetime import date, timedelta

    shared_problem.deadline = date.today() + timedelta(days=2)
    shared_problem.save(update_fields=["deadline"])
    unrelated = make_problem(department=housing)
    for user, inbox in ((housing_user, 2), (health_user, 1)):
        client.force_login(user)
        assert client.get(reverse("rectification:detail", args=[shared_problem.pk])).status_code == 200
        assert shared_problem.number in numbers_in_ledger(client)
        home = client.get(reverse("home"))
        assert home.context["open_count"] == inbox
        assert [p.pk for p in home.context["due_soon"]] == [shared_problem.pk]
    client.force_login(health_user)
    assert numbers_in_ledger(client) == [shared_problem.number]
    assert client.get(reverse("rectification:detail", args=[unrelated.pk])).status_code == 404

    client.force_login(outside_housing_user)
    assert numbers_in_ledger(client) == []
    assert client.get(reverse("rectification:detail", args=[shared_problem.pk])).status_code == 404
    assert act(client, shared_problem, "note", text="越权").status_code == 404
    assert act(client, shared_problem, "rectify", evidence_text="越权").status_code == 404
    assert not shared_problem.events.filter(by=outside_housing_user).exists()


def test_the_detail_page_names_the_lead_and_the_co_units(client, shared_problem, county_office):
    client.force_login(county_office)
    body = client.get(reverse("rectification:detail", args=[shared_problem.pk])).content.decode()
    assert "<dt>牵头责任单位</dt><dd>住建局</dd>" in body
    assert "<dt>配合单位</dt><dd>卫健委</dd>" in body


def test_the_ledger_department_filter_finds_lead_and_co_problems(client, shared_problem, make_problem, health,
                                                                 county_office):
    led_by_health = make_problem(department=health)
    make_problem()
    client.force_login(county_office)
    page = client.get(reverse("rectification:ledger"), {"department": health.pk}).context["page"]
    assert sorted(p.number for p in page) == sorted([shared_problem.number, led_by_health.number])


def test_lead_marks_rectified_and_the_county_closes(client, shared_problem, housing_user, county_office):
    client.force_login(housing_user)
    act(client, shared_problem, "start")
    act(client, shared_problem, "rectify", evidence_text="已加固",
        files=[SimpleUploadedFile("加固.png", PNG, content_type="image/png")])
    client.force_login(county_office)
    act(client, shared_problem, "close", reason="核验属实")
    shared_problem.refresh_from_db()
    assert (shared_problem.status, shared_problem.rectified_by, shared_problem.closed_by) == (
        Problem.Status.CLOSED, housing_user, county_office)


def test_a_co_unit_cannot_start_mark_rectified_or_close(client, shared_problem, health_user, housing_user):
    client.force_login(health_user)
    response = act(client, shared_problem, "start")
    assert "只有牵头责任单位可以这样操作" in client.get(response["Location"]).content.decode()
    shared_problem.refresh_from_db()
    assert shared_problem.status == Problem.Status.OPEN

    services.start(shared_problem, by=housing_user)
    act(client, shared_problem, "rectify", evidence_text="卫健委代为完成")
    shared_problem.refresh_from_db()
    assert shared_problem.status == Problem.Status.RECTIFYING and shared_problem.rectified_by is None

    services.mark_rectified(shared_problem, by=housing_user, evidence_text="已加固")
    response = act(client, shared_problem, "close", reason="同意")
    assert "销号须由上一级（县级及以上办公室）核验" in client.get(response["Location"]).content.decode()
    shared_problem.refresh_from_db()
    assert shared_problem.status == Problem.Status.RECTIFIED and shared_problem.closed_by is None


def test_a_co_unit_adds_notes_and_evidence_without_moving_the_status(client, shared_problem, health_user):
    client.force_login(health_user)
    act(client, shared_problem, "note", text="已安排家庭医生随访",
        files=[SimpleUploadedFile("随访.png", PNG, content_type="image/png")])
    shared_problem.refresh_from_db()
    assert shared_problem.status == Problem.Status.OPEN
    event = shared_problem.events.last()
    assert (event.action, event.by, event.note) == (ProblemEvent.Action.NOTE, health_user, "已安排家庭医生随访")
    evidence = shared_problem.evidence.get()
    assert (evidence.original_name, evidence.uploaded_by) == ("随访.png", health_user)
    assert client.get(reverse("rectification:evidence", args=[evidence.pk])).status_code == 200


def test_a_unit_neither_lead_nor_co_cannot_add_notes(shared_problem, township_office):
    import pytest

    with pytest.raises(services.ProblemError, match="只有牵头单位、配合单位和县级办公室可以提交配合说明"):
        services.add_note(shared_problem, by=township_office, text="乡镇说明")
    assert not shared_problem.events.filter(action=ProblemEvent.Action.NOTE).exists()


def test_the_county_office_names_co_units_when_routing(client, make_problem, housing, health, county_office):
    problem = make_problem()
    client.force_login(county_office)
    act(client, problem, "assign", department=housing.pk, co_departments=[health.pk, housing.pk],
        mode="deadline", deadline="2099-10-31")
    problem.refresh_from_db()
    assert problem.department == housing
    assert list(problem.co_departments.all()) == [health]  # the lead is not its own co-unit
    assert problem.events.last().note == "责任单位：住建局（牵头）；配合：卫健委；限期整改；时限：2099-10-31"


def test_hand_recorded_problems_take_co_units(client, campaign, village, housing, health, county_office):
    client.force_login(county_office)
    response = client.post(reverse("rectification:record"), {
        "campaign": campaign.pk, "unit_code": village.code, "source": "unannounced", "category": "住房保障",
        "description": "危房未改造", "department": housing.pk, "co_departments": [health.pk]})
    assert response.status_code == 302
    problem = Problem.objects.get()
    assert (problem.department, list(problem.co_departments.all())) == (housing, [health])


def test_hand_recording_refuses_another_countys_co_unit(campaign, village, outside_housing, city_office):
    import pytest

    with pytest.raises(services.ProblemError, match="不属于问题所在的县"):
        services.record_problem(by=city_office, campaign=campaign, unit=village, source="unannounced",
                                category="住房保障", description="危房", co_departments=[outside_housing])
    assert not Problem.objects.exists()


def test_problems_from_a_form_take_the_questions_co_units(monkeypatch, campaign, household, checker):
    """The question's co_departments (names) become the county's departments; the township is left out, since
    it sees every problem of its villages, and so is the lead."""
    from checklists.models import Submission

    submission = Submission.objects.get(campaign=campaign, household=household)
    questions = engine.structure(submission.template)[1]
    housing_question = next(q for q in questions if q.key == "housing_unsafe")
    monkeypatch.setattr(housing_question, "co_departments", ["民政局", "住建局", "各乡镇（街道）", "民政局"],
                        raising=False)
    submission.answers = {"housing_unsafe": engine.YES, "housing_unsafe" + engine.DESC_SUFFIX: "墙体开裂",
                          "edu_dropout": engine.YES}
    [housing_problem, education_problem] = sorted(
        services.sync_problems_from_submission(submission, by=checker), key=lambda p: p.question_key != "housing_unsafe")
    assert housing_problem.department.name == housing_question.department == "住建局"
    assert [d.name for d in housing_problem.co_departments.all()] == ["民政局"]
    assert housing_problem.co_departments.get().county_id == "411322"
    education_question = next(q for q in questions if q.key == "edu_dropout")
    assert sorted(d.name for d in education_problem.co_departments.all()) == sorted(
        n for n in education_question.co_departments if "乡镇" not in n and n != education_question.department)
