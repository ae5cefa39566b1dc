"""Every demo account (README) logs in to work of its own: the demo has something to do in every role."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from huitoukan.homes import sections_for
from spotchecks.models import Inspection, InspectorAssignment, SpotCheck
from tests.factories import make_unit


@pytest.fixture
def demo(db, templates):
    for code in ["411322100001", "411322100002", "411322101001"]:
        make_unit(code)
    out = io.StringIO()
    call_command("seed_demo", "--county", "411322", "--households-per-village", "40", "--fill-share", "0.6", stdout=out)
    users = {u.username: u for u in get_user_model().objects.all()}
    users["output"] = out.getvalue().splitlines()
    return users


def counts(user):
    return {s.title: s.count for s in sections_for(user)}


def test_the_demo_spot_check_is_drawn_published_assigned_and_partly_inspected(demo):
    spot_check = SpotCheck.objects.get()
    assert (spot_check.kind, spot_check.status, spot_check.drawn_by) == ("county", "published", demo["county"])
    assert list(InspectorAssignment.objects.values_list("inspector__username", "county_code")) == [("inspector", "411322")]
    inspections = Inspection.objects.filter(spot_check=spot_check)
    assert inspections.count() == 6  # 3 households in each of the two townships
    assert inspections.filter(status="submitted").count() == 2
    assert demo["output"][-1] == f"演示抽查：{spot_check}（6 张检查表，inspector 已完成 2 张）"

    call_command("seed_demo", "--county", "411322", "--households-per-village", "12")
    assert SpotCheck.objects.count() == 1


def test_every_demo_account_sees_demo_work_on_its_home(demo):
    check = SpotCheck.objects.get()
    progress = {"抽查与检查进度": 1}
    assert counts(demo["inspector"])["我的抽查任务"] == 4
    for office in ("county", "city"):
        home = counts(demo[office])
        assert {k: home[k] for k in progress} == progress, office
        assert home["数据看板"] == 1, (office, home)
    rows = [r for s in sections_for(demo["county"]) if s.title == "抽查与检查进度" for r in s.rows]
    assert [(r.text, r.note) for r in rows] == [(str(check), "检查人员已完成 2 / 6")]
    checker = counts(demo["checker"])
    assert checker["被退回的排查表"] >= 1 and checker["草稿（尚未提交）"] >= 1 and checker["待填报（重点户在前）"] > 0
    assert counts(demo["reviewer"])["待我审核签字（先交先审）"] >= 2
    for township in ("township", "township2"):
        assert next(s for s in sections_for(demo[township]) if s.title.startswith("辖区排查进度")).count > 0
    assert counts(demo["dept_health"])["本单位待整改的问题（逾期在前）"] > 0
