"""Every level can be spot-checked: 县级复核 of townships, 市级抽查 of counties, 市级资金抽查, 交叉对检.

The city 4113 has two counties: 411322 (townships 411322100 and 411322101) and 411321 (township
411321100). Each test draws, checks the forms the draw brings, has an inspector fill them with
planted disagreements, and counts the error rates and the 问责 list by hand.
"""

import random
from datetime import date, timedelta

import pytest
from django.urls import reverse

from campaigns.models import Phase
from checklists import engine
from checklists.models import Submission
from rectification.models import Problem
from spotchecks import comparison, services
from spotchecks.models import Inspection, SpotCheck
from spotchecks.sampling import draw
from tests.factories import make_campaign

TODAY = date.today()
OPEN = [(Phase.Kind.COUNTY_REVIEW, TODAY - timedelta(days=1), TODAY + timedelta(days=5)),
        (Phase.Kind.CITY_SPOT_CHECK, TODAY - timedelta(days=1), TODAY + timedelta(days=5))]
DEFAULTS = {"flag": "no", "yes_no": "no", "number": "0", "money": "0", "date": "2026-08-01", "signature": "张三"}


def answers(template, **overrides) -> dict:
    """A valid filling of any form with no problem, as POST data; overrides plant problems."""
    data = {}
    for q in engine.structure(template)[1]:
        data[q.key] = q.choices[0] if q.kind == "choice" else DEFAULTS.get(q.kind, "无")
    data.update(overrides)
    return data


def self_check(campaign, template, unit_code, checker, **overrides) -> None:
    """The checked unit's own filling of the form, handed in and approved."""
    form = Submission.objects.get(campaign=campaign, template=template, unit_id=unit_code, household=None)
    form.answers, errors = engine.validate(template, answers(template, **overrides), final=True)
    assert errors == {}, errors
    form.status, form.checker = Submission.Status.APPROVED, checker
    form.save()


def inspect(spot_check, unit_code, inspector, **overrides) -> Inspection:
    item = Inspection.objects.get(spot_check=spot_check, unit_id=unit_code)
    errors = services.save_inspection(item, by=inspector, data=answers(item.template, **overrides),
                                      version=item.version, submit=True)
    assert errors == {}, errors
    return item


@pytest.fixture
def city(county, township, other_township, outside_village):
    return county.parent


@pytest.fixture
def fuzhou(city, templates, city_office):
    """福州's plan: township self-check (六个方面), a county form, 县级复核 and 市级抽查 phases."""
    campaign = make_campaign(city, [templates["fuzhou-township"], templates["fangcheng-county"]], by=city_office,
                             phases=OPEN)
    campaign.error_threshold = 50
    campaign.save(update_fields=["error_threshold"])
    return campaign


@pytest.fixture
def city_plan(city, templates, city_office):
    """The city template: identification (household), helpers (village), funds (county)."""
    campaign = make_campaign(city, [templates[c] for c in ("city-identification", "city-helpers", "city-funds")],
                             by=city_office, phases=OPEN)
    campaign.error_threshold = 50
    campaign.save(update_fields=["error_threshold"])
    return campaign


def test_county_review_draws_townships_and_inspects_them_with_the_township_form(
        fuzhou, templates, county, county_office, township_office, other_township_office, checker):
    form = templates["fuzhou-township"]
    self_check(fuzhou, form, "411322100", township_office, medical_insurance_rate="100")
    self_check(fuzhou, form, "411322101", other_township_office, medical_insurance_rate="100")
    spot_check = services.create_spot_check(by=county_office, campaign=fuzhou, unit=county, kind="county",
                                            subject="township", strata="none", size_per_stratum=5, seed=8)
    assert spot_check.population == {"all": [["411322100", 1], ["411322101", 1]]}
    services.publish(spot_check, by=county_office)
    assert sorted(spot_check.inspections.values_list("unit_id", "template__code", "household")) == [
        ("411322100", "fuzhou-township", None), ("411322101", "fuzhou-township", None)]

    with pytest.raises(services.InspectionError, match="检查人员不能来自被检查的单位"):
        services.assign_inspector(spot_check, by=county_office, county_code=county.code, inspector=township_office)
    with pytest.raises(services.InspectionError, match="检查人员不能来自被检查的单位"):
        services.assign_inspector(spot_check, by=county_office, county_code=county.code, inspector=checker)
    services.assign_inspector(spot_check, by=county_office, county_code=county.code, inspector=county_office)

    inspect(spot_check, "411322100", county_office, medical_insurance_rate="100", not_priority="yes",
            not_priority__desc="未列入党委议事日程")
    inspect(spot_check, "411322101", county_office, medical_insurance_rate="100")
    report = comparison.compare(spot_check)
    assert {code: (r.compared, r.errors, r.rate) for code, r in report.by_township.items()} == {
        "411322100": (1, 1, 100.0), "411322101": (1, 0, 0.0)}
    assert {code: (r.compared, r.errors, r.rate) for code, r in report.by_county.items()} == {"411322": (2, 1, 50.0)}
    assert report.by_checker["township_office"].errors == 1 and report.by_checker["other_township_office"].errors == 0
    assert report.by_question["not_priority"][1].errors == 1
    # 50 % is at the threshold: the county is on the list with its township; the other township is not
    assert report.accountable == [("411322", "抽查误差率", 50.0), ("411322100", "抽查误差率", 100.0)]
    [problem] = Problem.objects.filter(inspection__spot_check=spot_check)
    assert (problem.unit_id, problem.source, problem.question_key, problem.department.name) == (
        "411322100", Problem.Source.COUNTY_RECHECK, "not_priority", "扶贫办")
    assert problem.description == "未列入党委议事日程" and problem.found_by == county_office


