"""且末 五(二)–(五) through the pages: the county office hands the 回头帮 lists, 卫健 sees its lists and
writes its yearly plan, the county returns it once and approves it, the problems are fixed, and at year
end the acceptance lists every object; what is unfinished goes into next year's 回头帮."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from assistance.models import HelpList, Plan
from rectification.models import Problem
from tests.factories import make_campaign

from .conftest import set_status

pytestmark = pytest.mark.django_db
LIMIT = date.today() + timedelta(days=60)


def test_qiemo_help_back_from_list_to_plan_to_acceptance(client, ledger, qiemo_campaign, county, county_office,
                                                         department_user, health, templates):
    client.force_login(county_office)
    response = client.post(reverse("assistance:hand"), {"campaign": qiemo_campaign.pk, "unit": county.code,
                                                        "deadline": LIMIT.isoformat(), "note": "归口负责，缺啥补啥"})
    assert response.status_code == 302

    client.force_login(department_user)
    page = client.get(reverse("assistance:lists")).content.decode()
    mine = list(HelpList.objects.filter(department=health).order_by("unit_id"))
    assert [hl.unit_id for hl in mine] == ["411322100001", "411322100002", "411322101001"]
    assert all(reverse("assistance:list_detail", args=[hl.pk]) in page for hl in mine)
    workbook = client.get(reverse("assistance_reports:help_list", args=[mine[0].pk, "household"]))
    rows = list(load_workbook(BytesIO(b"".join(workbook.streaming_content))).worksheets[0].iter_rows(values_only=True))
    assert [r[5] for r in rows[4:] if isinstance(r[0], int)] == ["慢病签约未落实"]

    response = client.post(reverse("assistance:plan_create"), {"writer": f"d:{health.pk}", "year": 2026})
    plan = Plan.objects.get(department=health)
    assert response.url == plan.get_absolute_url()
    line_url = reverse("assistance:line_save", args=[plan.pk])
    assert client.post(line_url, {"target": "卫生室配齐村医、慢病签约", "standard": "每村一名村医", "persons": "王医生",
                                  "deadline": LIMIT.isoformat(),
                                  "problems": [ledger[0].pk, ledger[3].pk, ledger[5].pk]}).status_code == 302
    client.post(reverse("assistance:plan_act", args=[plan.pk, "submit"]))

    client.force_login(county_office)
    client.post(reverse("assistance:plan_act", args=[plan.pk, "return"]), {"reason": "请写明每村的完成时间"})
    client.force_login(department_user)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "请写明每村的完成时间" in page and "已退回" in page
    line = plan.lines.get()
    edit = client.get(plan.get_absolute_url(), {"edit": line.pk}).content.decode()
    assert 'name="line" value="%d"' % line.pk in edit and "每村一名村医" in edit
    client.post(line_url, {"line": line.pk, "target": "卫生室配齐村医、慢病签约", "standard": "每村一名村医，10月底前到岗",
                           "persons": "王医生", "deadline": LIMIT.isoformat(),
                           "problems": [ledger[0].pk, ledger[3].pk, ledger[5].pk]})
    client.post(reverse("assistance:plan_act", args=[plan.pk, "submit"]))
    client.force_login(county_office)
    client.post(reverse("assistance:plan_act", args=[plan.pk, "approve"]))
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED

    set_status(ledger[0], Problem.Status.CLOSED)
    set_status(ledger[3], Problem.Status.CLOSED)
    assert "2/3（67%）" in client.get(plan.get_absolute_url()).content.decode()

    next_year = make_campaign(county, [templates["qiemo-household"]], by=county_office,
                              name="且末县2027年回头看回头帮", year=2027)
    page = client.get(reverse("assistance:acceptance"), {"year": 2026}).content.decode()
    assert "共 6 个“回头帮”对象：已整改销号 2，未完成已结转 0，未完成待结转 4，已撤销 0。" in page
    client.post(reverse("rectification:carry_over", args=[qiemo_campaign.pk]), {"target": next_year.pk})
    page = client.get(reverse("assistance:acceptance"), {"year": 2026}).content.decode()
    assert "共 6 个“回头帮”对象：已整改销号 2，未完成已结转 4，未完成待结转 0，已撤销 0。" in page
    assert Problem.objects.filter(campaign=next_year, source=Problem.Source.CARRY_OVER).count() == 4


def queries_of(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def test_the_list_pages_do_not_query_per_row(client, ledger, qiemo_campaign, county, county_office, department_user,
                                             health, village, household):
    from assistance.services import create_plan, hand_help_lists, save_line
    from rectification.services import record_problem

    client.force_login(county_office)
    hand_help_lists(by=county_office, campaign=qiemo_campaign, unit=county, deadline=LIMIT)
    plan = create_plan(by=department_user, kind=Plan.Kind.DEPARTMENT, year=2026, department=health)
    line = {"target": "x", "deadline": LIMIT, "persons": "王"}
    save_line(by=department_user, plan=plan, data=line, problems=[ledger[0]])
    urls = [(reverse("assistance:lists"), None), (reverse("assistance:plans"), None),
            (reverse("assistance:acceptance"), {"year": 2026}), (plan.get_absolute_url(), None)]
    help_list = HelpList.objects.get(unit=village, department=health)
    urls.append((help_list.get_absolute_url(), None))
    before = [queries_of(client, url, params) for url, params in urls]
    for n in range(5):
        record_problem(by=county_office, campaign=qiemo_campaign, unit=village, source="county_recheck",
                       category="有卫生室", description=f"新问题{n}", department=health, household=household)
    hand_help_lists(by=county_office, campaign=qiemo_campaign, unit=county, deadline=LIMIT)
    for n in range(4):
        save_line(by=department_user, plan=plan, data=line, problems=[ledger[3]])
    assert [queries_of(client, url, params) for url, params in urls] == before
