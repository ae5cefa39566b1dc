"""到具体责任人: a named person per problem and per measure, the person's own 我的整改 list, measures with
their evidence, 销号 only with every measure done and the county's verification opinion, reopening that keeps
the history, reminders to the person and the unit."""

import re
from datetime import date, timedelta
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from core import events
from rectification import measures, services
from rectification.models import Measure, Notification, Problem
from rectification.reminders import send_reminders
from tests.factories import make_user

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TODAY = date.today()


def rows(body: str, section: str) -> list[str]:
    """The text of each row of a section's table body, cells joined by " | "."""
    part = body[body.index(f'id="{section}"'):]
    part = part[part.index("<tbody>"):part.index("</tbody>")]
    return [" | ".join(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
                       for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S))
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", part, re.S)]


def add(problem, by, content, deadline, **person):
    return measures.add_measure(problem, by=by, content=content, deadline=deadline, **person)


def measure_post(client, problem, **data):
    return client.post(reverse("rectification:measure", args=[problem.pk]), data)


def act(client, problem, action, **data):
    return client.post(reverse("rectification:act", args=[problem.pk, action]), data)


def messages_after(client, response) -> str:
    return client.get(response["Location"]).content.decode()


@pytest.fixture
def second_housing_user(housing):
    return make_user("housing_second", Role.DEPARTMENT, housing.county, department="住建局")


# 我的整改 ------------------------------------------------------------------------------------------------

def test_my_list_shows_what_the_person_answers_for_overdue_first(client, make_problem, housing, health, housing_user,
                                                                 second_housing_user, county_office,
                                                                 django_assert_max_num_queries):
    later = make_problem(department=housing, deadline=TODAY + timedelta(days=20))
    late = make_problem(department=housing, deadline=TODAY - timedelta(days=2))
    no_deadline = make_problem(department=housing, mode="immediate")
    closed = make_problem(department=housing, deadline=TODAY - timedelta(days=9), status="closed")
    someone_elses = make_problem(department=housing, deadline=TODAY - timedelta(days=5))
    for problem in (later, late, no_deadline, closed):
        Problem.objects.filter(pk=problem.pk).update(responsible_user=housing_user, responsible_person="housing_staff")
    services.assign(someone_elses, by=county_office, responsible_user=second_housing_user)
    add(later, housing_user, "制定加固方案", TODAY + timedelta(days=3), responsible_user=housing_user)
    add(someone_elses, county_office, "入户核实房屋", TODAY - timedelta(days=1),
                    responsible_user=housing_user)
    add(later, housing_user, "联系施工队", TODAY - timedelta(days=4), responsible_person="王师傅")  # typed name
    done_step = add(late, housing_user, "拍照存档", TODAY - timedelta(days=3), responsible_user=housing_user)
    measures.complete_measure(done_step, by=housing_user, result="已拍照")

    client.force_login(housing_user)
    with django_assert_max_num_queries(7):  # 6 when the roles come from the Redis cache
        body = client.get(reverse("rectification:mine")).content.decode()
    d = lambda n: (TODAY + timedelta(days=n)).isoformat()  # noqa: E731
    assert rows(body, "my-problems") == [
        f"{late.display_number} | 测试专项行动 | {late.unit.name} | 住房保障 | 墙体开裂 | 住建局 | {d(-2)} 逾期 | 待整改 | 1/1",
        f"{later.display_number} | 测试专项行动 | {later.unit.name} | 住房保障 | 墙体开裂 | 住建局 | {d(20)} | 待整改 | 0/2",
        f"{no_deadline.display_number} | 测试专项行动 | {no_deadline.unit.name} | 住房保障 | 墙体开裂 | 住建局 | — | "
        "待整改 | 0/0",
    ]
    assert rows(body, "my-measures") == [
        f"{someone_elses.display_number} | {late.unit.name} | 措施1 | 入户核实房屋 | {d(-1)} 逾期 | 待整改",
        f"{later.display_number} | {late.unit.name} | 措施1 | 制定加固方案 | {d(3)} | 待整改",
    ]
    assert "我负责的问题（3 个）" in body and "我负责的整改措施（2 项）" in body