def test_city_spot_check_draws_counties_and_an_inspector_fills_the_county_form(
        client, fuzhou, templates, city, county, city_office, county_office, outsider, township_office,
        department_user):
    form = templates["fangcheng-county"]
    self_check(fuzhou, form, "411322", county_office)
    self_check(fuzhou, form, "411321", outsider)
    spot_check = services.create_spot_check(by=city_office, campaign=fuzhou, unit=city, kind="city",
                                            subject="county", strata="none", size_per_stratum=2, seed=1)
    services.publish(spot_check, by=city_office)
    assert sorted(spot_check.inspections.values_list("unit_id", "template__code")) == [
        ("411321", "fangcheng-county"), ("411322", "fangcheng-county")]
    for own_staff in (county_office, township_office, department_user):  # the county, its township, its department
        with pytest.raises(services.InspectionError, match="检查人员不能来自被检查的单位"):
            services.assign_inspector(spot_check, by=city_office, county_code="411322", inspector=own_staff)
    services.assign_inspector(spot_check, by=city_office, county_code="411322", inspector=outsider)
    services.assign_inspector(spot_check, by=city_office, county_code="411321", inspector=county_office)

    client.force_login(outsider)
    item = Inspection.objects.get(spot_check=spot_check, unit_id="411322")
    response = client.post(reverse("spotchecks:inspection", args=[item.pk]), {
        **answers(form, c_no_meetings="yes", c_no_meetings__desc="全年未专题研究"), "version": item.version,
        "action": "submit"})
    assert response.status_code == 302
    other = Inspection.objects.get(spot_check=spot_check, unit_id="411321")
    assert client.get(reverse("spotchecks:inspection", args=[other.pk])).status_code == 404  # not their county
    inspect(spot_check, "411321", county_office)

    report = comparison.compare(spot_check)
    assert {code: (r.compared, r.errors) for code, r in report.by_county.items()} == {"411322": (1, 1),
                                                                                       "411321": (1, 0)}
    assert report.by_township == {}
    assert report.accountable == [("411322", "抽查误差率", 100.0)]
    [problem] = Problem.objects.filter(inspection__spot_check=spot_check)
    assert (problem.unit_id, problem.source, problem.found_by) == ("411322", Problem.Source.CITY_SPOT_CHECK, outsider)
    client.force_login(city_office)
    body = client.get(reverse("spotchecks:report", args=[spot_check.pk])).content.decode()
    assert "问责名单" in body and "<td>方城县（411322）</td>\n<td>抽查误差率 100.0%</td>" in body


