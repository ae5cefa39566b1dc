"""The workbooks opened with openpyxl and read cell by cell: header, rows, signature lines."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assistance.models import HelpList, Plan
from assistance.services import create_plan, hand_help_lists, save_line
from rectification.models import Problem

from .conftest import set_status

pytestmark = pytest.mark.django_db
LIMIT = date.today() + timedelta(days=60)


def sheet_of(response):
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)))
    return workbook.worksheets[0]


def values(ws):
    return [[cell for cell in row] for row in ws.iter_rows(values_only=True)]


def as_date(value):
    return value.date() if hasattr(value, "date") else value


def test_a_household_list_prints_as_the_appendix_4_from_the_ledger(client, ledger, qiemo_campaign, county_office,
                                                                   county, department_user, health, household):
    hand_help_lists(by=county_office, campaign=qiemo_campaign, unit=county, deadline=LIMIT)
    set_status(ledger[0], Problem.Status.RECTIFYING)
    help_list = HelpList.objects.get(unit_id="411322100001", department=health)
    client.force_login(department_user)
    ws = sheet_of(client.get(reverse("assistance_reports:help_list", args=[help_list.pk, "household"])))
    rows = values(ws)
    assert rows[0][0] == "且末县脱贫人口“回头帮”成果统计表"  # the title of 附件4, the typed form's own
    assert rows[1][0].startswith(f"单位：{help_list.unit.full_name}    责任单位：卫健委    完成时限：{LIMIT:%Y-%m-%d}")
    assert list(rows[2]) == ["序号", "乡镇(街道)", "村", "户主姓名", "问题类别", "问题描述", "责任单位",
                             "“回头帮”成果", None, None, None]  # one merged group over the four result columns
    assert "H3:K3" in {str(r) for r in ws.merged_cells.ranges}
    assert list(rows[3]) == [None] * 7 + ["“回头帮”措施（补课清单）", "完成时限", "完成情况", "成效"]
    assert [list(r[:6]) + [r[6], r[7], as_date(r[8]), r[9], r[10]] for r in rows[4:5]] == [
        [1, "凤瑞街道", "新华街社区", household.head_name, "基本医疗有保障", "慢病签约未落实", "卫健委", "家庭医生签约",
         ledger[0].deadline, "推进中", "已签约"]]
    assert rows[5] == [None] * 11  # the blank line before the signatures
    signatures = [r[0] for r in rows[6:] if r and r[0]]
    assert signatures == ["填表人(签字)：____________    日期：________", "负责人(签字)：____________    日期：________"]


def test_a_township_list_prints_as_the_appendix_6(client, ledger, qiemo_campaign, county_office, county,
                                                  township_office):
    hand_help_lists(by=county_office, campaign=qiemo_campaign, unit=county, deadline=LIMIT)
    help_list = HelpList.objects.get(unit_id="411322100")
    client.force_login(township_office)
    rows = values(sheet_of(client.get(reverse("assistance_reports:help_list", args=[help_list.pk, "township"]))))
    assert rows[0][0] == "且末县乡镇“回头帮”成果统计表"
    assert list(rows[2][:6]) == ["序号", "乡镇(街道)", "问题类别", "问题描述", "责任单位", "“回头帮”成果"]
    assert [list(r[:6]) + [as_date(r[6]), r[7], r[8]] for r in rows[4:5]] == [
        [1, "凤瑞街道", "有便民服务中心", "便民服务中心未挂牌", "住建局", None, ledger[4].deadline, "未启动", None]]


def test_a_plan_prints_with_title_unit_table_and_signature_lines(client, ledger, department_user, health,
                                                                  county_office):
    plan = create_plan(by=department_user, kind=Plan.Kind.DEPARTMENT, year=2026, department=health)
    save_line(by=department_user, plan=plan, problems=[ledger[0], ledger[3]], data={
        "target": "慢病签约全覆盖", "standard": "签约率100%", "deadline": date(2026, 12, 31), "persons": "王医生"})
    save_line(by=department_user, plan=plan, problems=[], data={
        "target": "村医培训", "standard": "", "deadline": date(2026, 12, 20), "persons": "李主任"})
    set_status(ledger[3], Problem.Status.CLOSED)
    client.force_login(county_office)
    ws = sheet_of(client.get(reverse("assistance_reports:plan", args=[plan.pk])))
    rows = values(ws)
    assert rows[0][0] == "卫健委2026年“回头帮”年度实施方案"
    assert rows[1][0] == "编制单位：卫健委（单位4113方城县）    年度：2026    状态：草稿"
    assert list(rows[2]) == ["序号", "目标任务", "标准要求", "完成时限", "责任人员", "进度", None, None]
    assert {"F3:H3", "A3:A4", "B3:B4"} <= {str(r) for r in ws.merged_cells.ranges}
    assert list(rows[3]) == [None] * 5 + ["涉及问题", "已销号/总数", "逾期"]
    assert [[r[0], r[1], r[2], as_date(r[3]), r[4], r[5], r[6], r[7]] for r in rows[4:6]] == [
        [1, "慢病签约全覆盖", "签约率100%", date(2026, 12, 31), "王医生", "000001、000004", "1/2", 0],
        [2, "村医培训", None, date(2026, 12, 20), "李主任", None, "0/0", 0],
    ]
    assert [r[0] for r in rows[7:] if r and r[0]] == ["编制单位负责人(签字)：____________    日期：________",
                                                       "县扶贫办审核(签字)：____________    日期：________"]


def test_a_township_aggregates_the_village_tables_of_every_responsible_unit(client, ledger, qiemo_campaign,
                                                                            county_office, county, township,
                                                                            township_office, department_user,
                                                                            outside_village):
    hand_help_lists(by=county_office, campaign=qiemo_campaign, unit=county, deadline=LIMIT)
    url = reverse("assistance_reports:unit_help_lists", args=[qiemo_campaign.pk, township.code, "village"])
    client.force_login(township_office)
    rows = values(sheet_of(client.get(url)))
    assert rows[0][0] == "且末县退出贫困村“回头帮”成果统计表"  # 附件5
    assert rows[1][0].startswith(f"单位：{township.full_name}    专项行动：{qiemo_campaign.name}")
    assert [(r[0], r[2], r[4], r[5], r[8]) for r in rows[4:] if isinstance(r[0], int)] == [
        (1, "新华街社区", "文化室未建成", "住建局", "未启动"),
        (2, "新华街社区", "村集体收入不足5万元", "所在乡镇（街道）", "未启动"),
        (3, "和平社区", "卫生室无村医", "卫健委", "未启动"),
    ]
    client.force_login(department_user)  # 卫健 prints only what was handed to it
    rows = values(sheet_of(client.get(url)))
    assert [(r[2], r[4]) for r in rows[4:] if isinstance(r[0], int)] == [("和平社区", "卫生室无村医")]
    other = reverse("assistance_reports:unit_help_lists", args=[qiemo_campaign.pk, "411321100", "village"])
    assert client.get(other).status_code == 404


def test_a_township_plan_prints_with_its_own_columns(client, ledger, township_office, township):
    plan = create_plan(by=township_office, kind=Plan.Kind.TOWNSHIP, year=2026, township=township)
    save_line(by=township_office, plan=plan, problems=[ledger[2]], data={
        "target": "发展村集体经济", "persons": "张书记", "schedule": "9月立项，11月见效", "deadline": date(2026, 12, 31),
        "evaluation": "乡镇每月检查", "accountability": "未完成约谈村支书"})
    client.force_login(township_office)
    rows = values(sheet_of(client.get(reverse("assistance_reports:plan", args=[plan.pk]))))
    assert rows[0][0] == "凤瑞街道2026年专项整改方案"
    assert list(rows[2]) == ["序号", "整改措施", "具体责任人", "时间进度表", "完成时限", "检查评估", "监督问责", "进度",
                             None, None]
    assert [r[:4] + [as_date(r[4])] + r[5:] for r in rows[4:5]] == [
        [1, "发展村集体经济", "张书记", "9月立项，11月见效", date(2026, 12, 31), "乡镇每月检查", "未完成约谈村支书",
         "000003", "0/1", 0]]
