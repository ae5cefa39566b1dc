"""The rules open the right drafts from a built spot check and ledger, once."""

from datetime import date, timedelta

import pytest

from accountability import satisfaction, services
from accountability.models import AccountabilityCase
from rectification import services as ledger
from rectification.models import Problem
from spotchecks import comparison
from units.models import Department

Case = AccountabilityCase


def drafts():
    return sorted((c.reason, c.unit_id, c.department.name if c.department else "", c.handling_unit_id, c.person,
                   c.summary, c.status) for c in Case.objects.select_related("department"))


def test_the_threshold_opens_one_draft_per_unit_of_the_accountable_list(review):
    report = comparison.compare(review)
    # the planted disagreements, counted by hand (see the fixture): 12 forms compared in the county
    assert report.accountable == [
        ("411322", "抽查误差率", 41.7),
        ("411322100", "抽查误差率", 37.5), ("411322100", "识别误差率", 25.0),
        ("411322101", "抽查误差率", 50.0), ("411322101", "退出误差率", 50.0),
    ]
    opened = services.apply_rules(review.campaign)
    assert len(opened) == 3
    title = review.title
    assert drafts() == [
        ("error_rate", "411322", "", "4113", "党政主要领导",
         f"方城县{title}抽查误差率 41.7%，达到问责阈值 25%", "draft"),
        ("error_rate", "411322100", "", "411322", "",
         f"凤瑞街道{title}抽查误差率 37.5%，识别误差率 25.0%，达到问责阈值 25%", "draft"),
        ("error_rate", "411322101", "", "411322", "",
         f"释之街道{title}抽查误差率 50.0%，退出误差率 50.0%，达到问责阈值 25%", "draft"),
    ]
    township = Case.objects.get(unit_id="411322101")
    assert township.evidence == {"threshold": 25.0, "spot_check": review.pk, "compared": 4, "errors": 2,
                                 "rates": [["抽查误差率", 50.0], ["退出误差率", 50.0]]}
    assert township.opened_by is None and township.spot_check_id == review.pk


def test_without_a_threshold_no_error_rate_case(review):
    review.campaign.error_threshold = None
    review.campaign.save(update_fields=["error_threshold"])
    assert services.apply_rules(review.campaign) == []
    assert Case.objects.count() == 0


def test_running_the_rules_again_opens_nothing_new(review):
    services.apply_rules(review.campaign)
    before = drafts()
    assert services.apply_rules(review.campaign) == []
    assert drafts() == before and Case.objects.count() == 3


def test_a_dismissed_draft_is_not_reopened_and_a_confirmed_one_keeps_its_figures(review, county_office, city_office):
    services.apply_rules(review.campaign)
    township = Case.objects.get(unit_id="411322101")
    services.dismiss(township, by=county_office, reason="已当场纠正")
    county_case = Case.objects.get(unit_id="411322")
    services.confirm(county_case, by=city_office)
    review.campaign.error_threshold = 20
    review.campaign.save(update_fields=["error_threshold"])
    assert services.apply_rules(review.campaign) == []
    assert Case.objects.get(pk=township.pk).status == Case.Status.DISMISSED
    assert Case.objects.get(pk=county_case.pk).summary.endswith("达到问责阈值 25%")
    # a draft still waiting gets the fresh figures
    assert Case.objects.get(unit_id="411322100").summary.endswith("达到问责阈值 20%")


def test_satisfaction_is_counted_per_household_from_the_inspections(review):
    assert {code: (s.asked, s.dissatisfied, s.rate) for code, s in satisfaction.by_county(review.campaign).items()} \
        == {"411322": (6, 3, 50.0)}


def test_low_satisfaction_opens_a_draft_for_the_county(review, settings):
    settings.ACCOUNTABILITY_MIN_SATISFACTION_ANSWERS = 5
    review.campaign.error_threshold = None
    review.campaign.save(update_fields=["error_threshold"])
    services.apply_rules(review.campaign)
    assert drafts() == [("satisfaction", "411322", "", "4113", "负责帮扶工作的主管领导",
                         "方城县群众满意度 50.0%，低于 90%", "draft")]
    assert Case.objects.get().evidence == {"asked": 6, "dissatisfied": 3, "rate": 50.0, "floor": 90.0}


def test_too_few_answers_open_no_satisfaction_case(review):
    review.campaign.error_threshold = None
    review.campaign.save(update_fields=["error_threshold"])
    assert services.apply_rules(review.campaign) == []  # 6 households asked, 10 needed by default