def test_a_person_sees_only_their_own_list(client, make_problem, housing, housing_user, second_housing_user,
                                           county_office, outsider):
    mine = make_problem(department=housing, deadline=TODAY + timedelta(days=5))
    services.assign(mine, by=county_office, responsible_user=housing_user)
    add(mine, county_office, "加固", TODAY + timedelta(days=4), responsible_user=housing_user)
    for other in (second_housing_user, county_office, outsider):
        client.force_login(other)
        body = client.get(reverse("rectification:mine"), {"user": housing_user.pk}).content.decode()
        assert rows(body, "my-problems") == ["没有由您负责的未销号问题"]
        assert rows(body, "my-measures") == ["没有由您负责的未完成措施"]
    client.logout()
    assert client.get(reverse("rectification:mine")).status_code == 302


def test_a_person_who_left_the_unit_no_longer_sees_its_problems(client, make_problem, housing, housing_user,
                                                                 county_office):
    from accounts.models import DepartmentGrant

    problem = make_problem(department=housing, deadline=TODAY + timedelta(days=5))
    services.assign(problem, by=county_office, responsible_user=housing_user)
    add(problem, county_office, "加固", TODAY + timedelta(days=4), responsible_user=housing_user)
    client.force_login(housing_user)
    body = client.get(reverse("rectification:mine")).content.decode()
    assert len(rows(body, "my-problems")) == len(rows(body, "my-measures")) == 1
    DepartmentGrant.objects.filter(user=housing_user).delete()
    body = client.get(reverse("rectification:mine")).content.decode()
    assert rows(body, "my-problems") == ["没有由您负责的未销号问题"]
    assert rows(body, "my-measures") == ["没有由您负责的未完成措施"]


def test_the_menu_leads_to_my_list(client, housing_user):
    client.force_login(housing_user)
    assert f'<a href="{reverse("rectification:mine")}">我的整改</a>' in client.get(reverse("home")).content.decode()


# Who may be named --------------------------------------------------------------------------------------

def test_the_page_refuses_a_person_of_another_department_or_county(client, make_problem, housing, health_user,
                                                                   outside_housing_user, county_office,
                                                                   housing_user):
    problem = make_problem(department=housing)
    client.force_login(county_office)
    for stranger in (health_user, outside_housing_user):
        response = act(client, problem, "assign", department=housing.pk, mode="deadline", deadline="2099-12-31",
                       responsible_user=stranger.pk, responsible_person="")
        assert response.status_code == 422
        assert "所选责任人不是责任单位的工作人员" in response.content.decode()
    problem.refresh_from_db()
    assert (problem.responsible_user, problem.deadline) == (None, None)
    body = client.get(reverse("rectification:detail", args=[problem.pk])).content.decode()
    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>',
                         body[body.index('name="responsible_user"'):].split("</select>")[0])
    assert options == [(str(housing_user.pk), "housing_staff")]


def test_a_measures_person_may_be_a_co_units_staff_never_another_countys(shared_problem, county_office, health_user,
                                                                         outside_housing_user, township_office):
    step = add(shared_problem, county_office, "医疗救助", TODAY + timedelta(days=5), responsible_user=health_user)
    assert (step.responsible_user, step.responsible_person) == (health_user, "health_staff")
    for stranger in (outside_housing_user, township_office):
        with pytest.raises(services.ProblemError, match="不是牵头责任单位或配合单位（住建局）的工作人员"):
            add(shared_problem, county_office, "x", TODAY, responsible_user=stranger)
    with pytest.raises(services.ProblemError, match="不是牵头责任单位或配合单位"):
        measures.update_measure(step, by=county_office, content="医疗救助", deadline=TODAY,
                                responsible_user=outside_housing_user)
    assert list(shared_problem.measures.values_list("content", "responsible_user")) == [("医疗救助", health_user.pk)]


def test_measures_need_content_a_person_and_a_deadline(shared_problem, housing_user):
    with pytest.raises(services.ProblemError, match="请填写措施内容"):
        add(shared_problem, housing_user, " ", TODAY, responsible_person="张三")
    with pytest.raises(services.ProblemError, match="请指定措施责任人"):
        add(shared_problem, housing_user, "加固", TODAY)
    with pytest.raises(services.ProblemError, match="请填写措施完成时限"):
        add(shared_problem, housing_user, "加固", None, responsible_person="张三")
    assert not shared_problem.measures.exists()


