"""方城县 2022 (方农工组〔2022〕17号), walked end to end on the pages its people use.

The county office creates the campaign with the seed's phases (排查 7/10–7/30, 集中整改 7/15–8/20,
暗访评价 late August) and its four appendix forms; checkers fill 附件1 and 附件2, the village
reviewer returns and approves, the township and the county fill 附件3, and so does a 县直重点行业部门
(住建局: 四(二) 各乡镇（街道）、县直重点行业部门负责对照方案要求认真组织排查), whose form the county
approves; each 是 becomes a ledger
problem routed to the units section 二 names; the county sets mode and deadline, the lead unit
rectifies, the county closes (销号); 暗访 adds a problem; the county exports 附件1 and the joint 附件3.
"""

from datetime import date, datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from campaigns.models import Phase
from checklists.models import Submission
from dashboards.models import Ranking
from dashboards.tasks import freeze_weekly_rankings
from rectification.models import Problem
from rectification.services import record_problem
from tests.factories import make_user
from units.models import Department

from checklists.tests.seedtext import FANGCHENG

from .test_seed_walk_steps import (
    create_by_page, act_and_tell, act_on_problem, export_by_page, fill_by_page, form_of, header_row, paper_header,
    phases_printed, question_headers, review_by_page, seed_lines, today_marked, travel_to,
)

NAME = "方城县巩固脱贫成果“回头看”靶向整改专项行动"
PHASES = [  # 三、时间阶段 (kind, link, name, start, end)
    (Phase.Kind.SCREENING, "", "", date(2022, 7, 10), date(2022, 7, 30)),
    (Phase.Kind.RECTIFICATION, "", "", date(2022, 7, 15), date(2022, 8, 20)),
    (Phase.Kind.UNANNOUNCED, "", "暗访评价（8月下旬总考评）", date(2022, 8, 21), date(2022, 8, 31)),  # 8 月下旬
]
# 附件1 item 1 filled in as the seed's blanks ask: the four incomes add up to the total.
HOUSEHOLD_NUMBERS = {"members": "3", "members_able_to_work": "2", "income_total": "30000", "income_wage": "20000",
                     "income_business": "5000", "income_transfer": "4000", "income_property": "1000"}


def routed_to(problem) -> tuple[str, list[str]]:
    return problem.department.name if problem.department else "", sorted(problem.co_labels)