def test_city_funds_check_uses_the_campaigns_county_funds_form(client, city_plan, templates, city, city_office,
                                                                 county_office, outsider):
    form = templates["city-funds"]
    self_check(city_plan, form, "411322", county_office, funds_late="yes", funds_late__desc="资金晚到一个月")
    self_check(city_plan, form, "411321", outsider)
    spot_check = services.create_spot_check(by=city_office, campaign=city_plan, unit=city, kind="city",
                                            subject="funds", strata="none", size_per_stratum=2, seed=4)
    assert spot_check.title == "市级资金抽查"
    assert list(spot_check.templates.values_list("code", flat=True)) == ["city-funds"]
    services.publish(spot_check, by=city_office)
    assert sorted(spot_check.inspections.values_list("unit_id", "template__code")) == [
        ("411321", "city-funds"), ("411322", "city-funds")]
    services.assign_inspector(spot_check, by=city_office, county_code="411322", inspector=city_office)
    services.assign_inspector(spot_check, by=city_office, county_code="411321", inspector=city_office)
    # 411322: the inspector finds misappropriation the county did not report, and no late funds it did report
    inspect(spot_check, "411322", city_office, funds_misappropriated="yes", funds_misappropriated__desc="挪用 20 万元")
    inspect(spot_check, "411321", city_office)

    report = comparison.compare(spot_check)
    result = next(r for r in report.items if r.inspection.unit_id == "411322")
    assert [q.key for q in result.missed] == ["funds_misappropriated"]
    assert [q.key for q in result.over] == ["funds_late"]
    assert {code: (r.compared, r.errors) for code, r in report.by_county.items()} == {"411322": (1, 1),
                                                                                       "411321": (1, 0)}
    assert report.accountable == [("411322", "抽查误差率", 100.0)]
    [problem] = Problem.objects.filter(inspection__spot_check=spot_check)
    assert (problem.unit_id, problem.question_key, problem.department.name, problem.department.county_id) == (
        "411322", "funds_misappropriated", "财政局", "411322")
    client.force_login(city_office)
    body = client.get(reverse("spotchecks:detail", args=[spot_check.pk])).content.decode()
    assert "<h1>市级资金抽查：单位4113" in body and "脱贫攻坚“回头看”扶贫资金使用检查表（县级）" in body
    client.force_login(county_office)  # the county checked never sees the city's sample of it
    assert client.get(reverse("spotchecks:detail", args=[spot_check.pk])).status_code == 404


def test_cross_check_between_counties(fuzhou, templates, city, county, city_office, county_office, outsider,
                                      township_office):
    form = templates["fuzhou-township"]
    for code in ("411322100", "411322101", "411321100"):
        self_check(fuzhou, form, code, township_office, medical_insurance_rate="100")
    spot_check = services.create_spot_check(by=city_office, campaign=fuzhou, unit=city, kind="cross",
                                            subject="township", strata="county", size_per_stratum=1, seed=2)
    services.publish(spot_check, by=city_office)
    sampled = sorted(spot_check.items.values_list("stratum", "unit_id"))
    assert [stratum for stratum, _ in sampled] == ["411321", "411322"]  # one township of each county
    assert sorted(spot_check.inspections.values_list("unit_id", "template__code")) == [
        (code, "fuzhou-township") for _, code in sampled]

    with pytest.raises(services.InspectionError, match="检查人员不能来自被检查的单位"):
        services.assign_inspector(spot_check, by=city_office, county_code="411322", inspector=county_office)
    with pytest.raises(services.InspectionError, match="交叉对检的检查人员须来自本市其他县"):
        services.assign_inspector(spot_check, by=city_office, county_code="411322", inspector=city_office)
    services.assign_inspector(spot_check, by=city_office, county_code="411322", inspector=outsider)
    services.assign_inspector(spot_check, by=city_office, county_code="411321", inspector=county_office)

    [(_, ours), (_, theirs)] = sorted(sampled, key=lambda pair: pair[0] != "411322")
    inspect(spot_check, ours, outsider, medical_insurance_rate="90", insurance_rate_low="yes",
            insurance_rate_low__desc="参保率 90%")
    inspect(spot_check, theirs, county_office, medical_insurance_rate="100")
    report = comparison.compare(spot_check)
    assert {code: r.errors for code, r in report.by_county.items()} == {"411322": 1, "411321": 0}
    assert {code: r.errors for code, r in report.by_township.items()} == {ours: 1, theirs: 0}
    assert report.accountable == [("411322", "抽查误差率", 100.0), (ours, "抽查误差率", 100.0)]
    [problem] = Problem.objects.filter(inspection__spot_check=spot_check)
    assert (problem.unit_id, problem.source, problem.found_by) == (ours, Problem.Source.CITY_SPOT_CHECK, outsider)


def test_the_same_seed_draws_the_same_townships_whatever_the_order(fuzhou, city, city_office):
    args = dict(by=city_office, campaign=fuzhou, unit=city, kind="city", subject="township", strata="none",
                size_per_stratum=2, seed=77)
    first, second = services.create_spot_check(**args), services.create_spot_check(**args)
    assert list(first.items.values_list("unit_id")) == list(second.items.values_list("unit_id"))
    assert first.population == {"all": [["411321100", 1], ["411322100", 1], ["411322101", 1]]}
    shuffled = [list(m) for m in first.population["all"]]
    random.Random(3).shuffle(shuffled)
    assert draw({"all": shuffled}, seed=77, size_per_stratum=2) == services.drawn_items(first)


