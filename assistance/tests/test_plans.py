from datetime import date, timedelta

import pytest
from django.urls import reverse

from assistance import selectors
from assistance.models import Plan
from assistance.services import AssistanceError, create_plan, decide_plan, delete_line, save_line, submit_plan
from assistance.tests.conftest import SHARED_LEDGER
from rectification.models import Problem
from tests.module_scope import share_per_module

from .conftest import set_status

pytestmark = pytest.mark.django_db
share_per_module(globals(), **SHARED_LEDGER)  # the ledger is built once for the module
DEADLINE = date.today() + timedelta(days=20)
LINE = {"target": "慢病签约全覆盖", "standard": "签约率100%", "deadline": DEADLINE, "persons": "王医生、李主任"}


@pytest.fixture
def plan(department_user, health):
    return create_plan(by=department_user, kind=Plan.Kind.DEPARTMENT, year=2026, department=health)


def test_a_department_plan_goes_from_draft_to_approved(plan, ledger, department_user, county_office):
    assert (plan.title, plan.unit_id, plan.status) == ("卫健委2026年“回头帮”年度实施方案", "411322", Plan.Status.DRAFT)
    line = save_line(by=department_user, plan=plan, data=LINE, problems=[ledger[0], ledger[3]])
    assert (line.position, sorted(line.problems.values_list("number", flat=True))) == (1, [1, 4])
    submit_plan(by=department_user, plan=plan)
    with pytest.raises(AssistanceError, match="不能修改"):
        save_line(by=department_user, plan=plan, data=LINE, problems=[])
    returned = decide_plan(by=county_office, plan=plan, approve=False, reason="标准要求不具体")
    assert (returned.status, returned.return_reason) == (Plan.Status.RETURNED, "标准要求不具体")
    save_line(by=department_user, plan=plan, line=line, data={**LINE, "standard": "签约率100%，季度随访"},
              problems=[ledger[0]])
    submit_plan(by=department_user, plan=plan)
    approved = decide_plan(by=county_office, plan=plan, approve=True)
    assert (approved.status, approved.decided_by, approved.return_reason) == (Plan.Status.APPROVED, county_office, "")
    line.refresh_from_db()
    assert (line.standard, list(line.problems.values_list("number", flat=True))) == ("签约率100%，季度随访", [1])
    with pytest.raises(AssistanceError):
        delete_line(by=department_user, line=line)


def test_only_the_department_itself_writes_its_plan(ledger, health, housing_user, township_office, county_office,
                                                    department_user, plan):
    for user in (housing_user, township_office, county_office):
        with pytest.raises(AssistanceError):
            create_plan(by=user, kind=Plan.Kind.DEPARTMENT, year=2027, department=health)
        with pytest.raises(AssistanceError, match="编制单位"):
            save_line(by=user, plan=plan, data=LINE, problems=[])
    with pytest.raises(AssistanceError, match="已经存在"):
        create_plan(by=department_user, kind=Plan.Kind.DEPARTMENT, year=2026, department=health)
    assert not plan.lines.exists()


def test_a_line_covers_only_the_plans_own_problems(plan, ledger, department_user, outside_problem):
    for foreign in (ledger[1], outside_problem):  # 住建局's problem; another county's 卫健 problem
        with pytest.raises(AssistanceError, match="不在本方案的范围内"):
            save_line(by=department_user, plan=plan, data=LINE, problems=[ledger[0], foreign])
    with pytest.raises(AssistanceError, match="请填写目标任务"):
        save_line(by=department_user, plan=plan, data={**LINE, "target": ""}, problems=[])
    assert not plan.lines.exists()


def test_only_the_county_office_decides_and_only_a_submitted_plan(plan, ledger, department_user, township_office,
                                                                 county_office, outsider):
    with pytest.raises(AssistanceError, match="没有条目"):
        submit_plan(by=department_user, plan=plan)
    save_line(by=department_user, plan=plan, data=LINE, problems=[ledger[0]])
    with pytest.raises(AssistanceError, match="待审批"):
        decide_plan(by=county_office, plan=plan, approve=True)
    submit_plan(by=department_user, plan=plan)
    for user in (department_user, township_office, outsider):
        with pytest.raises(AssistanceError, match="县级及以上"):
            decide_plan(by=user, plan=plan, approve=True)
    with pytest.raises(AssistanceError, match="说明原因"):
        decide_plan(by=county_office, plan=plan, approve=False, reason="  ")
    plan.refresh_from_db()
    assert plan.status == Plan.Status.SUBMITTED


