"""福州市 2018 (榕扶办〔2018〕80号), walked end to end on the pages its people use.

三、工作安排: 乡镇自查自纠 with a 问题台帐 reported by 2019-01-10, 县级复核 (a random re-check of the
townships by the county's 复核工作组), 市级抽查 (the city's random spot check of counties and
townships). 二(二): 贫困人口参保率 must reach 100 %. 四(四): what the city finds is held to account.
The seed dates only the self-check; the re-check and spot-check windows below are the office's choice.
"""

from datetime import date

import pytest
from django.urls import reverse

from accounts.roles import Role
from campaigns.models import Campaign, Phase
from checklists.models import Submission
from rectification.models import Problem
from spotchecks import comparison
from spotchecks.models import Inspection
from tests.factories import make_unit, make_user

from .test_seed_walk_steps import (
    assign_by_page, create_by_page, draw_by_page, export_by_page, fill_by_page, form_of, header_row,
    inspect_by_page, phases_printed, question_headers, refused_by_page, review_by_page, today_marked, travel_to,
)

PHASES = [  # (kind, link, name, start, end)
    (Phase.Kind.SCREENING, "", "入户走访、乡镇自查", date(2018, 11, 22), date(2019, 1, 10)),  # 三(二) 问题台帐 by 1/10
    (Phase.Kind.COUNTY_REVIEW, "", "", date(2019, 1, 11), date(2019, 1, 31)),  # 三(三)
    (Phase.Kind.CITY_SPOT_CHECK, "", "", date(2019, 2, 1), date(2019, 2, 28)),  # 三(四)
]
RATE_TOO_LOW = "参保率未达到100%，“贫困人口参保率是否未达到100%”应选“是”"


