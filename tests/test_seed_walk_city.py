"""The city template (全市脱贫攻坚“回头看”工作方案), walked end to end on the pages its people use.

Three links: 贫困人口认定 (应进必进、应出必出, every rural household), 帮扶工作落实 (per village),
扶贫资金使用 (per county, by 财政、审计). 自查自纠 by the counties, then 市级抽查: random whole
villages (随机整村抽查) by 交叉对检 — an inspector from another county — and the city's 资金抽查 of the
counties' funds; an error rate at or above the campaign's threshold puts the unit on the 问责 list.

The seed's three phases, 动员部署 → 自查自纠 → 市级抽查, the last two with separate windows for the
people and helpers links and for the funds. The seed leaves the days and the threshold (**.*%) blank;
the office's choices are below (the plan's preset on the creation page).
"""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accountability.models import AccountabilityCase
from accountability.tasks import apply_rules_nightly
from accounts.roles import Role
from campaigns.models import Campaign, Phase
from checklists.models import Submission
from households.models import Household
from rectification.models import Problem
from spotchecks import comparison
from tests.factories import make_household, make_user

from .test_seed_walk_steps import (
    assign_by_page, create_by_page, draw_by_page, export_by_page, fill_by_page, form_of, header_row,
    inspect_by_page, phases_printed, question_headers, refused_by_page, review_by_page, today_marked, travel_to,
)

PHASES = [  # (kind, link, name, start, end): 二、具体工作安排
    (Phase.Kind.MOBILIZATION, "", "", date(2025, 4, 1), date(2025, 4, 9)),  # 动员部署阶段（4 月…—4 月…）
    (Phase.Kind.SCREENING, "people", "自查自纠", date(2025, 4, 10), date(2025, 5, 10)),  # 自查自纠阶段（4 月…—5 月…）
    (Phase.Kind.SCREENING, "helpers", "自查自纠", date(2025, 4, 10), date(2025, 5, 10)),
    (Phase.Kind.SCREENING, "funds", "自查自纠", date(2025, 4, 10), date(2025, 5, 5)),  # 扶贫资金检查时间
    (Phase.Kind.CITY_SPOT_CHECK, "people", "", date(2025, 5, 11), date(2025, 5, 25)),  # 市级抽查阶段（5 月…—5 月…）
    (Phase.Kind.CITY_SPOT_CHECK, "helpers", "", date(2025, 5, 11), date(2025, 5, 25)),
    (Phase.Kind.CITY_SPOT_CHECK, "funds", "", date(2025, 5, 11), date(2025, 5, 31)),  # 扶贫资金抽查时间
]
WRONGLY_IN = "已纳入但不符合标准，属“应出未出”：“是否未做到应出必出”应选“是”"


def as_post(answers: dict) -> dict:
    return {key: str(value) for key, value in answers.items()}


