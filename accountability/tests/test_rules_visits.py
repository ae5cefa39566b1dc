"""Satisfaction from helpers' visits re-runs the rules (a module of its own: the county review that the
other rule tests share would add its own drafts)."""

from datetime import date, timedelta

import pytest

from accountability import satisfaction
from accountability.models import AccountabilityCase as Case
from accountability.tests.test_rules import drafts, help_households, visit


@pytest.fixture
def two_counties(templates, county, city_office):
    """A city campaign over 方城县 (411322) and 南召县 (411321), its window from three days ago to next week,
    three households in each county with a helper of their own."""
    from accounts.roles import Role
    from campaigns.models import Phase
    from tests.factories import make_campaign, make_household, make_unit, make_user

    make_unit("411321", "南召县")
    south = make_unit("411321100001", "城关村")
    north = make_unit("411322100001", "新华街社区")
    fangcheng = [make_household(north, head_name=f"方{i}") for i in range(3)]
    nanzhao = [make_household(south, head_name=f"南{i}") for i in range(3)]
    campaign = make_campaign(county.parent, [templates["fangcheng-household"]], by=city_office)
    Phase.objects.create(campaign=campaign, kind=Phase.Kind.COUNTY_REVIEW, starts_on=date.today() - timedelta(days=3),
                         ends_on=date.today() + timedelta(days=7))
    helpers = {"411322": make_user("helper_fang", Role.HELPER, north.parent),
               "411321": make_user("helper_nan", Role.HELPER, south.parent)}
    help_households(city_office, fangcheng, helpers["411322"], "方帮扶")
    help_households(city_office, nanzhao, helpers["411321"], "南帮扶")
    return campaign, fangcheng, nanzhao, helpers


def test_answers_at_visits_open_a_draft_for_the_dissatisfied_county_only(two_counties, settings,
                                                                         django_capture_on_commit_callbacks):
    """Recording a visit re-runs the rules (the SatisfactionRecorded event); each household counts once, its
    latest answer winning; a visit before the campaign's window does not count."""
    settings.ACCOUNTABILITY_MIN_SATISFACTION_ANSWERS = 3
    campaign, fangcheng, nanzhao, helpers = two_counties
    today, before = date.today(), date.today() - timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        visit(fangcheng[0], helpers["411322"], today - timedelta(days=2), True)
        visit(fangcheng[0], helpers["411322"], today, False)  # the later answer wins
        visit(fangcheng[1], helpers["411322"], today, False)
        visit(fangcheng[2], helpers["411322"], today, True)
        visit(nanzhao[0], helpers["411321"], before, False)  # before the window: not counted
        visit(nanzhao[0], helpers["411321"], today, True)
        visit(nanzhao[1], helpers["411321"], today - timedelta(days=1), False)
        visit(nanzhao[1], helpers["411321"], today, True)
        visit(nanzhao[2], helpers["411321"], today, True)
    assert {code: (s.asked, s.dissatisfied, s.rate) for code, s in satisfaction.by_county(campaign).items()} \
        == {"411321": (3, 0, 100.0), "411322": (3, 2, 33.3)}
    assert drafts() == [("satisfaction", "411322", "", "4113", "负责帮扶工作的主管领导",
                         "方城县群众满意度 33.3%，低于 90%", "draft")]
    assert Case.objects.get().evidence == {"asked": 3, "dissatisfied": 2, "rate": 33.3, "floor": 90.0}
