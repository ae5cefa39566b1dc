"""验收: every 回头帮 object of the year with its result; what is unfinished goes into next year's 回头帮
through the ledger's carry-over."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assistance.models import HelpList
from assistance.services import hand_help_lists
from rectification.models import Problem
from rectification.services import carry_over
from tests.factories import make_campaign

from .conftest import set_status

pytestmark = pytest.mark.django_db
LIMIT = date.today() + timedelta(days=60)


@pytest.fixture
def year_end(ledger, qiemo_campaign, county_office, county, village, templates):
    hand_help_lists(by=county_office, campaign=qiemo_campaign, unit=county, deadline=LIMIT)
    set_status(ledger[0], Problem.Status.CLOSED)
    set_status(ledger[4], Problem.Status.CLOSED)
    set_status(ledger[3], Problem.Status.WITHDRAWN)
    return qiemo_campaign


def results_on_page(client, user, year):
    client.force_login(user)
    response = client.get(reverse("assistance:acceptance"), {"year": year})
    assert response.status_code == 200
    return response.content.decode()


def test_every_object_of_the_year_is_listed_with_its_result(client, year_end, ledger, county_office,
                                                            department_user, templates, county):
    page = results_on_page(client, county_office, 2026)
    assert "共 6 个“回头帮”对象：已整改销号 2，未完成已结转 0，未完成待结转 3，已撤销 1。" in page
    next_year = make_campaign(county, [templates["qiemo-household"]], by=county_office, name="2027年回头帮", year=2027)
    carried = carry_over(source=year_end, target=next_year, by=county_office)
    assert sorted(p.carried_from.number for p in carried) == [2, 3, 6]
    page = results_on_page(client, county_office, 2026)
    assert "共 6 个“回头帮”对象：已整改销号 2，未完成已结转 3，未完成待结转 0，已撤销 1。" in page
    assert page.count("未完成，已结转至2027年回头帮") == 3
    # the department sees its own objects only: 1 (closed), 4 (withdrawn), 6 (carried)
    page = results_on_page(client, department_user, 2026)
    assert "共 3 个“回头帮”对象：已整改销号 1，未完成已结转 1，未完成待结转 0，已撤销 1。" in page
    assert results_on_page(client, county_office, 2025).count("本年度没有“回头帮”对象") == 1
    # next year's 回头帮: the carried problems are handed again, to the same responsible units
    hand_help_lists(by=county_office, campaign=next_year, unit=county, deadline=LIMIT)
    assert sorted((hl.unit_id, hl.responsible_label, [p.carried_from.number for p in hl.problems.all()])
                  for hl in HelpList.objects.filter(campaign=next_year)) == [
        ("411322100001", "住建局", [2]), ("411322100001", "所在乡镇（街道）", [3]), ("411322101001", "卫健委", [6])]


def test_the_acceptance_workbook_lists_each_object_and_its_result(client, year_end, ledger, county_office):
    client.force_login(county_office)
    response = client.get(reverse("assistance_reports:acceptance", args=[2026]))
    ws = load_workbook(BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "2026年度“回头帮”对象验收表"
    assert list(rows[2]) == ["序号", "问题编号", "乡镇(街道)", "村/单位", "户主姓名", "问题类别", "问题描述", "责任单位",
                             "“回头帮”措施（补课清单）", "完成时限", "验收结果"]
    assert [(r[0], r[1], r[3], r[7], r[10]) for r in rows[4:10]] == [
        (1, ledger[4].display_number, "凤瑞街道", "住建局", "已整改销号"),
        (2, ledger[0].display_number, "新华街社区", "卫健委", "已整改销号"),
        (3, ledger[1].display_number, "新华街社区", "住建局", "未完成"),
        (4, ledger[2].display_number, "新华街社区", "所在乡镇（街道）", "未完成"),
        (5, ledger[3].display_number, "和平社区", "卫健委", "已撤销"),
        (6, ledger[5].display_number, "释之社区", "卫健委", "未完成"),
    ]
    assert [r[0] for r in rows[11:] if r and r[0]] == ["验收人(签字)：____________    日期：________",
                                                        "审核人(签字)：____________    日期：________"]


def test_the_office_is_offered_the_carry_over_and_others_are_not(client, year_end, county_office, township_office,
                                                                 templates, county):
    make_campaign(county, [templates["qiemo-household"]], by=county_office, name="2027年回头帮", year=2027)
    assert reverse("rectification:carry_over", args=[year_end.pk]) in results_on_page(client, county_office, 2026)
    assert reverse("rectification:carry_over", args=[year_end.pk]) not in results_on_page(client, township_office,
                                                                                          2026)