@pytest.fixture
def late_ledger(campaign, county_office, village, other_township_village, department_user):
    health = Department.objects.get(county_id="411322", name="卫健委")

    def problem(unit, department, days):
        made = ledger.record_problem(by=county_office, campaign=campaign, unit=unit, source="unannounced",
                                     category="住房保障", description="墙体开裂", department=department)
        ledger.assign(made, by=county_office, mode="deadline", deadline=date.today() + timedelta(days=days))
        return made

    made = {"health": problem(village, health, 10), "township": problem(village, None, 10),
            "recent": problem(other_township_village, None, 20), "withdrawn": problem(village, None, 5)}
    ledger.withdraw(made["withdrawn"], by=county_office, reason="重复登记")
    return campaign, made


def test_problems_overdue_beyond_the_limit_open_a_draft_per_lead_unit(late_ledger):
    campaign, made = late_ledger
    later = date.today() + timedelta(days=45)  # 35 days past the first deadlines, 25 past the third
    services.apply_rules(campaign, today=later)
    assert drafts() == [
        ("overdue", "411322", "卫健委", "411322", "", "方城县卫健委有 1 个问题逾期超过 30 天未整改", "draft"),
        ("overdue", "411322100", "", "411322", "", "凤瑞街道有 1 个问题逾期超过 30 天未整改", "draft"),
    ]
    by_unit = {c.unit_id + (c.department.name if c.department else ""): c for c in Case.objects.all()}
    assert list(by_unit["411322卫健委"].problems.all()) == [made["health"]]
    assert list(by_unit["411322100"].problems.all()) == [made["township"]]
    assert by_unit["411322100"].evidence == {
        "limit_days": 30, "overdue": 1, "oldest_deadline": (date.today() + timedelta(days=10)).isoformat(),
        "as_of": later.isoformat()}
    assert services.apply_rules(campaign, today=later) == []
    assert Problem.objects.filter(campaign=campaign).overdue(later).count() == 3


def test_a_submitted_inspection_reruns_the_rules(review, django_capture_on_commit_callbacks, outsider):
    from spotchecks import services as spotchecks
    from spotchecks.models import Inspection

    item = Inspection.objects.filter(spot_check=review).first()
    Inspection.objects.filter(pk=item.pk).update(status=Inspection.Status.DRAFT)
    item.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        spotchecks.save_inspection(item, by=outsider, data=item.answers, version=item.version, submit=True)
    assert Case.objects.filter(reason="error_rate").count() == 3


def test_the_nightly_task_runs_the_rules_of_recent_campaigns(review):
    from accountability.tasks import apply_rules_nightly

    assert apply_rules_nightly() == 1
    assert Case.objects.filter(reason="error_rate").count() == 3


# --- satisfaction from helpers' visits as well as spot checks ------------------------------------

def visit(household, helper, day, satisfied):
    from visits import services as visits

    visits.record_visit(by=helper, household=household, visited_on=day, work_done="入户走访", manuals_checked=True,
                        knows_helper=True, satisfied=satisfied)


def help_households(by, households, helper, name):
    from visits import services as visits

    visits.assign_helper(by=by, household_ids=[h.pk for h in households], helper=helper, name=name)
    for household in households:
        household.refresh_from_db()


def test_a_visit_after_the_inspection_is_the_households_answer(review, helper_of_review):
    """甲0 told the inspector it was not satisfied; its helper's visit afterwards hears it satisfied."""
    helper, households = helper_of_review
    visit(households["甲0"], helper, date.today(), True)
    assert {code: (s.asked, s.dissatisfied) for code, s in satisfaction.by_county(review.campaign).items()} \
        == {"411322": (6, 2)}


def test_an_inspectors_not_satisfied_counts_though_item_13_says_no(review, outsider):
    """The inspector's 知晓、满意 is part of the inspection's answer: 乙0 (item 13 否) said 不满意 to it."""
    from households.models import Household
    from spotchecks import services as spotchecks
    from spotchecks.models import Inspection

    item = Inspection.objects.get(spot_check=review, household=Household.objects.get(head_name="乙0"),
                                  template__code="fangcheng-household")
    Inspection.objects.filter(pk=item.pk).update(status=Inspection.Status.DRAFT)
    item.refresh_from_db()
    data = {**item.answers, "satisfaction_known": "yes", "satisfaction_satisfied": "no"}
    assert spotchecks.save_inspection(item, by=outsider, data=data, version=item.version, submit=True) == {}
    assert {code: (s.asked, s.dissatisfied) for code, s in satisfaction.by_county(review.campaign).items()} \
        == {"411322": (6, 4)}


@pytest.fixture
def helper_of_review(review, county_office):
    from accounts.roles import Role
    from households.models import Household
    from tests.factories import make_user

    households = {h.head_name: h for h in Household.objects.filter(head_name__in=["甲0"])}
    helper = make_user("helper_jia", Role.HELPER, households["甲0"].village.parent)
    help_households(county_office, list(households.values()), helper, "甲帮扶")
    return helper, households
