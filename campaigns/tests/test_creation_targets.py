"""The creation page sets whom each form reaches; the service checks every object it touches."""

import pytest
from django.urls import reverse

from campaigns.models import Campaign, CampaignForm
from campaigns.presets import preset_for
from campaigns.services import CampaignError, FormTargets, create_campaign
from campaigns.targets import Targets
from checklists.models import ChecklistTemplate, Submission
from households.models import Household
from tests.factories import make_household, make_unit

from .test_campaigns import campaign_post


def test_the_office_sets_targets_per_form_and_the_work_list_follows_them(client, county_office, templates, county,
                                                                          django_capture_on_commit_callbacks):
    exited_2016 = make_unit("411322100011", village_type="poverty_exited", exit_year=2016)
    exited_2019 = make_unit("411322100012", village_type="poverty_exited", exit_year=2019)
    general = make_unit("411322100013", village_type="general")
    low_income = make_household(general, kind=Household.Kind.LOW_INCOME)
    make_household(exited_2016, kind=Household.Kind.POVERTY_EXITED, has_petitioner=True)
    client.force_login(county_office)
    forms = {"qiemo-household": {"household_kinds": ["low_income"]},
             "qiemo-village": {"village_types": ["poverty_exited"], "exit_year_from": "2014",
                               "exit_year_to": "2017"}}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("campaigns:create"), campaign_post(templates, forms=forms))
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert {f.template.code: f.targets_label for f in campaign.forms.all()} == {
        "qiemo-household": "低收入户", "qiemo-village": "脱贫村（2014–2017 年退出）"}
    assert list(campaign.templates.order_by("code").values_list("code", flat=True)) == [
        "qiemo-household", "qiemo-village"]  # the accessor dashboards and spot checks read
    forms = Submission.objects.filter(campaign=campaign)
    assert list(forms.filter(household__isnull=False).values_list("household_id", flat=True)) == [low_income.pk]
    assert list(forms.filter(household__isnull=True).values_list("unit_id", flat=True)) == [exited_2016.code]
    assert exited_2019.code and general.code  # both in scope, neither reached


@pytest.mark.parametrize("code, targets, message", [
    ("fangcheng-household", {}, "请至少选择一种户类型或重点人员"),
    ("qiemo-village", {"village_types": ["poverty_exited"], "exit_year_from": "2018", "exit_year_to": "2016"},
     "退出年度的起始年份不能晚于截止年份"),
    ("qiemo-village", {"village_types": ["general"], "exit_year_from": "2016"},
     "按退出年度选择时，村类型只能选“脱贫村”"),
    ("qiemo-village", {"exit_year_to": "abc"}, "退出年度（止）应为 4 位年份"),
    ("qiemo-village", {"village_types": ["poverty_exited"], "exit_year_from": "1990"},
     "退出年度（起）不能早于 2001 年"),
    ("fangcheng-household", {"household_kinds": ["nobody"]}, "选择一个有效的选项"),
])
def test_bad_targets_are_explained_in_chinese_and_nothing_is_created(client, county_office, templates, code,
                                                                     targets, message):
    client.force_login(county_office)
    response = client.post(reverse("campaigns:create"), campaign_post(templates, forms={code: targets}))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Campaign.objects.exists()


def test_a_plan_preselects_its_forms_with_the_seed_targets(client, county_office, templates):
    client.force_login(county_office)
    response = client.get(reverse("campaigns:create"), {"plan": "qiemo"})
    creation = response.context["form"]
    used = sorted(f.template.code for f in creation.targets if f["use"].value())
    assert used == ["qiemo-household", "qiemo-household-help", "qiemo-township", "qiemo-township-help",
                    "qiemo-village", "qiemo-village-help"]
    village = next(f for f in creation.targets if f.template.code == "qiemo-village")
    assert (village["village_types"].value(), village["exit_year_from"].value(), village["exit_year_to"].value()) \
        == (["poverty_exited"], 2014, 2017)
    body = response.content.decode()
    assert 'name="t%d-exit_year_from" value="2014"' % village.template.pk in body


def test_fangcheng_preset_is_the_header_kinds_plus_every_key_household_and_person(templates):
    assert preset_for(templates["fangcheng-household"]) == Targets(
        household_kinds=("ten_groups", "poverty_exited", "monitored", "low_income"),
        key_persons=("has_elderly", "has_disabled", "has_petitioner", "has_special_hardship"))
    assert preset_for(templates["fangcheng-household"]).describe("household") == (
        "十类群体户、脱贫户、监测户、低收入户，及有老人的户、有残疾人的户、有信访人的户、有特殊困难群众的户")
    assert preset_for(templates["fangcheng-village"]).describe("village") == "全部村"


def _create(by, scope, forms, issuing=None):
    return create_campaign(by=by, name="测试", document_number="测〔2022〕1号", issuing_unit=issuing or scope,
                           scope_unit=scope, year=2022, phases=[("screening", "2022-07-10", "2022-07-30")],
                           forms=forms)


def test_service_refuses_a_scope_the_user_does_not_manage(templates, county, township, township_office, outsider):
    forms = [FormTargets(templates["fangcheng-township"], Targets())]
    for user, scope in [(township_office, township), (outsider, county)]:
        with pytest.raises(CampaignError, match="您无权在该区划设立专项行动"):
            _create(user, scope, forms)
    assert not Campaign.objects.exists()


def test_service_refuses_an_issuing_unit_that_is_not_above_the_scope(templates, county, county_office,
                                                                      other_township, township):
    with pytest.raises(CampaignError, match="印发单位应为实施范围本身或其上级"):
        _create(county_office, township, [FormTargets(templates["fangcheng-township"], Targets())],
                issuing=other_township)


def test_service_refuses_an_old_version_of_a_form_and_targets_that_do_not_fit_it(templates, county, county_office):
    current = templates["fangcheng-village"]
    old = ChecklistTemplate.objects.create(code=current.code, version=current.version + 1, name=current.name,
                                           source=current.source, level=current.level, content_hash="x")
    with pytest.raises(CampaignError, match="不是最新版本"):
        _create(county_office, county, [FormTargets(current, Targets())])
    with pytest.raises(CampaignError, match="只有入户表可以按户类型和重点人员选择对象"):
        _create(county_office, county, [FormTargets(old, Targets(household_kinds=("general",)))])
    with pytest.raises(CampaignError, match="请至少选择一张排查表"):
        _create(county_office, county, [])
    assert not CampaignForm.objects.exists()


def test_campaign_page_lists_each_form_with_its_targets(client, campaign, county_office, county):
    client.force_login(county_office)
    body = client.get(reverse("campaigns:unit", args=[campaign.pk, county.code])).content.decode()
    assert "方城县巩固脱贫成果“回头看”靶向整改专项行动村级问题排查表：全部村" in body
    assert "入户问题排查表：脱贫户、监测户，及有老人的户" in body


def test_what_is_typed_in_an_unused_row_does_not_block_the_campaign(client, county_office, templates,
                                                                     django_capture_on_commit_callbacks):
    client.force_login(county_office)
    village = templates["qiemo-village"]
    data = campaign_post(templates, forms={"fangcheng-township": {}}, **{f"t{village.pk}-exit_year_from": "abc"})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("campaigns:create"), data).status_code == 302
    assert [f.template.code for f in Campaign.objects.get().forms.all()] == ["fangcheng-township"]
