"""County departments (县直行业部门) as the subjects of a form, counted per seed against a registry.

The registry: in 方城县 (411322) every unit that section 二 of the 方城 plan names as 责任单位
(departments and working groups alike, as routing problems registers them), a department under
another name (卫健) and a working group; in the neighbouring county 411321 an 教体局 of its own.
Which of them the 方城 plan sends 附件3 县级 to is computed here from the seed text, never from
the preset.
"""

import re

import pytest
from django.db import IntegrityError
from django.urls import reverse

from campaigns.models import Campaign

from campaigns.presets import FANGCHENG_DEPARTMENTS
from campaigns.services import FormTargets, build_work_list, create_campaign
from campaigns.targets import Targets
from checklists.models import Submission
from checklists.tests.seedtext import FANGCHENG, seed_text
from tests.factories import make_unit
from units.models import Department

from .test_campaigns import campaign_post
from .test_targets_per_seed import work_list

# Who of section 二's 责任单位 is no 县直行业部门: the 专班办公室 (乡村振兴局: it fills the county's own
# 附件3), the party organs, a service centre and a company.
NOT_LINE_DEPARTMENTS = {"乡村振兴局", "组织部", "政法委", "金融服务中心", "惠民公司"}
OUTSIDE = "411321"


def seed_responsible_units() -> list[str]:
    """Every name of section 二's 责任单位 lines, in order, without the 工作组 and the 各… collectives."""
    names = []
    for line in re.findall(r"^责任单位：(.*)$", seed_text(FANGCHENG), re.M):
        for group in line.split("，"):
            if group.endswith("工作组") or group.startswith("各"):  # 党建助脱贫、政策落实、兜底保障工作组
                continue
            names += [n.strip() for n in group.split("、") if not n.endswith("工作组") and "单位" not in n]
    return list(dict.fromkeys(names))


def seed_line_departments() -> set[str]:
    return set(seed_responsible_units()) - NOT_LINE_DEPARTMENTS


@pytest.fixture
def departments(county):
    make_unit(OUTSIDE + "100001")
    registry = [(county.code, name) for name in [*seed_responsible_units(), "卫健", "政策落实工作组"]]
    registry.append((OUTSIDE, "教体局"))
    for code, name in registry:
        Department.objects.create(county_id=code, name=name)
    return registry


def department_forms(campaign, code):
    return set(Submission.objects.filter(campaign=campaign, template__code=code, department__isnull=False)
               .values_list("unit_id", "department__name"))


def test_the_fangcheng_preset_names_the_seeds_line_departments():
    assert len(seed_responsible_units()) == 19
    assert set(FANGCHENG_DEPARTMENTS) == seed_line_departments()


def test_fangcheng_county_form_goes_to_the_county_and_each_registered_line_department(
        departments, templates, county, county_office):
    campaign, counts = work_list(templates, "fangcheng", county, county_office)
    expected = {(code, name) for code, name in departments if code == county.code and name in seed_line_departments()}
    assert len(expected) == 14
    assert department_forms(campaign, "fangcheng-county") == expected
    assert counts["fangcheng-county"] == 1 + len(expected)
    assert not department_forms(campaign, "fangcheng-township") | department_forms(campaign, "fangcheng-village")
    county_own = Submission.objects.get(campaign=campaign, template__code="fangcheng-county", department=None)
    assert county_own.unit_id == county.code


@pytest.mark.parametrize("plan,year", [("qiemo", 2018), ("fuzhou", 2018)])
def test_no_other_seed_sends_a_form_to_a_department(departments, templates, county, county_office, plan, year):
    campaign, _ = work_list(templates, plan, county, county_office, year=year)
    assert not Submission.objects.filter(campaign=campaign, department__isnull=False).exists()


def test_the_city_template_sends_no_form_to_a_department(departments, templates, county, city_office):
    campaign, _ = work_list(templates, "city", county.parent, city_office, year=2024)
    assert not Submission.objects.filter(campaign=campaign, department__isnull=False).exists()


