"""open → rectifying → rectified (with evidence) → closed by the level above, or sent back; reopen."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rectification.models import Problem, ProblemEvent

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def act(client, problem, action, **data):
    return client.post(reverse("rectification:act", args=[problem.pk, action]), data)


def status_of(problem):
    problem.refresh_from_db()
    return problem.status


@pytest.fixture
def assigned(make_problem, housing):
    return make_problem(department=housing, deadline=date.today() + timedelta(days=10))


def test_full_lifecycle_with_evidence_and_history(client, assigned, housing_user, county_office):
    client.force_login(housing_user)
    act(client, assigned, "start")
    assert status_of(assigned) == "rectifying"
    photo = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    act(client, assigned, "rectify", evidence_text="已完成危房加固", files=[photo])
    assert status_of(assigned) == "rectified"
    assert assigned.evidence.get().original_name == "现场.png"

    client.force_login(county_office)
    act(client, assigned, "close", reason="现场核验属实")
    assert status_of(assigned) == "closed" and assigned.closed_by == county_office

    actions = list(assigned.events.values_list("action", "by__username"))
    assert actions == [("create", "county_office"), ("start", "housing_staff"), ("rectify", "housing_staff"),
                       ("close", "county_office")]
    body = client.get(reverse("rectification:detail", args=[assigned.pk])).content.decode()
    assert "已完成危房加固" in body and "现场核验属实" in body and "现场.png" in body


def test_the_rectifier_cannot_close_their_own_fix(client, make_problem, housing, county):
    from accounts.roles import Role
    from tests.factories import make_user

    make_user("both_hats", Role.DEPARTMENT, county, department="住建局")
    both = make_user("both_hats", Role.COUNTY_OFFICE, county)
    problem = make_problem(department=housing, mode="immediate")
    client.force_login(both)
    act(client, problem, "rectify", evidence_text="已整改")
    response = act(client, problem, "close", reason="核验属实")
    assert status_of(problem) == "rectified"
    assert "整改人不能为自己销号" in client.get(response["Location"]).content.decode()


def test_a_township_cannot_close_what_it_rectified_the_county_can(client, make_problem, township_office,
                                                                 county_office):
    problem = make_problem(mode="immediate")  # no department: the township answers for it
    client.force_login(township_office)
    act(client, problem, "rectify", evidence_text="已清理")
    act(client, problem, "close", reason="核验属实")
    assert status_of(problem) == "rectified"
    client.force_login(county_office)
    act(client, problem, "close", reason="核验属实")
    assert status_of(problem) == "closed"


def test_a_county_level_problem_is_closed_by_the_city(client, make_problem, county, housing, housing_user,
                                                     county_office, city_office):
    problem = make_problem(unit=county, department=housing, mode="immediate")
    client.force_login(housing_user)
    act(client, problem, "rectify", evidence_text="已出台文件")
    client.force_login(county_office)
    act(client, problem, "close", reason="核验属实")
    assert status_of(problem) == "rectified"
    client.force_login(city_office)
    act(client, problem, "close", reason="核验属实")
    assert status_of(problem) == "closed"


def test_send_back_needs_a_reason_and_returns_to_rectification(client, assigned, housing_user, county_office):
    client.force_login(housing_user)
    act(client, assigned, "start")
    act(client, assigned, "rectify", evidence_text="已加固")
    client.force_login(county_office)
    act(client, assigned, "send_back", reason="")
    assert status_of(assigned) == "rectified"
    act(client, assigned, "send_back", reason="照片看不出加固")
    assert status_of(assigned) == "rectifying"
    assert assigned.events.last().note == "照片看不出加固"


def test_a_closed_problem_can_be_reopened_and_keeps_its_history(client, assigned, housing_user, county_office):
    client.force_login(housing_user)
    act(client, assigned, "start")
    act(client, assigned, "rectify", evidence_text="已加固")
    client.force_login(county_office)
    act(client, assigned, "close", reason="核验属实")
    act(client, assigned, "reopen", reason="市级抽查发现仍有裂缝")
    assert status_of(assigned) == "rectifying" and assigned.closed_at is None
    assert [e.action for e in assigned.events.all()][-2:] == ["close", "reopen"]


def test_deadline_mode_needs_a_deadline_before_work_starts(client, make_problem, housing, housing_user,
                                                          county_office):
    problem = make_problem(department=housing)
    client.force_login(housing_user)
    act(client, problem, "start")
    assert status_of(problem) == "open"
    client.force_login(county_office)
    act(client, problem, "assign", department=housing.pk, mode="deadline", deadline="2099-12-31")
    client.force_login(housing_user)
    act(client, problem, "assign", responsible_person="李工")
    client.post(reverse("rectification:measure", args=[problem.pk]), {
        "op": "add", "content": "拆除重建", "responsible_person": "李工", "deadline": "2099-11-30"})
    act(client, problem, "start")
    assert status_of(problem) == "rectifying"
    assert (problem.deadline, problem.responsible_person) == (date(2099, 12, 31), "李工")
    assert list(problem.measures.values_list("content", "responsible_person", "deadline")) == [
        ("拆除重建", "李工", date(2099, 11, 30))]


def test_immediate_fix_goes_straight_to_rectified(client, make_problem, housing, housing_user):
    problem = make_problem(department=housing, mode="immediate")
    client.force_login(housing_user)
    act(client, problem, "rectify", evidence_text="当场清理")
    assert status_of(problem) == "rectified"


@pytest.mark.parametrize("name, content, message", [
    ("病毒.jpg", b"MZ\x90\x00 not a jpeg", "文件内容与扩展名不符"),
    ("脚本.exe", b"MZ\x90\x00", "只接受照片"),
    ("空.pdf", b"", "文件是空的"),
])
def test_bad_evidence_files_are_refused_and_nothing_is_saved(client, assigned, housing_user, name, content, message):
    client.force_login(housing_user)
    act(client, assigned, "start")
    upload = SimpleUploadedFile(name, content)
    response = client.post(reverse("rectification:act", args=[assigned.pk, "rectify"]),
                           {"evidence_text": "已整改", "files": [upload]}, follow=True)
    assert message in response.content.decode()
    assert status_of(assigned) == "rectifying" and not assigned.evidence.exists()


def test_evidence_over_the_size_limit_is_refused(client, assigned, housing_user, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    client.force_login(housing_user)
    act(client, assigned, "start")
    big = SimpleUploadedFile("大图.png", PNG + b"\x00" * 2048)
    response = act(client, assigned, "rectify", evidence_text="已整改", files=[big])
    assert status_of(assigned) == "rectifying"
    assert "超过" in client.get(response["Location"]).content.decode()


def test_every_transition_records_who_when_and_why(assigned, housing_user, county_office):
    from rectification import services

    services.start(assigned, by=housing_user)
    services.mark_rectified(assigned, by=housing_user, evidence_text="x")
    services.send_back(assigned, by=county_office, reason="证据不足")
    event = ProblemEvent.objects.filter(problem=assigned).last()
    assert (event.action, event.from_status, event.to_status, event.by, event.note) == (
        "send_back", "rectified", "rectifying", county_office, "证据不足")
    assert event.at is not None