def test_fuzhou_2018_self_check_county_recheck_city_spot_check(client, django_capture_on_commit_callbacks,
                                                               monkeypatch, templates):
    capture = django_capture_on_commit_callbacks
    city = make_unit("3501", "福州市")
    minhou, lianjiang = make_unit("350121", "闽侯县"), make_unit("350122", "连江县")
    towns = {code: make_unit(code, name) for code, name in [("350121100", "甘蔗街道"), ("350121101", "白沙镇"),
                                                            ("350122100", "凤城镇")]}
    city_office = make_user("fz_city", Role.CITY_OFFICE, city)
    minhou_office = make_user("fz_minhou", Role.COUNTY_OFFICE, minhou)
    lianjiang_office = make_user("fz_lianjiang", Role.COUNTY_OFFICE, lianjiang)
    town_offices = {code: make_user(f"fz_{code}", Role.TOWNSHIP_OFFICE, unit) for code, unit in towns.items()}

    # the city office issues the plan for the whole city
    travel_to(monkeypatch, date(2018, 11, 22))
    campaign = create_by_page(client, city_office, capture, "fuzhou", name="福州市稳定脱贫“回头看”",
                              document_number="榕扶办〔2018〕80号", scope=city.code, year=2018)
    assert [(p.kind, p.link, p.name, p.starts_on, p.ends_on) for p in campaign.phases.all()] == PHASES
    assert phases_printed(client, city_office, campaign) == [
        ("入户走访、乡镇自查", "全部", "2018-11-22 至 2019-01-10", "进行中"),
        ("县级复核", "全部", "2019-01-11 至 2019-01-31", "未开始"),
        ("市级抽查", "全部", "2019-02-01 至 2019-02-28", "未开始")]
    work = Submission.objects.filter(campaign=campaign)
    assert sorted(work.values_list("template__code", "unit_id")) == [
        ("fuzhou-county", "350121"), ("fuzhou-county", "350122"), *[("fuzhou-township", code) for code in towns]]
    township_form = templates["fuzhou-township"]
    assert [s.title for s in township_form.sections.order_by("position")] == [
        "领导重视和责任落实的到位度", "脱贫攻坚重点工作的推进度", "贫困户基础信息数据的准确度", "扶贫措施的实在度",
        "帮扶效果的认可度", "资金使用的效益度"]  # the six areas of section 二

    # 三(二) 乡镇自查自纠: 参保率 below 100 % must be reported as a problem; it goes to the county's 医保局
    travel_to(monkeypatch, date(2019, 1, 5))
    ganzhe = form_of(campaign, "fuzhou-township", unit="350121100")
    assert refused_by_page(client, town_offices["350121100"], ganzhe, medical_insurance_rate="96") == {
        "insurance_rate_low": RATE_TOO_LOW}
    fill_by_page(client, town_offices["350121100"], ganzhe, medical_insurance_rate="96", insurance_rate_low="yes",
                 insurance_rate_low__desc="3 户未参保")
    [insurance] = ganzhe.problems.select_related("department")
    assert (insurance.department.name, insurance.department.county_id, insurance.unit_id) == (
        "医保局", "350121", "350121100")
    fill_by_page(client, town_offices["350121101"], form_of(campaign, "fuzhou-township", unit="350121101"),
                 medical_insurance_rate="100")
    fill_by_page(client, town_offices["350122100"], form_of(campaign, "fuzhou-township", unit="350122100"),
                 medical_insurance_rate="100")
    for code in ("350121100", "350121101"):  # the county's 复核工作组 signs its townships' forms
        review_by_page(client, minhou_office, form_of(campaign, "fuzhou-township", unit=code))
    review_by_page(client, lianjiang_office, form_of(campaign, "fuzhou-township", unit="350122100"))
    for office, county in ((minhou_office, minhou), (lianjiang_office, lianjiang)):
        fill_by_page(client, office, form_of(campaign, "fuzhou-county", unit=county), medical_insurance_rate="100")
    # 2019-01-10 is the last day of the self-check: the ledger is in, the townships' forms signed by the county
    # (the county's own form is signed by 市扶贫办: see test_the_city_office_signs_the_county_form)
    assert campaign.phases.get(kind="screening").is_open_on(date(2019, 1, 10))
    assert set(work.values_list("template__code", "status")) == {
        ("fuzhou-county", Submission.Status.SUBMITTED), ("fuzhou-township", Submission.Status.APPROVED)}
    Campaign.objects.filter(pk=campaign.pk).update(error_threshold=50)  # 问责 at 50 %: set by the admin

    # 三(三) 县级复核: 闽侯县 re-checks its townships at random; its 复核工作组 finds what 白沙镇 did not report
    travel_to(monkeypatch, date(2019, 1, 15))
    assert today_marked(client, minhou_office, campaign) == "今天 2019-01-15 | line"
    assert [row[-1] for row in phases_printed(client, minhou_office, campaign)] == ["已结束", "进行中", "未开始"]
    recheck = draw_by_page(client, minhou_office, campaign, unit_code="350121", kind="county", subject="township",
                           strata="none", size=5, seed=18)
    assert sorted(recheck.inspections.values_list("unit_id", "template__code")) == [
        ("350121100", "fuzhou-township"), ("350121101", "fuzhou-township")]
    assert "检查人员不能来自被检查的单位" in assign_by_page(client, minhou_office, recheck, "350121",
                                                           town_offices["350121101"])
    assert "已安排" in assign_by_page(client, minhou_office, recheck, "350121", minhou_office)
    inspect_by_page(client, minhou_office, recheck.inspections.get(unit_id="350121100"), medical_insurance_rate="96",
                    insurance_rate_low="yes", insurance_rate_low__desc="3 户未参保")
    inspect_by_page(client, minhou_office, recheck.inspections.get(unit_id="350121101"), medical_insurance_rate="100",
                    handbooks_unclear="yes", handbooks_unclear__desc="《扶贫手册》多处空白")
    report = comparison.compare(recheck)
    assert {code: (r.compared, r.errors) for code, r in report.by_township.items()} == {
        "350121100": (1, 0), "350121101": (1, 1)}
    assert report.accountable == [("350121", "抽查误差率", 50.0), ("350121101", "抽查误差率", 100.0)]
    [missed] = Problem.objects.filter(inspection__spot_check=recheck)
    assert (missed.unit_id, missed.source, missed.department.name) == (
        "350121101", Problem.Source.COUNTY_RECHECK, "扶贫办")

    # 三(四) 市级抽查: the city draws counties and townships at random; its inspectors are not the checked
    travel_to(monkeypatch, date(2019, 2, 12))
    counties = draw_by_page(client, city_office, campaign, unit_code="3501", kind="city", subject="county",
                            strata="none", size=2, seed=3)
    assert sorted(counties.inspections.values_list("unit_id", "template__code")) == [
        ("350121", "fuzhou-county"), ("350122", "fuzhou-county")]
    for county_code in ("350121", "350122"):
        assert "已安排" in assign_by_page(client, city_office, counties, county_code, city_office)
    inspect_by_page(client, city_office, counties.inspections.get(unit_id="350121"), medical_insurance_rate="100")
    inspect_by_page(client, city_office, counties.inspections.get(unit_id="350122"), medical_insurance_rate="100",
                    funds_retained="yes", funds_retained__desc="资金滞留 12 万元")
    townships = draw_by_page(client, city_office, campaign, unit_code="3501", kind="city", subject="township",
                             strata="county", size=1, seed=5)
    assert sorted(townships.items.values_list("stratum", flat=True)) == ["350121", "350122"]  # one per county
    for county_code in ("350121", "350122"):
        assign_by_page(client, city_office, townships, county_code, city_office)
    for item in townships.inspections.all():
        rate = "96" if item.unit_id == "350121100" else "100"
        inspect_by_page(client, city_office, item, medical_insurance_rate=rate,
                        insurance_rate_low="yes" if rate == "96" else "no", insurance_rate_low__desc="3 户未参保")
    county_report, township_report = comparison.compare(counties), comparison.compare(townships)
    assert county_report.accountable == [("350122", "抽查误差率", 100.0)]
    assert township_report.accountable == []  # the townships reported what the city saw
    client.force_login(city_office)
    body = client.get(reverse("spotchecks:report", args=[counties.pk])).content.decode()
    assert "问责名单（达到阈值 50.00%）" in body and "<td>连江县（350122）</td>\n<td>抽查误差率 100.0%</td>" in body
    [found] = Problem.objects.filter(inspection__spot_check=counties)
    assert (found.unit_id, found.source, found.department.name) == ("350122", Problem.Source.CITY_SPOT_CHECK, "财政局")

    # the township self-check as one table for the city, headed with the six areas' whole questions
    ws = export_by_page(client, city_office, capture, campaign, city, "appendix", township_form)
    exported = header_row(ws)
    assert exported[2:-5] == question_headers(township_form)
    assert "贫困人口参保率（%）" in exported and "贫困人口参保率是否未达到100%" in exported
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if isinstance(r[0], int)]
    assert [(r[1], r[exported.index("贫困人口参保率（%）")]) for r in rows] == [
        ("甘蔗街道", 96), ("白沙镇", 100), ("凤城镇", 100)]
    assert not Inspection.objects.filter(spot_check__campaign=campaign, status="pending").exists()


def test_the_city_office_signs_the_county_form(client, django_capture_on_commit_callbacks, templates):
    city, county = make_unit("3501", "福州市"), make_unit("350121", "闽侯县")
    city_office = make_user("fz_city", Role.CITY_OFFICE, city)
    county_office = make_user("fz_minhou", Role.COUNTY_OFFICE, county)
    campaign = create_by_page(client, city_office, django_capture_on_commit_callbacks, "fuzhou",
                              name="福州市稳定脱贫“回头看”", document_number="榕扶办〔2018〕80号", scope=city.code,
                              year=2018)
    county_form = fill_by_page(client, county_office, form_of(campaign, "fuzhou-county", unit=county),
                               medical_insurance_rate="100")
    assert templates["fuzhou-county"].signatures[1]["label"] == "市扶贫办(签字)"
    review_by_page(client, city_office, county_form)
