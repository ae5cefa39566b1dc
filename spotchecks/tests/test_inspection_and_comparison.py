"""A campaign with known, planted disagreements between inspectors and the self-check."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from campaigns.models import Phase
from checklists import engine
from checklists.models import Submission
from checklists.tests.conftest import fangcheng_household_answers
from rectification.models import Problem
from spotchecks import comparison, selectors, services
from spotchecks.models import Inspection
from tests.factories import make_campaign, make_household, make_user
from tests.module_scope import share_per_module


def identification(**overrides):
    data = {"meets_standard": "yes", "registered": "yes", "wrongly_out": "no", "wrongly_in": "no",
            "no_archive": "no"}
    data.update(overrides)
    return data


def build_setting(templates, county, county_office, village, other_township_village, checker, outsider):
    households = [make_household(village, head_name=f"甲{i}") for i in range(4)]
    households += [make_household(other_township_village, head_name=f"乙{i}") for i in range(2)]
    used = [templates["fangcheng-household"], templates["city-identification"]]
    campaign = make_campaign(county, used, by=county_office)
    campaign.error_threshold = 40
    campaign.save()
    Phase.objects.create(campaign=campaign, kind=Phase.Kind.COUNTY_REVIEW, starts_on=date.today() - timedelta(days=1),
                         ends_on=date.today() + timedelta(days=5))
    self_answers = {  # what each township reported, household by household
        0: (fangcheng_household_answers(), identification()),
        1: (fangcheng_household_answers(housing_unsafe="yes", housing_unsafe__desc="危房"), identification()),
        2: (fangcheng_household_answers(), identification()),
        3: (fangcheng_household_answers(), identification()),
        4: (fangcheng_household_answers(), identification()),
        5: (fangcheng_household_answers(), identification()),
    }
    for index, household in enumerate(households):
        for template, data in zip(used, self_answers[index]):
            form = Submission.objects.get(campaign=campaign, template=template, household=household)
            form.answers, errors = engine.validate(template, data, final=True)
            assert not errors, errors
            form.status, form.checker = "approved", checker
            form.save()
    spot_check = services.create_spot_check(by=county_office, campaign=campaign, unit=county, kind="county",
                                            subject="household", strata="township", size_per_stratum=10, seed=3)
    services.publish(spot_check, by=county_office)
    inspector = outsider  # 交叉对检: an office of another county
    services.assign_inspector(spot_check, county_code=county.code, inspector=inspector, by=county_office)
    found = {  # what the inspector found: planted disagreements
        0: (fangcheng_household_answers(water_unsafe="yes", water_unsafe__desc="井水浑浊"), identification()),
        1: (fangcheng_household_answers(), identification()),  # township reported a problem that is not there
        2: (fangcheng_household_answers(), identification(meets_standard="yes", registered="no", wrongly_out="yes",
                                                          wrongly_out__desc="符合标准未纳入")),
        3: (fangcheng_household_answers(), identification()),
        4: (fangcheng_household_answers(), identification(meets_standard="no", registered="yes", wrongly_in="yes",
                                                          wrongly_in__desc="已不符合标准")),
        5: (fangcheng_household_answers(), identification()),
    }
    for index, household in enumerate(households):
        for template, data in zip(used, found[index]):
            item = Inspection.objects.get(spot_check=spot_check, template=template, household=household)
            errors = services.save_inspection(item, by=inspector, data=data, version=item.version, submit=True)
            assert errors == {}, errors
    return spot_check, households, inspector


# Built once for the module; each test gets it fresh (tests/module_scope.py).
share_per_module(globals(), setting=(
    ("templates", "county", "county_office", "village", "other_township_village", "checker", "outsider"),
    build_setting))


def test_error_rates_match_an_independent_count(setting):
    spot_check, households, _ = setting
    report = comparison.compare(spot_check)
    # Planted: household 0 (missed water), 1 (over-reported housing), 2 (应进未进), 4 (应出未出).
    # Each household has two forms compared; a form with any disagreement counts as one error.
    township_a, township_b = report.by_township["411322100"], report.by_township["411322101"]
    assert (township_a.compared, township_a.errors) == (8, 3)
    assert (township_b.compared, township_b.errors) == (4, 1)
    assert (township_a.identification_compared, township_a.identification_errors, township_a.exit_errors) == (4, 1, 0)
    assert (township_b.identification_rate, township_b.exit_rate) == (0.0, 50.0)
    county = report.by_county["411322"]
    assert (county.compared, county.errors, county.rate) == (12, 4, 33.3)
    assert report.by_checker["checker"].errors == 4
    assert report.by_question["water_unsafe"][1].errors == 1 and report.by_question["housing_unsafe"][1].errors == 1
    assert ("411322101", "退出误差率", 50.0) in report.accountable
    assert not any(code == "411322100" and label == "抽查误差率" for code, label, _ in report.accountable)


def test_each_missed_problem_becomes_a_ledger_problem(setting):
    spot_check, households, inspector = setting
    problems = Problem.objects.filter(source=Problem.Source.COUNTY_RECHECK)
    assert set(problems.values_list("household__head_name", "question_key")) == {
        ("甲0", "water_unsafe"), ("甲2", "wrongly_out"), ("乙0", "wrongly_in")}
    assert all(p.found_by == inspector and p.inspection_id for p in problems)


def test_the_inspector_sees_only_the_sample_during_the_phase(client, setting, village, household):
    spot_check, households, inspector = setting
    client.force_login(inspector)
    own = Inspection.objects.filter(spot_check=spot_check).first()
    assert client.get(reverse("spotchecks:inspection", args=[own.pk])).status_code == 200
    self_check = Submission.objects.filter(household=households[0]).first()
    assert client.get(reverse("checklists:submission", args=[self_check.pk])).status_code == 404
    not_sampled = make_household(village)
    assert client.get(reverse("households:detail", args=[not_sampled.pk])).status_code == 404
    assert client.get(reverse("spotchecks:mine")).status_code == 200
    spot_check.campaign.phases.filter(kind=Phase.Kind.COUNTY_REVIEW).update(
        starts_on=date.today() - timedelta(days=10), ends_on=date.today() - timedelta(days=5))
    assert client.get(reverse("spotchecks:inspection", args=[own.pk])).status_code == 404


def test_an_inspector_of_another_county_part_gets_404(setting, django_user_model, county_office, outside_village):
    spot_check, _, _ = setting
    stranger = make_user("third_party", "viewer", outside_village)
    item = Inspection.objects.filter(spot_check=spot_check).first()
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.get_inspection_for(stranger, item.pk)


def test_report_page_and_excel(client, setting, county_office):
    spot_check, _, _ = setting
    client.force_login(county_office)
    body = client.get(reverse("spotchecks:report", args=[spot_check.pk])).content.decode()
    assert "问责名单" in body and "应进未进" in body and "33.3%" in body
    assert reverse("reports:spot_check", args=[spot_check.pk]) in body  # the page offers the download
    response = client.get(reverse("reports:spot_check", args=[spot_check.pk]))
    from io import BytesIO

    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(b"".join(response.streaming_content)))
    assert wb.active["A1"].value == "县级复核误差率比对表"


def test_a_problem_found_by_a_spot_check_refreshes_the_dashboards(setting, django_capture_on_commit_callbacks):
    from unittest import mock

    from spotchecks.inspections import record_missed_problems

    spot_check, households, inspector = setting
    item = Inspection.objects.get(spot_check=spot_check, template__code="fangcheng-household",
                                  household=households[3])
    item.answers = engine.validate(item.template, fangcheng_household_answers(
        housing_unsafe="yes", housing_unsafe__desc="屋顶漏雨"), final=True)[0]
    with mock.patch("dashboards.subscribers.enqueue_refresh") as refresh:
        with django_capture_on_commit_callbacks(execute=True):
            [problem] = record_missed_problems(item, by=inspector)
    assert (problem.source, problem.household_id) == (Problem.Source.COUNTY_RECHECK, households[3].pk)
    refresh.assert_called_once_with(spot_check.campaign_id, households[3].village_id)


def test_the_report_download_is_hidden_from_a_user_without_the_spot_check(client, setting, django_user_model):
    spot_check, _, _ = setting
    client.force_login(django_user_model.objects.create_user("nobody", password="x"))
    assert client.get(reverse("reports:spot_check", args=[spot_check.pk])).status_code == 404
    assert client.get(reverse("reports:spot_check", args=[spot_check.pk + 1000])).status_code == 404