def test_only_the_lead_or_the_county_plans_and_only_the_lead_or_the_person_completes(
        client, shared_problem, housing_user, health_user, county_office, outsider, second_housing_user):
    client.force_login(health_user)  # a co-responsible unit
    response = measure_post(client, shared_problem, op="add", content="送医", responsible_person="张三",
                            deadline="2099-12-01")
    assert "只有牵头责任单位和县级及以上办公室可以制定整改措施" in messages_after(client, response)
    client.force_login(housing_user)
    measure_post(client, shared_problem, op="add", content="送医", responsible_user=health_user.pk,
                 responsible_person="", deadline="2099-12-01")
    measure_post(client, shared_problem, op="add", content="加固", responsible_person="李工", deadline="2099-12-02")
    mine, typed = shared_problem.measures.order_by("position")
    client.force_login(second_housing_user)  # the lead's staff may complete any measure
    client.force_login(health_user)  # the named person may complete their own, not another's
    response = measure_post(client, shared_problem, op="done", measure=typed.pk, result="已加固")
    assert "只有牵头责任单位或该措施的责任人可以登记措施完成" in messages_after(client, response)
    photo = SimpleUploadedFile("病历.png", PNG, content_type="image/png")
    response = measure_post(client, shared_problem, op="done", measure=mine.pk, result="已送医", files=[photo])
    assert "措施1已登记完成。" in messages_after(client, response)
    mine.refresh_from_db()
    assert (mine.done, mine.done_by, mine.result, [e.original_name for e in mine.evidence.all()]) == (
        True, health_user, "已送医", ["病历.png"])
    client.force_login(outsider)
    assert measure_post(client, shared_problem, op="done", measure=typed.pk, result="x").status_code == 404


def test_a_measures_evidence_is_checked_like_any_evidence(shared_problem, housing_user):
    step = add(shared_problem, housing_user, "加固", TODAY, responsible_person="李工")
    fake = SimpleUploadedFile("照片.png", b"MZ not a picture", content_type="image/png")
    with pytest.raises(services.ProblemError, match="文件内容与扩展名不符"):
        measures.complete_measure(step, by=housing_user, result="已加固", files=[fake])
    step.refresh_from_db()
    assert (step.done_at, step.result, shared_problem.evidence.count()) == (None, "", 0)


def test_a_done_measure_cannot_be_changed(shared_problem, housing_user):
    step = add(shared_problem, housing_user, "加固", TODAY, responsible_person="李工")
    measures.complete_measure(step, by=housing_user, result="已加固")
    with pytest.raises(services.ProblemError, match="措施1已完成，不能再修改"):
        measures.update_measure(step, by=housing_user, content="拆除", deadline=TODAY, responsible_person="李工")
    with pytest.raises(services.ProblemError, match="措施1已登记完成"):
        measures.complete_measure(step, by=housing_user, result="又完成")


def test_measure_changes_publish_problem_changed(shared_problem, housing_user):
    with mock.patch.object(events, "publish") as publish:
        step = add(shared_problem, housing_user, "加固", TODAY, responsible_person="李工")
        measures.update_measure(step, by=housing_user, content="拆除重建", deadline=TODAY, responsible_person="李工")
        measures.complete_measure(step, by=housing_user, result="已重建")
    assert [c.args[0] for c in publish.call_args_list] == [
        events.ProblemChanged(shared_problem.pk, campaign_id=shared_problem.campaign_id,
                              unit_id=shared_problem.unit_id, action=action)
        for action in ("measure_add", "measure_update", "measure_done")]


# 销号 and reopening ----------------------------------------------------------------------------------

