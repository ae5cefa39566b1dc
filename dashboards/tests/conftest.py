import random
from collections import Counter
from datetime import date, timedelta

import pytest

from checklists.models import Submission
from households.models import Household
from rectification.models import Problem
from accounts.roles import Role
from rectification.access import may_record
from rectification.services import record_problem
from tests.factories import make_campaign, make_household, make_unit, make_user

VILLAGES = ["411322100001", "411322100002", "411322101001", "411321100001", "411321100002"]
CATEGORIES = ["住房保障", "教育帮扶", "健康帮扶", "安全饮水"]
SOURCES = ["unannounced", "public_report", "county_recheck", "finding"]
TODAY = date(2026, 8, 1)


@pytest.fixture
def city_campaign(templates, county_office):
    return build_city_campaign(templates, county_office)


def build_city_campaign(templates, county_office):
    """A city-wide campaign over two counties with known, varied households, forms and problems."""
    rng = random.Random(11)
    for code in VILLAGES:
        village = make_unit(code)
        for _ in range(rng.randint(3, 6)):
            make_household(village, kind=rng.choice(list(Household.Kind.values)),
                           has_elderly=rng.random() < 0.3)
    city = make_unit("4113")
    campaign = make_campaign(city, [templates["fangcheng-household"], templates["fangcheng-village"]],
                             by=county_office, target_kinds=["poverty_exited", "monitored", "low_income"])
    for submission in Submission.objects.filter(campaign=campaign):
        submission.status = rng.choice(list(Submission.Status.values))
        submission.save(update_fields=["status"])
    for _ in range(25):
        add_random_problem(campaign, rng, county_office)
    return campaign


def add_random_problem(campaign, rng, by):
    unit = make_unit(rng.choice(VILLAGES + ["411322100", "411322", "4113"]))
    # problems anywhere in the city are recorded by the city office (record_problem checks who records where)
    if not may_record(by, unit.code, "unannounced"):
        by = make_user("city_recorder", Role.CITY_OFFICE, make_unit("4113"))
    problem = record_problem(by=by, campaign=campaign, unit=unit, source=rng.choice(SOURCES),
                             category=rng.choice(CATEGORIES), description="随机问题")
    status = rng.choice(["open", "rectifying", "rectified", "closed", "withdrawn"])
    problem.mode = "deadline"
    problem.deadline = TODAY + timedelta(days=rng.randint(-10, 10))
    problem.status = status
    problem.save()
    return problem


def direct_figures(campaign, code, today=TODAY) -> dict:
    """Each figure counted straight from the source rows, one query per figure."""
    forms = Submission.objects.filter(campaign=campaign, unit__code__subtree=code)
    households = forms.filter(template__level="household")
    villages = forms.filter(template__level="village")
    done = ["submitted", "approved"]
    problems = Problem.objects.filter(campaign=campaign, unit__code__subtree=code).exclude(status="withdrawn")
    return {
        "households_total": households.count(),
        "households_checked": households.exclude(status="not_started").count(),
        "households_submitted": households.filter(status__in=done).count(),
        "households_approved": households.filter(status="approved").count(),
        "households_returned": households.filter(status="returned").count(),
        "key_total": households.filter(is_key=True).count(),
        "key_done": households.filter(is_key=True, status__in=done).count(),
        "villages_total": villages.count(),
        "villages_checked": villages.exclude(status="not_started").count(),
        "villages_submitted": villages.filter(status__in=done).count(),
        "villages_approved": villages.filter(status="approved").count(),
        "villages_returned": villages.filter(status="returned").count(),
        "problems_total": problems.count(),
        "problems_rectified": problems.filter(status__in=["rectified", "closed"]).count(),
        "problems_closed": problems.filter(status="closed").count(),
        "problems_overdue": problems.filter(deadline__lt=today).exclude(status="closed").count(),
        "by_category": dict(Counter(problems.values_list("category", flat=True))),
        "by_source": dict(Counter(problems.values_list("source", flat=True))),
    }


def stored_figures(summary) -> dict:
    from dashboards.models import COUNTS

    return {**{name: getattr(summary, name) for name in COUNTS}, "by_category": summary.by_category,
            "by_source": summary.by_source}
