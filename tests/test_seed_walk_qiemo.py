"""且末县 2018 (且扶贫领字发〔2018〕31号), walked end to end on the pages its people use.

五(一): the 2014–2017 脱贫人口 and the villages that exited 2014–2017 are checked, 附件1–3 reported
by 7 月 13 日; 五(二): the 回头帮 lists, 附件4–6, filled by the village, aggregated by the township,
reported by 10 月 15 日; 六: every gap goes to the department that owns its standard; 七/五(三):
what is not solved is carried into next year's plan.
"""

from datetime import date

from django.urls import reverse

from accounts.roles import Role
from campaigns.models import Phase
from campaigns.services import create_campaign
from checklists.models import Submission
from households.models import Household
from rectification.models import Problem
from tests.factories import make_household, make_unit, make_user

from checklists.tests.seedtext import QIEMO

from .test_seed_walk_steps import (
    create_by_page, export_by_page, fill_by_page, form_of, header_row, phases_printed, question_headers,
    refused_by_page, review_by_page, seed_lines, travel_to, window_warnings,
)

PHASES = [  # (kind, link, name, start, end)
    (Phase.Kind.SCREENING, "", "回头看摸底（附件1–3）", date(2018, 6, 19), date(2018, 7, 13)),  # 汇总上报 by 7 月 13 日
    (Phase.Kind.RECTIFICATION, "", "回头帮（附件4–6）", date(2018, 7, 14), date(2018, 10, 15)),  # by 10 月 15 日
]


def routed_to(problem) -> tuple[str, list[str]]:
    return problem.department.name if problem.department else "", sorted(problem.co_labels)