def test_rectify_and_close_wait_for_every_measure_and_the_opinion(client, shared_problem, housing_user,
                                                                  county_office):
    first = add(shared_problem, housing_user, "入户核实", TODAY, responsible_person="张三")
    second = add(shared_problem, housing_user, "加固墙体", TODAY, responsible_person="李工")
    services.start(shared_problem, by=housing_user)
    measures.complete_measure(first, by=housing_user, result="已核实")
    client.force_login(housing_user)
    response = act(client, shared_problem, "rectify", evidence_text="已加固")
    assert "整改措施尚未全部完成：措施2" in messages_after(client, response)
    measures.complete_measure(second, by=housing_user, result="已加固")
    act(client, shared_problem, "rectify", evidence_text="已加固")
    shared_problem.refresh_from_db()
    assert shared_problem.status == "rectified"

    client.force_login(county_office)
    body = client.get(reverse("rectification:detail", args=[shared_problem.pk])).content.decode()
    assert 'data-confirm="确定核验通过并将问题' in body and "核验意见（必填）" in body
    response = act(client, shared_problem, "close", reason="  ")
    assert "销号须填写核验意见" in messages_after(client, response)
    # a measure that appears undone (e.g. data carried from before) blocks 销号 too
    Measure.objects.filter(pk=second.pk).update(done_at=None)
    response = act(client, shared_problem, "close", reason="现场核验属实")
    assert "不能销号：还有 1 项整改措施未完成（措施2）" in messages_after(client, response)
    body = client.get(reverse("rectification:detail", args=[shared_problem.pk])).content.decode()
    assert "暂不能销号：还有 1 项整改措施未完成（措施2）。" in body and "核验通过，销号" not in body
    Measure.objects.filter(pk=second.pk).update(done_at=timezone.now())
    response = act(client, shared_problem, "close", reason="现场核验属实")
    assert f"问题 {shared_problem.display_number} 已销号。" in messages_after(client, response)
    shared_problem.refresh_from_db()
    assert shared_problem.status == "closed"
    assert shared_problem.events.last().note == "现场核验属实"
    body = client.get(reverse("rectification:detail", args=[shared_problem.pk])).content.decode()
    assert "<dt>核验意见</dt><dd>现场核验属实</dd>" in body


def test_reopening_keeps_measures_verifications_and_events(client, shared_problem, housing_user, county_office):
    step = add(shared_problem, housing_user, "加固墙体", TODAY + timedelta(days=3), responsible_person="李工")
    services.start(shared_problem, by=housing_user)
    measures.complete_measure(step, by=housing_user, result="已加固")
    services.mark_rectified(shared_problem, by=housing_user, evidence_text="已加固")
    services.close(shared_problem, by=county_office, note="第一次核验属实")
    services.reopen(shared_problem, by=county_office, reason="市级抽查发现仍有裂缝")
    again = add(shared_problem, county_office, "重新加固", TODAY + timedelta(days=9), responsible_person="李工")
    with pytest.raises(services.ProblemError, match="整改措施尚未全部完成：措施2"):
        services.mark_rectified(shared_problem, by=housing_user, evidence_text="已重新加固")
    measures.complete_measure(again, by=housing_user, result="已重新加固")
    services.mark_rectified(shared_problem, by=housing_user, evidence_text="已重新加固")
    services.close(shared_problem, by=county_office, note="第二次核验属实")

    client.force_login(county_office)
    body = client.get(reverse("rectification:detail", args=[shared_problem.pk])).content.decode()
    now = timezone.localtime().strftime("%Y-%m-%d")
    measure_rows = [re.sub(r" \d\d:\d\d", "", r) for r in rows(body, "measures")]
    assert measure_rows == [
        f"措施1 | 加固墙体 | 李工 | {(TODAY + timedelta(days=3)).isoformat()} | 已完成 {now}（housing_staff） | 已加固 | ",
        f"措施2 | 重新加固 | 李工 | {(TODAY + timedelta(days=9)).isoformat()} | 已完成 {now}（housing_staff） | 已重新加固 | ",
    ]
    assert [r.split(" | ", 1)[1] for r in rows(body, "verifications")] == [
        "county_office | 第一次核验属实（其后已重新打开）", "county_office | 第二次核验属实"]
    assert [e.action for e in shared_problem.events.all()] == [
        "create", "measure_add", "start", "measure_done", "rectify", "close", "reopen", "measure_add",
        "measure_done", "rectify", "close"]
    assert "<dt>核验意见</dt><dd>第二次核验属实</dd>" in body