def test_all_departments_of_a_city_campaign_are_those_of_its_counties(departments, templates, county, city_office):
    form = FormTargets(templates["fangcheng-county"], Targets(all_departments=True))
    campaign = create_campaign(by=city_office, name="市", document_number="测〔2022〕2号", issuing_unit=county.parent,
                               scope_unit=county.parent, year=2022, phases=[("screening", "2022-07-10", "2022-07-30")],
                               forms=[form])
    assert build_work_list(campaign) == len(departments) + 2  # and the two counties' own forms
    assert department_forms(campaign, "fangcheng-county") == set(departments)  # both counties, every name
    assert build_work_list(campaign) == 0  # built again: nothing twice


def test_a_department_registered_later_gets_its_form_when_the_list_is_built_again(templates, county, county_office):
    campaign, counts = work_list(templates, "fangcheng", county, county_office)
    assert counts["fangcheng-county"] == 1
    Department.objects.create(county=county, name="水利局")
    Department.objects.create(county=county, name="宣传部")  # not one the plan names
    assert build_work_list(campaign) == 1
    assert department_forms(campaign, "fangcheng-county") == {(county.code, "水利局")}


@pytest.mark.parametrize("targets,level,error", [
    (Targets(departments=("教体局",)), "township", "只有县级表可以发给县直行业部门"),
    (Targets(household_kinds=("monitored",), all_departments=True), "household", "只有县级表可以发给县直行业部门"),
    (Targets(departments=("教体局",), all_departments=True), "county", "发给全部县直行业部门时不必再指定部门"),
    (Targets(departments=("教" * 51,)), "county", "部门名称不能为空，且不超过 50 个字"),
])
def test_targets_refuse_departments_where_they_do_not_fit(targets, level, error):
    assert error in targets.errors(level)


def test_targets_describe_the_departments():
    assert Targets(departments=("教体局", "卫健委")).describe("county") == "全部县，及县直行业部门：教体局、卫健委"
    assert Targets(all_departments=True).describe("county") == "全部县，及全部县直行业部门"
    assert Targets().describe("county") == "全部县"


def test_a_submission_has_one_subject_kind(departments, templates, county, county_office, household):
    campaign, _ = work_list(templates, "fangcheng", county, county_office)
    form = Submission.objects.filter(campaign=campaign, household=household).get()
    with pytest.raises(IntegrityError):
        Submission.objects.filter(pk=form.pk).update(department=Department.objects.filter(county=county).first())


def test_one_form_per_department(departments, templates, county, county_office):
    campaign, _ = work_list(templates, "fangcheng", county, county_office)
    form = Submission.objects.filter(campaign=campaign, department__isnull=False).first()
    with pytest.raises(IntegrityError):
        Submission.objects.create(campaign=campaign, template=form.template, unit=form.unit,
                                  department=form.department)


def test_the_creation_page_sends_a_county_form_to_departments_typed_by_name(
        client, departments, county_office, templates, county, django_capture_on_commit_callbacks):
    client.force_login(county_office)
    forms = {"fuzhou-county": {"departments": "住建局、卫健委，住建局 宣传部"}}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("campaigns:create"), campaign_post(templates, forms=forms))
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert [f.targets_label for f in campaign.forms.all()] == ["全部县，及县直行业部门：住建局、卫健委、宣传部"]
    # 宣传部 is not registered in 方城县: it reaches nobody, the others one form each, beside the county's own
    assert department_forms(campaign, "fuzhou-county") == {(county.code, "住建局"), (county.code, "卫健委")}
    assert Submission.objects.filter(campaign=campaign).count() == 3


def test_the_creation_page_opened_with_the_fangcheng_plan_shows_its_departments(client, county_office, templates):
    client.force_login(county_office)
    creation = client.get(reverse("campaigns:create"), {"plan": "fangcheng"}).context["form"]
    [row] = [r for r in creation.targets if r.template.code == "fangcheng-county"]
    assert row["departments"].value() == "、".join(FANGCHENG_DEPARTMENTS) and not row["all_departments"].value()
    [row] = [r for r in creation.targets if r.template.code == "fangcheng-township"]
    assert "departments" not in row.fields


def test_the_creation_page_refuses_departments_chosen_twice(client, county_office, templates):
    client.force_login(county_office)
    forms = {"fuzhou-county": {"departments": "住建局", "all_departments": "on"}}
    response = client.post(reverse("campaigns:create"), campaign_post(templates, forms=forms))
    assert response.status_code == 200 and "发给全部县直行业部门时不必再指定部门" in response.content.decode()
    assert not Campaign.objects.exists()