def test_qiemo_2018_look_back_then_help_back(client, django_capture_on_commit_callbacks, monkeypatch, templates):
    capture = django_capture_on_commit_callbacks
    county = make_unit("652825", "且末县")
    town = make_unit("652825100", "且末镇")
    other_town = make_unit("652825101", "奥依亚伊拉克镇")
    exited_2016 = make_unit("652825100201", "团结村", village_type="poverty_exited", exit_year=2016)
    exited_2019 = make_unit("652825100202", "幸福村", village_type="poverty_exited", exit_year=2019)
    general = make_unit("652825100203", "光明村", village_type="general")
    exited_2015 = make_unit("652825101201", "红旗村", village_type="poverty_exited", exit_year=2015)
    lifted = make_household(exited_2016, kind=Household.Kind.POVERTY_EXITED, head_name="阿不都")
    make_household(exited_2016, kind=Household.Kind.MONITORED)
    make_household(general, kind=Household.Kind.GENERAL)
    office = make_user("qm_county", Role.COUNTY_OFFICE, county)
    township_office = make_user("qm_town", Role.TOWNSHIP_OFFICE, town)
    checker = make_user("qm_checker", Role.CHECKER, exited_2016)
    reviewer = make_user("qm_reviewer", Role.REVIEWER, exited_2016)

    travel_to(monkeypatch, date(2018, 6, 19))
    campaign = create_by_page(client, office, capture, "qiemo", name="且末县脱贫攻坚“回头看”“回头帮”",
                              document_number="且扶贫领字发〔2018〕31号", scope=county.code, year=2018)
    assert [(p.kind, p.link, p.name, p.starts_on, p.ends_on) for p in campaign.phases.all()] == PHASES
    assert phases_printed(client, office, campaign) == [
        ("回头看摸底（附件1–3）", "全部", "2018-06-19 至 2018-07-13", "进行中"),
        ("回头帮（附件4–6）", "全部", "2018-07-14 至 2018-10-15", "未开始")]
    assert {f.template.source.split()[-1]: f.targets_label for f in campaign.forms.select_related("template")} == {
        "附件1": "脱贫户", "附件2": "脱贫村（2014–2017 年退出）", "附件3": "全部乡镇",
        "附件4": "脱贫户", "附件5": "脱贫村（2014–2017 年退出）", "附件6": "全部乡镇"}
    work = Submission.objects.filter(campaign=campaign)
    # 附件2 and 附件5 reach only the villages that exited 2014–2017; 附件1 and 附件4 only the 脱贫户
    for code in ("qiemo-village", "qiemo-village-help"):
        assert sorted(work.filter(template__code=code).values_list("unit_id", flat=True)) == [
            exited_2016.code, exited_2015.code]
    for code in ("qiemo-household", "qiemo-household-help"):
        assert list(work.filter(template__code=code).values_list("household", flat=True)) == [lifted.pk]
    assert sorted(work.filter(template__code="qiemo-township").values_list("unit_id", flat=True)) == [
        town.code, other_town.code]
    assert exited_2019.code and general.code  # in the county, on no list

    # 五(一) 核查: the village fills 附件1, its 两委 signs; each gap goes to the unit section 六 names
    travel_to(monkeypatch, date(2018, 7, 2))
    household_form = form_of(campaign, "qiemo-household", household=lifted)
    fill_by_page(client, checker, household_form, no_safe_water="yes", no_safe_water__desc="饮水未入户",
                 no_stable_income="yes", no_stable_income__desc="无稳定务工收入")
    review_by_page(client, reviewer, household_form)
    problems = {p.question_key: p for p in household_form.problems.select_related("department")}
    assert routed_to(problems["no_safe_water"]) == ("水利局", [])
    assert "（十）县水利局负责“有安全饮用水”工作。" in seed_lines(QIEMO)
    assert routed_to(problems["no_stable_income"]) == ("农业局", ["人社局", "农经局"])
    assert "（一）县农业局、人社局负责贫困人口产业增收工作。" in seed_lines(QIEMO)

    # 附件2: a village whose collective income is under 50,000 yuan must be flagged, then it goes to 基层办
    village_form = form_of(campaign, "qiemo-village", unit=exited_2016)
    errors = refused_by_page(client, checker, village_form, collective_income="30000")
    assert errors == {"no_collective_income": "村集体经济年收入低于5万元，“是否未达到5万元以上”应选“是”"}
    fill_by_page(client, checker, village_form, collective_income="30000", no_collective_income="yes",
                 no_collective_income__desc="集体经济年收入3万元")
    review_by_page(client, reviewer, village_form)
    [income] = village_form.problems.select_related("department")
    assert routed_to(income) == ("基层办", [])
    fill_by_page(client, township_office, form_of(campaign, "qiemo-township", unit=town))

    # 附件2 exported by the county: the exited villages only, headed with the form's whole questions
    ws = export_by_page(client, office, capture, campaign, county, "appendix", village_form.template)
    exported = header_row(ws)
    assert exported[:4] == ["序号", "乡镇(街道)", "村", "村类型"]
    assert exported[4:-5] == question_headers(village_form.template)
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if isinstance(r[0], int)]
    assert [(r[2], r[3]) for r in rows] == [("团结村", "脱贫村")]
    assert rows[0][exported.index("村集体经济年收入（元）")] == 30000

    # 五(二) 回头帮: the measure per gap, its owner, deadline and result (附件4), then the county exports it
    travel_to(monkeypatch, date(2018, 9, 1))
    help_form = form_of(campaign, "qiemo-household-help", household=lifted)
    assert window_warnings(client, checker, help_form) == []  # 附件4–6 are filled in the 回头帮 window
    late = form_of(campaign, "qiemo-township", unit=other_town)  # 附件3 not handed in by 7 月 13 日
    assert window_warnings(client, office, late) == [
        "今天（2018-09-01）不在“回头看摸底（附件1–3）”（2018-06-19 至 2018-07-13）时段内，该时段已经结束。"
        "仍可填报，请注意方案规定的时限。"]
    assert [s.title for s in help_form.template.sections.order_by("position")][:1] == [
        "五有（责任部门：农业局、国家电网且末分公司、文广局、民政局、水利局）"]  # the lead units of 附件1 item 五有
    refused = refused_by_page(client, checker, help_form, s1_measure="自来水入户", s1_deadline="")
    assert refused == {"s1_deadline": "填写了措施时请填写完成时限"}
    fill_by_page(client, checker, help_form, s1_measure="自来水入户", s1_deadline="2018-10-15",
                 s1_progress="已完成", s1_result="饮水安全")
    ws = export_by_page(client, office, capture, campaign, county, "appendix", help_form.template)
    assert header_row(ws)[6:-5] == question_headers(help_form.template)

    # 五(三)/七: the gaps left open go into next year's plan
    travel_to(monkeypatch, date(2018, 12, 20))
    next_year = create_campaign(by=office, name="且末县2019年“回头看”“回头帮”", document_number="且扶贫领字发〔2019〕1号",
                                issuing_unit=county, scope_unit=county, year=2019,
                                phases=[(Phase.Kind.SCREENING, date(2019, 6, 1), date(2019, 7, 13))],
                                templates=[templates["qiemo-household"]], target_kinds=["poverty_exited"])
    client.force_login(office)
    assert client.post(reverse("rectification:carry_over", args=[campaign.pk]),
                       {"target": next_year.pk}).status_code == 302
    carried = Problem.objects.filter(campaign=next_year, source=Problem.Source.CARRY_OVER)
    assert sorted(carried.values_list("question_key", "department__name")) == [
        ("no_collective_income", "基层办"), ("no_safe_water", "水利局"), ("no_stable_income", "农业局")]