def test_a_township_plan_has_its_own_fields_and_covers_its_own_problems(ledger, township_office,
                                                                        other_township_office, township):
    plan = create_plan(by=township_office, kind=Plan.Kind.TOWNSHIP, year=2026, township=township)
    assert [label for _, label in plan.line_fields] == ["整改措施", "具体责任人", "时间进度表", "完成时限", "检查评估",
                                                        "监督问责"]
    line = save_line(by=township_office, plan=plan, problems=[ledger[2], ledger[4]], data={
        "target": "发展村集体经济", "persons": "张书记", "schedule": "9月立项，11月见效", "deadline": DEADLINE,
        "evaluation": "乡镇每月检查", "accountability": "未完成约谈村支书"})
    assert (line.schedule, line.accountability) == ("9月立项，11月见效", "未完成约谈村支书")
    with pytest.raises(AssistanceError, match="不在本方案的范围内"):
        save_line(by=township_office, plan=plan, data=LINE, problems=[ledger[5]])  # the other township's village
    with pytest.raises(AssistanceError):
        create_plan(by=other_township_office, kind=Plan.Kind.TOWNSHIP, year=2026, township=township)


def test_each_lines_progress_follows_its_problems(plan, ledger, department_user, county_office):
    first = save_line(by=department_user, plan=plan, data=LINE, problems=[ledger[0], ledger[3], ledger[5]])
    second = save_line(by=department_user, plan=plan, data={**LINE, "target": "卫生室配齐村医"}, problems=[ledger[3]])
    empty = save_line(by=department_user, plan=plan, data={**LINE, "target": "培训"}, problems=[])
    set_status(ledger[0], Problem.Status.CLOSED)
    set_status(ledger[3], Problem.Status.RECTIFYING, deadline=date.today() - timedelta(days=1))
    progress = selectors.line_progress(county_office, plan)
    as_numbers = {pk: (p.total, p.closed, p.overdue, p.percent) for pk, p in progress.items()}
    assert as_numbers == {first.pk: (3, 1, 1, 33), second.pk: (1, 0, 1, 0), empty.pk: (0, 0, 0, 0)}
    set_status(ledger[3], Problem.Status.CLOSED)
    assert selectors.line_progress(department_user, plan)[second.pk].label == "1/1"


def test_the_plan_pages_walk_the_lifecycle(client, plan, ledger, department_user, county_office, housing_user):
    client.force_login(department_user)
    url = reverse("assistance:line_save", args=[plan.pk])
    refused = client.post(url, {"target": "慢病签约全覆盖", "standard": "签约率100%", "deadline": "",
                                "persons": "王医生", "problems": [ledger[0].pk]})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "请填写完成时限" in page and "签约率100%" in page and not plan.lines.exists()
    refused = client.post(url, {**LINE, "deadline": DEADLINE.isoformat(), "problems": [ledger[1].pk]})
    assert refused.status_code == 400 and "所选问题不在本方案的范围内" in refused.content.decode()
    assert client.post(url, {**LINE, "deadline": DEADLINE.isoformat(), "problems": [ledger[0].pk]}).status_code == 302
    assert client.post(reverse("assistance:plan_act", args=[plan.pk, "approve"])).status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT  # a department does not approve
    client.post(reverse("assistance:plan_act", args=[plan.pk, "submit"]))
    client.force_login(county_office)
    returned = client.post(reverse("assistance:plan_act", args=[plan.pk, "return"]), {"reason": ""})
    assert returned.status_code == 400 and "退回时必须说明原因" in returned.content.decode()
    client.post(reverse("assistance:plan_act", args=[plan.pk, "approve"]))
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "慢病签约全覆盖" in page and "0/1" in page and "已批准" in page
    client.force_login(housing_user)
    assert client.get(plan.get_absolute_url()).status_code == 404