def test_city_template_self_check_whole_village_cross_check_and_funds(
        client, django_capture_on_commit_callbacks, monkeypatch, templates, county, township, other_township,
        village, other_township_village, outside_village, household, checker, reviewer, other_township_office,
        county_office, city_office, outsider, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)  # the clue file referred to the discipline office
    capture = django_capture_on_commit_callbacks
    city = county.parent
    # two households in every village of 方城县: the sample of a whole village is the whole village
    general = make_household(village, kind=Household.Kind.GENERAL, head_name="张一般")
    monitored = make_household(other_township_village, kind=Household.Kind.MONITORED, head_name="李监测")
    make_household(other_township_village, kind=Household.Kind.GENERAL, head_name="王一般")
    make_household(outside_village, kind=Household.Kind.POVERTY_EXITED, head_name="赵脱贫")
    fillers = {village.code: checker, other_township_village.code: other_township_office,
               outside_village.code: outsider}

    travel_to(monkeypatch, date(2025, 4, 1))
    campaign = create_by_page(client, city_office, capture, "city", name="全市脱贫攻坚“回头看”",
                              document_number="市〔2025〕1号", scope=city.code, year=2025, error_threshold="30")
    assert [(p.kind, p.link, p.name, p.starts_on, p.ends_on) for p in campaign.phases.all()] == PHASES
    assert phases_printed(client, city_office, campaign) == [
        ("动员部署", "全部", "2025-04-01 至 2025-04-09", "进行中"),
        ("自查自纠", "贫困人口认定", "2025-04-10 至 2025-05-10", "未开始"),
        ("自查自纠", "帮扶工作落实", "2025-04-10 至 2025-05-10", "未开始"),
        ("自查自纠", "扶贫资金使用", "2025-04-10 至 2025-05-05", "未开始"),
        ("市级抽查", "贫困人口认定", "2025-05-11 至 2025-05-25", "未开始"),
        ("市级抽查", "帮扶工作落实", "2025-05-11 至 2025-05-25", "未开始"),
        ("市级抽查", "扶贫资金使用", "2025-05-11 至 2025-05-31", "未开始")]
    assert {f.template.code: f.targets_label for f in campaign.forms.select_related("template")} == {
        "city-identification": "脱贫户、监测户、十类群体户、低收入户、一般户", "city-helpers": "全部村",
        "city-funds": "全部县"}
    work = Submission.objects.filter(campaign=campaign)
    # 对辖区内所有农村人口 … 全面核查: every household of every kind, 一般户 too
    assert work.filter(template__code="city-identification").count() == Household.objects.count() == 5
    assert campaign.error_threshold == 30  # the seed's **.*%, set on the creation page

    # 自查自纠: every household checked against the standard; 应出未出 must be said, and is routed
    travel_to(monkeypatch, date(2025, 4, 20))
    monitored_form = form_of(campaign, "city-identification", household=monitored)
    assert refused_by_page(client, other_township_office, monitored_form, meets_standard="no",
                           registered="yes") == {"wrongly_in": WRONGLY_IN}
    fill_by_page(client, other_township_office, monitored_form, meets_standard="no", registered="yes",
                 wrongly_in="yes", wrongly_in__desc="风险已消除，未标注")
    [exit_problem] = monitored_form.problems.select_related("department")
    assert (exit_problem.department.name, exit_problem.unit_id) == ("乡村振兴局", other_township_village.code)
    for form in work.filter(template__code="city-identification").exclude(pk=monitored_form.pk):
        fill_by_page(client, fillers[form.unit_id], form)
    for form in work.filter(template__code="city-helpers"):
        fill_by_page(client, fillers[form.unit_id], form, first_secretary_months="12", team_member_months="10")
    review_by_page(client, reviewer, form_of(campaign, "city-identification", household=household))
    fill_by_page(client, county_office, form_of(campaign, "city-funds", unit=county), projects_total="5",
                 projects_started_on_time="5", projects_finished_on_time="4", projects_late_finish="yes",
                 projects_late_finish__desc="1 个项目未按时完工")
    fill_by_page(client, outsider, form_of(campaign, "city-funds", unit=outside_village.code[:6]),
                 projects_total="3", projects_started_on_time="3", projects_finished_on_time="3")

    # 市级抽查: random whole villages, one per county, by 交叉对检 — each county checked by another county
    travel_to(monkeypatch, date(2025, 5, 15))
    assert today_marked(client, city_office, campaign) == "今天 2025-05-15 | line"
    cross = draw_by_page(client, city_office, campaign, unit_code=city.code, kind="cross", subject="village",
                         strata="county", size=1, seed=11)
    sampled = dict(cross.items.values_list("stratum", "unit_id"))
    assert sampled.keys() == {"411322", "411321"} and sampled["411321"] == outside_village.code
    ours = sampled["411322"]
    assert set(cross.inspections.filter(unit_id=ours).values_list("template__code", "household")) == {
        ("city-helpers", None), *(("city-identification", h) for h in
                                  Household.objects.filter(village_id=ours).values_list("pk", flat=True))}
    assert "交叉对检的检查人员须来自本市其他县" in assign_by_page(client, city_office, cross, "411322", city_office)
    assert "检查人员不能来自被检查的单位" in assign_by_page(client, city_office, cross, "411322", county_office)
    assert "已安排" in assign_by_page(client, city_office, cross, "411322", outsider)
    assert "已安排" in assign_by_page(client, city_office, cross, "411321", county_office)
    # the inspectors agree with each self-check, except one 一般户 of 方城县's village: 应进未进
    wrongly_out = general if ours == village.code else Household.objects.get(head_name="王一般")
    for item in cross.inspections.select_related("template"):
        own = Submission.objects.get(campaign=campaign, template=item.template, unit=item.unit,
                                     household=item.household)
        found = as_post(own.answers)
        if item.household_id == wrongly_out.pk:
            found.update(meets_standard="yes", registered="no", wrongly_out="yes", wrongly_out__desc="符合标准未纳入")
        inspect_by_page(client, outsider if item.unit_id.startswith("411322") else county_office, item, **found)
    report = comparison.compare(cross)
    fangcheng = report.by_county["411322"]
    assert (fangcheng.compared, fangcheng.errors, fangcheng.identification_compared,
            fangcheng.identification_errors, fangcheng.exit_errors) == (3, 1, 2, 1, 0)
    assert (report.by_county["411321"].errors, report.by_county["411321"].identification_rate) == (0, 0.0)
    assert report.accountable == [("411322", "抽查误差率", 33.3), ("411322", "识别误差率", 50.0),
                                  (ours[:9], "抽查误差率", 33.3), (ours[:9], "识别误差率", 50.0)]
    [missed] = Problem.objects.filter(inspection__spot_check=cross)
    assert (missed.household, missed.source, missed.found_by, missed.department.name) == (
        wrongly_out, Problem.Source.CITY_SPOT_CHECK, outsider, "乡村振兴局")

    # 扶贫资金抽查 by the city's 财政、审计: the counties' funds at random
    funds = draw_by_page(client, city_office, campaign, unit_code=city.code, kind="city", subject="funds",
                         strata="none", size=2, seed=4)
    assert funds.title == "市级资金抽查"
    for county_code in ("411322", "411321"):
        assign_by_page(client, city_office, funds, county_code, city_office)
    inspect_by_page(client, city_office, funds.inspections.get(unit_id="411322"), projects_total="5",
                    projects_started_on_time="5", projects_finished_on_time="4", projects_late_finish="yes",
                    projects_late_finish__desc="1 个项目未按时完工")
    inspect_by_page(client, city_office, funds.inspections.get(unit_id="411321"), projects_total="3",
                    projects_started_on_time="3", projects_finished_on_time="3", funds_misappropriated="yes",
                    funds_misappropriated__desc="挤占挪用 8 万元")
    assert comparison.compare(funds).accountable == [("411321", "抽查误差率", 100.0)]
    [misused] = Problem.objects.filter(inspection__spot_check=funds)
    assert (misused.unit_id, misused.department.name, misused.co_labels) == ("411321", "财政局", ["审计局"])
    client.force_login(city_office)
    body = client.get(reverse("spotchecks:report", args=[cross.pk])).content.decode()
    assert "问责名单（达到阈值 30.00%）" in body
    assert "<td>方城县（411322）</td>\n<td>抽查误差率 33.3%，识别误差率 50.0%</td>" in body

    # 问责: the threshold opens a draft per unit of each list by itself (here the nightly run; in production
    # also each inspection handed in); the city handles its counties, the county its townships
    assert apply_rules_nightly() == 1
    cases = AccountabilityCase.objects.order_by("spot_check_id", "unit_id")
    assert [(c.spot_check_id, c.unit_id, c.handling_unit_id, c.person, c.status) for c in cases] == [
        (cross.pk, "411322", city.code, "党政主要领导", "draft"), (cross.pk, ours[:9], "411322", "", "draft"),
        (funds.pk, "411321", city.code, "党政主要领导", "draft")]
    fangcheng_case = cases.get(unit_id="411322")
    body = client.get(reverse("spotchecks:report", args=[cross.pk])).content.decode()
    assert f'<a href="{fangcheng_case.get_absolute_url()}">{fangcheng_case.display_number}</a>' in body
    # the city confirms, talks with the county's leaders, and refers the clues to the discipline office
    today = timezone.localdate().isoformat()
    act = reverse("accountability:act", args=[fangcheng_case.pk, "confirm"])
    assert client.post(act, {"note": "识别误差率 50%，情况属实"}).status_code == 302
    act = reverse("accountability:act", args=[fangcheng_case.pk, "step"])
    assert client.post(act, {"kind": "interview", "happened_on": today, "note": "约谈县委书记、县长"}).status_code == 302
    transfer = reverse("accountability:transfer", args=[fangcheng_case.pk])
    assert client.post(transfer, {"happened_on": today, "note": "应进未进，涉嫌优亲厚友", "confirm": "on",
                                  "files": [SimpleUploadedFile("线索.pdf", b"%PDF-1.4 clue")]}).status_code == 302
    fangcheng_case.refresh_from_db()
    assert fangcheng_case.status == "transferred"
    assert [s.get_kind_display() for s in fangcheng_case.steps.all()] == ["确认问责", "约谈", "移送纪检监察机关"]
    client.force_login(make_user("city_discipline", Role.DISCIPLINE, city))
    page = client.get(fangcheng_case.get_absolute_url()).content.decode()
    assert "已移送纪检监察机关" in page and "线索.pdf" in page
    client.force_login(make_user("county_discipline", Role.DISCIPLINE, county))  # the city's case, not the county's
    assert client.get(fangcheng_case.get_absolute_url()).status_code == 404

    # the identification table for the whole city, headed with its whole questions
    ws = export_by_page(client, city_office, capture, campaign, city, "appendix", templates["city-identification"])
    exported = header_row(ws)
    assert exported[6:-5] == question_headers(templates["city-identification"])
    assert "是否未做到应进必进（符合贫困人口标准，但未纳入贫困人口范围）" in exported
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if isinstance(r[0], int)]
    assert len(rows) == 5 and {r[5] for r in rows} == {"脱贫户", "一般户", "监测户"}


def test_the_city_office_sets_the_accountability_threshold_when_creating_the_campaign(client, city_office,
                                                                                       templates):
    client.force_login(city_office)
    body = client.get(reverse("campaigns:create"), {"plan": "city"}).content.decode()
    assert '<label for="id_error_threshold">问责误差率阈值（%）</label>' in body
    response = client.post(reverse("campaigns:create"), {"error_threshold": "120"})
    assert response.context["form"].main.errors["error_threshold"] == ["阈值不能大于 100"]