def test_the_forms_of_a_draw_must_fit_its_level(fuzhou, templates, city, city_office, county_office, county):
    with pytest.raises(services.SamplingError, match="“.*（县级）”是县级的表，不能用于“抽取乡镇”"):
        services.create_spot_check(by=county_office, campaign=fuzhou, unit=county, kind="county", subject="township",
                                   strata="none", size_per_stratum=1, templates=[templates["fangcheng-county"]])
    with pytest.raises(services.SamplingError, match="入户问题排查表”不是本专项行动的排查表"):
        services.create_spot_check(by=county_office, campaign=fuzhou, unit=county, kind="county", subject="household",
                                   strata="none", size_per_stratum=1, templates=[templates["fangcheng-household"]])
    with pytest.raises(services.SamplingError, match="只能不分层"):
        services.create_spot_check(by=city_office, campaign=fuzhou, unit=city, kind="city", subject="county",
                                   strata="township", size_per_stratum=1)
    both = make_campaign(city, [templates["fangcheng-county"], templates["city-funds"]], by=city_office)
    with pytest.raises(services.SamplingError, match="请勾选资金抽查使用的表"):
        services.create_spot_check(by=city_office, campaign=both, unit=city, kind="city", subject="funds",
                                   strata="none", size_per_stratum=1)
    chosen = services.create_spot_check(by=city_office, campaign=both, unit=city, kind="city", subject="funds",
                                        strata="none", size_per_stratum=1, templates=[templates["city-funds"]])
    assert list(chosen.templates.values_list("code", flat=True)) == ["city-funds"]
    assert SpotCheck.objects.count() == 1
    no_county_form = make_campaign(city, [templates["fuzhou-township"]], by=city_office)
    on_paper = services.create_spot_check(by=city_office, campaign=no_county_form, unit=city, kind="city",
                                          subject="county", strata="none", size_per_stratum=1, seed=1)
    services.publish(on_paper, by=city_office)
    assert on_paper.items.count() == 1 and not on_paper.templates.exists() and not on_paper.inspections.exists()


def test_a_submitted_inspection_is_final_and_its_problems_are_made_once(client, fuzhou, templates, county,
                                                                       county_office, township_office):
    spot_check = services.create_spot_check(by=county_office, campaign=fuzhou, unit=county, kind="county",
                                            subject="township", strata="none", size_per_stratum=5, seed=8)
    services.publish(spot_check, by=county_office)
    services.assign_inspector(spot_check, by=county_office, county_code=county.code, inspector=county_office)
    planted = {"medical_insurance_rate": "100", "not_priority": "yes", "not_priority__desc": "未研究"}
    item = inspect(spot_check, "411322100", county_office, **planted)
    with pytest.raises(services.NotAllowed):
        services.save_inspection(item, by=county_office, data=answers(item.template, **planted),
                                 version=item.version, submit=True)
    client.force_login(county_office)
    response = client.post(reverse("spotchecks:inspection", args=[item.pk]),
                           {**answers(item.template, **planted), "version": item.version, "action": "submit"})
    assert response.status_code == 403 and "不能填写" in response.content.decode()
    assert Problem.objects.filter(inspection=item).count() == 1
    client.force_login(township_office)  # the township checked does not see the county's inspection of it
    assert client.get(reverse("spotchecks:inspection", args=[item.pk])).status_code == 404


def test_the_sampling_page_draws_townships_and_explains_what_it_refuses(client, fuzhou, county, county_office):
    client.force_login(county_office)
    url = reverse("spotchecks:campaign", args=[fuzhou.pk])
    refused = client.post(url, {"kind": "county", "unit_code": county.code, "subject": "county", "strata": "county",
                                "size_per_stratum": 1})
    assert refused.status_code == 422 and "抽取县时只能不分层" in refused.content.decode()
    outside = client.post(url, {"kind": "county", "unit_code": "411321", "subject": "township", "strata": "none",
                                "size_per_stratum": 1})
    assert outside.status_code == 422 and "区划代码不存在或不在您的管辖范围内" in outside.content.decode()
    drawn = client.post(url, {"kind": "county", "unit_code": county.code, "subject": "township", "strata": "county",
                              "size_per_stratum": 1, "seed": 9})
    spot_check = SpotCheck.objects.get()
    assert drawn["Location"] == spot_check.get_absolute_url()
    assert (spot_check.subject, spot_check.items.get().unit.level) == ("township", "township")
    assert list(spot_check.templates.values_list("code", flat=True)) == ["fuzhou-township"]