def test_plan_writes_leave_audit_rows_naming_their_actor(plan, ledger, department_user, county_office):
    from auditlog.models import LogEntry

    save_line(by=department_user, plan=plan, data=LINE, problems=[ledger[0]])
    submit_plan(by=department_user, plan=plan)
    decide_plan(by=county_office, plan=plan, approve=True)
    entries = LogEntry.objects.get_for_object(plan).order_by("pk")
    assert [(e.action, e.actor.username) for e in entries] == [
        (LogEntry.Action.CREATE, "dept_health"), (LogEntry.Action.UPDATE, "dept_health"),
        (LogEntry.Action.UPDATE, "county_office")]


def test_a_line_takes_whole_lists_and_the_form_offers_only_what_is_left(client, plan, ledger, qiemo_campaign,
                                                                        county, county_office, department_user,
                                                                        health, housing):
    from assistance.models import HelpList
    from assistance.services import hand_help_lists

    hand_help_lists(by=county_office, campaign=qiemo_campaign, unit=county, deadline=DEADLINE)
    village_list = HelpList.objects.get(unit_id="411322100001", department=health)
    other_department = HelpList.objects.get(unit_id="411322100001", department=housing)
    client.force_login(department_user)
    url = reverse("assistance:line_save", args=[plan.pk])
    data = {**LINE, "deadline": DEADLINE.isoformat()}
    refused = client.post(url, {**data, "lists": [other_department.pk]})
    assert refused.status_code == 400 and "所选清单不在本方案的范围内" in refused.content.decode()
    assert client.post(url, {**data, "lists": [village_list.pk], "problems": [ledger[3].pk]}).status_code == 302
    line = plan.lines.get()
    assert sorted(line.problems.values_list("number", flat=True)) == [1, 4]
    page = client.get(plan.get_absolute_url()).content.decode()
    offered = {p.number for p in ledger if f'name="problems" value="{p.pk}"' in page}
    assert offered == {6}  # 卫健's problem not yet in a line; 2, 3, 5 are not 卫健's
    edit = client.get(plan.get_absolute_url(), {"edit": line.pk}).content.decode()
    checked = {p.number for p in ledger if f'name="problems" value="{p.pk}" checked' in edit}
    assert checked == {1, 4} and f'name="problems" value="{ledger[5].pk}"' in edit


def test_deleting_a_line_renumbers_the_lines_after_it(plan, ledger, department_user):
    lines = [save_line(by=department_user, plan=plan, data={**LINE, "target": name}, problems=[])
             for name in ("一", "二", "三")]
    delete_line(by=department_user, line=lines[0])
    assert list(plan.lines.values_list("position", "target")) == [(1, "二"), (2, "三")]
    assert save_line(by=department_user, plan=plan, data={**LINE, "target": "四"}, problems=[]).position == 3


def test_an_id_no_column_holds_is_refused_with_a_message(client, plan, ledger, department_user):
    client.force_login(department_user)
    response = client.post(reverse("assistance:line_save", args=[plan.pk]),
                           {**LINE, "deadline": DEADLINE.isoformat(), "problems": [str(10**30)]})
    assert response.status_code == 400 and "所选问题不在本方案的范围内" in response.content.decode()


def test_deleting_a_line_from_the_page_asks_first_and_names_it(client, plan, ledger, department_user):
    lines = [save_line(by=department_user, plan=plan, data={**LINE, "target": name}, problems=[])
             for name in ("走访慢病患者", "二")]
    client.force_login(department_user)
    url = reverse("assistance:line_delete", args=[plan.pk, lines[0].pk])
    page = client.get(plan.get_absolute_url()).content.decode()
    assert (f'<form method="post" action="{url}" data-confirm="确定删除第 1 条“走访慢病患者”？删除后不能恢复，'
            '后面的条目序号依次前移。">') in page
    done = client.post(url, {"confirm": "on"}, follow=True).content.decode()
    assert '<li class="success">已删除第 1 条“走访慢病患者”，后面的条目序号依次前移。</li>' in done
    assert list(plan.lines.values_list("position", "target")) == [(1, "二")]
