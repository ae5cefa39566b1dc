"""A 且末-style ledger: problems of households, villages and a township routed to 卫健, 住建 or left with the
township, in the personas' county (方城县 411322, two townships) and one in the outsider's county."""

from datetime import date, timedelta

import pytest

from accounts.roles import Role
from rectification.models import Measure, Problem
from rectification.services import record_problem
from tests.factories import make_campaign, make_user

HELP_FORMS = ["qiemo-household", "qiemo-village", "qiemo-township", "qiemo-household-help", "qiemo-village-help",
              "qiemo-township-help"]


def department_of(name):
    def build(county):
        from units.models import Department

        return Department.objects.get_or_create(county=county, name=name)[0]

    return build


@pytest.fixture
def health(county):
    return department_of("卫健委")(county)


@pytest.fixture
def housing(county):
    return department_of("住建局")(county)


@pytest.fixture
def housing_user(housing):
    return make_user("housing_staff", Role.DEPARTMENT, housing.county, department="住建局")


@pytest.fixture
def outside_department(outside_village):
    from units.models import Department

    return Department.objects.get_or_create(county_id="411321", name="卫健委")[0]


def build_qiemo_campaign(templates, county, county_office):
    return make_campaign(county, [templates[c] for c in HELP_FORMS], by=county_office, name="且末式回头看回头帮",
                         document_number="且扶贫领字发〔2026〕31号")


@pytest.fixture
def qiemo_campaign(templates, county, county_office, household, village):
    return build_qiemo_campaign(templates, county, county_office)


def build_ledger(qiemo_campaign, county_office, department_user, health, housing, household, village, sibling_village,
                 township, other_township_village):
    """Six problems, numbered in this order:
    1 household (卫健), 2 village (住建局), 3 village (township answers), 4 sibling village (卫健),
    5 township itself (住建局), 6 other township's village (卫健)."""
    def record(unit, department, category, description, household=None):
        return record_problem(by=county_office, campaign=qiemo_campaign, unit=unit, source="county_recheck",
                              category=category, description=description, department=department,
                              household=household)

    problems = [
        record(village, health, "基本医疗有保障", "慢病签约未落实", household=household),
        record(village, housing, "有文化活动室", "文化室未建成"),
        record(village, None, "有集体收入", "村集体收入不足5万元"),
        record(sibling_village, health, "有卫生室", "卫生室无村医"),
        record(township, housing, "有便民服务中心", "便民服务中心未挂牌"),
        record(other_township_village, health, "有卫生室", "卫生室设备不全"),
    ]
    deadline = date.today() + timedelta(days=30)
    Problem.objects.filter(pk__in=[p.pk for p in problems]).update(mode="deadline", deadline=deadline)
    Problem.objects.filter(pk=problems[0].pk).update(evidence_text="已签约")
    Measure.objects.create(problem=problems[0], position=1, content="家庭医生签约", created_by=county_office)
    return [Problem.objects.get(pk=p.pk) for p in problems]


LEDGER_NEEDS = ("qiemo_campaign", "county_office", "department_user", "health", "housing", "household", "village",
                "sibling_village", "township", "other_township_village")


@pytest.fixture
def ledger(request):
    return build_ledger(*(request.getfixturevalue(name) for name in LEDGER_NEEDS))


# The ledger and what it needs, for a test module that builds it once (tests/module_scope.py).
SHARED_LEDGER = {
    "health": (("county",), department_of("卫健委")),
    "housing": (("county",), department_of("住建局")),
    "qiemo_campaign": (("templates", "county", "county_office", "household", "village"),
                       lambda templates, county, office, household, village: build_qiemo_campaign(templates, county,
                                                                                                   office)),
    "ledger": (LEDGER_NEEDS, build_ledger),
}


@pytest.fixture
def outside_problem(templates, outside_village, outsider, outside_department):
    campaign = make_campaign(outside_village.parent.parent, [templates["qiemo-household"]], by=outsider,
                             name="外县回头看")
    return record_problem(by=outsider, campaign=campaign, unit=outside_village, source="county_recheck",
                          category="有卫生室", description="外县卫生室", department=outside_department)


def set_status(problem, status, **fields):
    Problem.objects.filter(pk=problem.pk).update(status=status, **fields)