def test_bulk_close_says_how_many_and_refuses_the_whole_batch_on_one_refusal(client, make_problem, housing,
                                                                            housing_user, county_office):
    ready = []
    for _ in range(3):
        problem = make_problem(department=housing, mode="immediate")
        services.mark_rectified(problem, by=housing_user, evidence_text="已整改")
        ready.append(problem)
    not_yet = make_problem(department=housing, mode="immediate")
    client.force_login(county_office)
    ledger = client.get(reverse("rectification:ledger")).content.decode()
    assert 'data-confirm-if="action=close"' in ledger and '<option value="close">核验销号</option>' in ledger
    response = client.post(reverse("rectification:bulk"), {"action": "close", "ids": [p.pk for p in ready + [not_yet]],
                                                            "opinion": "抽查核验属实"})
    assert f"整批未销号。{not_yet.display_number}：该问题待整改，只有已整改待销号的问题可以这样操作" in messages_after(
        client, response)
    assert set(Problem.objects.values_list("status", flat=True)) == {"rectified", "open"}
    response = client.post(reverse("rectification:bulk"), {"action": "close", "ids": [p.pk for p in ready]})
    assert "销号须填写核验意见" in messages_after(client, response)
    response = client.post(reverse("rectification:bulk"), {"action": "close", "ids": [p.pk for p in ready],
                                                            "opinion": "抽查核验属实"})
    assert "已将 3 个问题销号。" in messages_after(client, response)
    assert [(p.status, p.events.last().note) for p in Problem.objects.filter(pk__in=[p.pk for p in ready])] == [
        ("closed", "抽查核验属实")] * 3


# Reminders -------------------------------------------------------------------------------------------

def test_reminders_go_to_the_person_and_to_the_unit(shared_problem, housing_user, second_housing_user, health_user,
                                                    county_office):
    services.assign(shared_problem, by=county_office, responsible_user=housing_user,
                    deadline=TODAY + timedelta(days=2))
    late = add(shared_problem, county_office, "送医", TODAY - timedelta(days=1), responsible_user=health_user)
    add(shared_problem, county_office, "复查", TODAY + timedelta(days=30), responsible_user=health_user)  # not yet
    done = add(shared_problem, county_office, "核实", TODAY - timedelta(days=5), responsible_person="张三")
    measures.complete_measure(done, by=housing_user, result="已核实")

    assert send_reminders(TODAY) == 5
    assert send_reminders(TODAY) == 0
    assert set(Notification.objects.values_list("user__username", "measure_id", "kind")) == {
        ("housing_staff", None, "due_soon"), ("housing_second", None, "due_soon"),  # the problem: the lead's staff
        ("health_staff", late.pk, "overdue"),  # the measure: its person (of the co-unit)
        ("housing_staff", late.pk, "overdue"), ("housing_second", late.pk, "overdue"),  # and the lead unit
    }


def test_a_township_problems_person_is_reminded(make_problem, township_office, county_office):
    township_colleague = make_user("township_second", Role.TOWNSHIP_OFFICE, township_office_unit(township_office))
    problem = make_problem(deadline=TODAY - timedelta(days=1))
    services.assign(problem, by=county_office, responsible_user=township_office)
    send_reminders(TODAY)
    assert set(Notification.objects.values_list("user__username", "kind")) == {
        ("township_office", "overdue"), (township_colleague.username, "overdue")}


def township_office_unit(user):
    from accounts.models import UnitGrant

    return UnitGrant.objects.filter(user=user).get().content_object


def test_the_ledger_names_each_problems_person(client, make_problem, housing, housing_user, county_office):
    named = make_problem(department=housing)
    services.assign(named, by=county_office, responsible_user=housing_user)
    typed = make_problem()
    services.assign(typed, by=county_office, responsible_person="村支书王五")
    make_problem()  # nobody named yet
    client.force_login(county_office)
    body = client.get(reverse("rectification:ledger"), {"sort": "newest"}).content.decode()
    table = body[body.index("<tbody>"):body.index("</tbody>")]
    people = [re.sub(r"<[^>]+>", "", cells[9]).strip() for cells in
              (re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S))]
    assert people == ["", "村支书王五", "housing_staff"]