def test_fangcheng_2022_from_campaign_to_joint_appendix_3(
        client, django_capture_on_commit_callbacks, monkeypatch, templates, county, township, other_township,
        village, other_township_village, household, checker, reviewer, township_office, other_township_office,
        county_office):
    capture = django_capture_on_commit_callbacks
    housing = make_user("zhujian", Role.DEPARTMENT, county, department="住建局")

    # 一、the county office sets the campaign up as the seed's plan describes it
    travel_to(monkeypatch, date(2022, 7, 8))
    campaign = create_by_page(client, county_office, capture, "fangcheng", name=NAME,
                              document_number="方农工组〔2022〕17号", scope=county.code, year=2022)
    assert [(p.kind, p.link, p.name, p.starts_on, p.ends_on) for p in campaign.phases.all()] == PHASES
    assert phases_printed(client, county_office, campaign) == [
        ("问题排查", "全部", "2022-07-10 至 2022-07-30", "未开始"),
        ("集中整改", "全部", "2022-07-15 至 2022-08-20", "未开始"),
        ("暗访评价（8月下旬总考评）", "全部", "2022-08-21 至 2022-08-31", "未开始")]
    assert today_marked(client, county_office, campaign) == "今天 2022-07-08，在各阶段之前 | no line"
    screening, rectification = campaign.phases.get(kind="screening"), campaign.phases.get(kind="rectification")
    assert screening.is_open_on(date(2022, 7, 20)) and rectification.is_open_on(date(2022, 7, 20))  # they overlap
    assert {f.template.code: f.targets_label for f in campaign.forms.select_related("template")} == {
        "fangcheng-household": "十类群体户、脱贫户、监测户、低收入户，及有老人的户、有残疾人的户、有信访人的户、有特殊困难群众的户",
        "fangcheng-village": "全部村", "fangcheng-township": "全部乡镇",
        "fangcheng-county": "全部县，及县直行业部门：教体局、卫健委、医保局、住建局、水利局、人社局、民政局、残联、农业农村局、"
                            "科工局、商务局、财政局、审计局、信访局"}

    # the forms as the seed prints them: 附件1 13 items / 29 是否 questions, 附件2 6 / 25, 附件3 县级 7 / 12, 乡级 5 / 6
    shape = {code: (t.sections.count(), t.questions.filter(kind="flag").count()) for code, t in templates.items()
             if code.startswith("fangcheng-")}
    assert shape == {"fangcheng-household": (13, 29), "fangcheng-village": (6, 25), "fangcheng-county": (7, 12),
                     "fangcheng-township": (5, 6)}
    work = Submission.objects.filter(campaign=campaign)
    # 住建局, the one department the county has registered (its account), gets 附件3 县级 as well
    assert sorted(work.values_list("template__code", "unit_id", "department__name"), key=lambda r: (r[0], r[1], r[2] or "")) == [
        ("fangcheng-county", "411322", None), ("fangcheng-county", "411322", "住建局"),
        ("fangcheng-household", village.code, None),
        ("fangcheng-township", "411322100", None), ("fangcheng-township", "411322101", None),
        ("fangcheng-village", village.code, None), ("fangcheng-village", other_township_village.code, None)]

    # 二、排查: the household form's page says what the paper 附件1 says above its table
    travel_to(monkeypatch, date(2022, 7, 12))
    household_form = form_of(campaign, "fangcheng-household", household=household)
    assert paper_header(client, checker, household_form) == household_form.template.header_lines == [
        "乡镇(街道)：_____村：_____", "户类型： “十类群体”户 脱贫户 监测户 (在对应类别上划“√”) 户主姓名：_____"]
    fill_by_page(client, checker, household_form, **HOUSEHOLD_NUMBERS, housing_unsafe="yes",
                 housing_unsafe__desc="东墙开裂")
    review_by_page(client, reviewer, household_form, reason="收入未逐项核实")  # 审核人员 returns it
    fill_by_page(client, checker, household_form, **HOUSEHOLD_NUMBERS, housing_unsafe="yes",
                 housing_unsafe__desc="东墙开裂，屋顶漏雨")
    review_by_page(client, reviewer, household_form)
    [housing_problem] = household_form.problems.all()  # one problem, even though the form was sent twice
    assert housing_problem.description == "东墙开裂，屋顶漏雨"
    # 二(二) “三保障”: the seed's 责任单位 line names the 政策落实 working group and 住建局 (住房安全)
    assert routed_to(housing_problem) == ("住建局", ["政策落实工作组"])
    assert "责任单位：党建助脱贫、政策落实、兜底保障工作组，教体局、卫健委、医保局、住建局、水利局、人社局、民政局、残联，" \
           "各乡镇（街道）" in seed_lines(FANGCHENG)

    village_form = form_of(campaign, "fangcheng-village", unit=village)
    fill_by_page(client, checker, village_form, collective_income_low="yes",
                 collective_income_low__desc="村集体经济收入3.2万元")
    review_by_page(client, reviewer, village_form)
    [income_problem] = village_form.problems.all()
    assert routed_to(income_problem) == ("组织部", ["产业就业工作组", "农业农村局"])
    assert "责任单位：产业就业工作组、组织部、农业农村局、乡村振兴局、人社局、科工局、商务局、金融服务中心、惠民公司，" \
           "各乡镇（街道）" in seed_lines(FANGCHENG)

    fill_by_page(client, township_office, form_of(campaign, "fangcheng-township", unit=township), t1_note="已部署")
    fill_by_page(client, county_office, form_of(campaign, "fangcheng-county", unit=county), c_spending_slow="yes",
                 c_spending_slow__desc="支出进度落后", c2_note="已约谈")
    # the 住建局 checks itself against 附件3 县级 (item 3 asks about the 县级行业部门): its 是 is its own to fix
    department_form = form_of(campaign, "fangcheng-county", department=Department.objects.get(county=county, name="住建局"))
    client.force_login(housing)
    assert client.get(reverse("campaigns:unit", args=[campaign.pk, county.code])).context["department_forms"] == [
        department_form]
    fill_by_page(client, housing, department_form, c_no_data_sharing="yes",
                 c_no_data_sharing__desc="未与民政、残联定期比对住房保障数据")
    review_by_page(client, county_office, department_form)
    [data_problem] = department_form.problems.all()
    assert (data_problem.unit_id, *routed_to(data_problem)) == (county.code, "住建局", ["乡村振兴局"])
    assert Problem.objects.filter(campaign=campaign).count() == 4

    # 三、集中整改: the county sets mode and deadline (限期整改 by the phase's end), the lead fixes, the county closes
    travel_to(monkeypatch, date(2022, 7, 20))
    assert [row[-1] for row in phases_printed(client, county_office, campaign)] == ["进行中", "进行中", "未开始"]
    assert today_marked(client, county_office, campaign) == "今天 2022-07-20 | line"  # 查改结合: both open
    # 问题交办到具体责任人: the county names a person of the lead department's staff (谁整改、谁负责)
    co = Department.objects.get(county=county, name="政策落实工作组")
    housing.first_name = "王建国"
    housing.save(update_fields=["first_name"])
    act_on_problem(client, county_office, housing_problem, "assign", department=housing_problem.department_id,
                   co_departments=[co.pk], mode="deadline", deadline="2022-08-20", responsible_user=housing.pk)
    assert (housing_problem.mode, housing_problem.deadline, housing_problem.responsible_user,
            housing_problem.responsible_person) == ("deadline", date(2022, 8, 20), housing, "王建国")
    act_on_problem(client, county_office, income_problem, "assign", department=income_problem.department_id,
                   co_departments=list(income_problem.co_departments.values_list("pk", flat=True)),
                   mode="immediate", responsible_person="李书记")
    assert (income_problem.mode, income_problem.responsible_user, income_problem.responsible_person) == (
        "immediate", None, "李书记")
    # the lead department writes its measure: what, by whom, by when
    measure_url = reverse("rectification:measure", args=[housing_problem.pk])
    assert act_and_tell(client, housing, housing_problem, "", url=measure_url, op="add",
                        content="危房改造：加固东墙、翻修屋顶", responsible_user=housing.pk,
                        deadline="2022-08-10") == ["已新增措施1。"]
    [measure] = housing_problem.measures.all()
    assert (measure.position, measure.content, measure.responsible_user, measure.responsible_person,
            measure.deadline, measure.done_at) == (1, "危房改造：加固东墙、翻修屋顶", housing, "王建国",
                                                   date(2022, 8, 10), None)
    act_on_problem(client, housing, housing_problem, "start")
    # 销号 is refused before the work is done: not rectified yet, and rectified only once every measure is done
    assert act_and_tell(client, county_office, housing_problem, "close", reason="未整改先销号") == [
        "该问题整改中，只有已整改待销号的问题可以这样操作"]
    assert act_and_tell(client, housing, housing_problem, "rectify", evidence_text="已完成危房改造并入住") == [
        "整改措施尚未全部完成：措施1"]
    assert housing_problem.status == Problem.Status.RECTIFYING
    assert act_and_tell(client, housing, housing_problem, "", url=measure_url, op="done", measure=measure.pk,
                        result="东墙已加固，屋顶已翻修") == ["措施1已登记完成。"]
    measure.refresh_from_db()
    assert measure.result == "东墙已加固，屋顶已翻修" and measure.done_by == housing
    act_on_problem(client, housing, housing_problem, "rectify", evidence_text="已完成危房改造并入住")
    assert act_and_tell(client, county_office, housing_problem, "close", reason="") == ["销号须填写核验意见"]
    assert housing_problem.status == Problem.Status.RECTIFIED
    assert act_and_tell(client, county_office, housing_problem, "close", reason="现场核实：房屋安全，已入住") == [
        f"问题 {housing_problem.display_number} 已销号。"]
    assert housing_problem.status == Problem.Status.CLOSED

    # 四、暗访评价 (8 月下旬): the county records what an unannounced visit found
    travel_to(monkeypatch, date(2022, 8, 25))
    assert [row[-1] for row in phases_printed(client, county_office, campaign)] == ["已结束", "已结束", "进行中"]
    found = record_problem(by=county_office, campaign=campaign, unit=village, source=Problem.Source.UNANNOUNCED,
                           category="人居环境", description="户内外环境脏乱", household=household)
    assert found.number == 5 and found.get_source_display() == "暗访"

    # 一周一调度一排队: the county rebuilds its figures and the week's ranking of townships is frozen
    client.force_login(county_office)
    with capture(execute=True):
        client.post(reverse("dashboards:rebuild", args=[campaign.pk, county.code]))
    assert freeze_weekly_rankings() == 1  # one ranking: the county campaign ranks its townships
    ranking = Ranking.objects.get(campaign=campaign, unit=county)
    # 凤瑞街道: 1 of 1 household form in, 1 of 3 problems fixed, none overdue: 40 + 40/3 + 20 = 73.33;
    # 释之街道: no household to check, no problem: 0 + 40 + 20 = 60
    assert [(e.unit.name, e.rank, e.score) for e in ranking.entries.select_related("unit")] == [
        ("凤瑞街道", 1, Decimal("73.33")), ("释之街道", 2, Decimal("60.00"))]

    # 五、exports: 附件1 headed with every question's whole text, the household's 是 in its column
    ws = export_by_page(client, county_office, capture, campaign, county, "appendix", household_form.template)
    assert ws["A1"].value == household_form.template.name
    exported = header_row(ws)
    assert exported[6:-5] == question_headers(household_form.template)
    flags = list(household_form.template.questions.filter(kind="flag").order_by("position")
                 .values_list("text", flat=True))
    assert [h for h in exported if h in flags] == flags and len(flags) == 29
    row = next(r for r in ws.iter_rows(min_row=5, values_only=True) if r[4] == household.head_name)
    assert row[exported.index("现住房是否为不安全住房")] == "是"
    assert "东墙开裂，屋顶漏雨" in row

    # the joint 附件3 from the county page: the county's part, then every township's, with 备注
    client.force_login(county_office)
    county_page = client.get(reverse("campaigns:unit", args=[campaign.pk, county.code])).content.decode()
    assert 'id="joint-export"' in county_page
    assert 'id="joint-export"' not in client.get(
        reverse("campaigns:unit", args=[campaign.pk, township.code])).content.decode()
    ws = export_by_page(client, county_office, capture, campaign, county, "joint")
    assert ws["A1"].value == "方城县巩固脱贫攻坚成果“回头看”靶向整改专项行动县乡问题排查表"
    assert [c.value for c in ws[3]] == ["排查层级", "排查内容", "备注"]
    rows = [r for r in ws.iter_rows(min_row=5, max_row=4 + 7 + 7 + 5 + 5, values_only=True)]
    # the county's part, the 住建局's 县级 part, then every township's
    assert [r[0] for r in rows if r[0]] == ["县级\n方城县", "县级\n方城县住建局", "乡级\n凤瑞街道", "乡级\n释之街道（未填报）"]
    assert rows[1][1].endswith("各级到县衔接资金支出进度是否达不到序时进度要求(是☑否□)（问题描述：支出进度落后）")
    assert rows[7 + 2][1].endswith("是否未落实跨部门沟通和定期数据比对共享机制(是☑否□)（问题描述：未与民政、残联定期比对住房保障数据）")
    assert rows[1][2] == "已约谈" and rows[14][2] == "已部署"

    # 附件3 县级 on its own: one row per subject, the department named as such
    ws = export_by_page(client, county_office, capture, campaign, county, "appendix", department_form.template)
    assert [r[1] for r in ws.iter_rows(min_row=5, values_only=True) if isinstance(r[0], int)] == ["方城县", "方城县住建局"]

    # 问题台账 exported: the closed problem with its named person, its measure done and the 核验意见
    ws = export_by_page(client, county_office, capture, campaign, county, "ledger")
    assert header_row(ws)[8:] == ["责任单位", "责任人", "整改方式", "整改时限", "措施（责任人、时限、完成情况）",
                                  "已完成/措施数", "状态", "整改完成时间", "销号时间", "核验意见"]
    ledger = {r[1]: list(r) for r in ws.iter_rows(min_row=5, values_only=True) if isinstance(r[0], int)}
    housing_problem.refresh_from_db()
    measure.refresh_from_db()
    done_on = timezone.localtime(measure.done_at).date()
    assert ledger[f"2022-{campaign.pk}-{housing_problem.number:06d}"][1:] == [
        f"2022-{campaign.pk}-{housing_problem.number:06d}", "凤瑞街道", "新华街社区", household.head_name, "住房保障",
        "东墙开裂，屋顶漏雨", "入户/村级排查", "住建局", "王建国", "限期整改", datetime(2022, 8, 20),
        f"1. 危房改造：加固东墙、翻修屋顶（王建国，2022-08-10前；已完成 {done_on:%Y-%m-%d}）", "1/1", "已销号",
        excel_time(housing_problem.rectified_at), excel_time(housing_problem.closed_at), "现场核实：房屋安全，已入住"]
    assert ledger[f"2022-{campaign.pk}-{income_problem.number:06d}"][8:] == [
        "组织部", "李书记", "立行立改", None, None, "0/0", "待整改", None, None, None]


def excel_time(moment):
    """A moment as the ledger's cell gives it back: local time, to the millisecond."""
    local = timezone.localtime(moment).replace(tzinfo=None)
    return local.replace(microsecond=round(local.microsecond, -3) % 1_000_000)
