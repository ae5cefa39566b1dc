"""Each seed's work list, counted against a registry by the seed's own rule.

The registry: in 方城县 (411322), two townships and six villages, one of each status
(脱贫村 that exited 2015 / 2017 / 2019, a 贫困村 not yet exited, a 一般村, one with no status
recorded); in every village one household of each kind with no key person and one with
each key person. The expected counts are computed from that list in Python, by the rule
the seed states, never from the database.
"""

from collections import Counter
from dataclasses import dataclass

import pytest

from demo.campaigns import seed_forms
from campaigns.services import build_work_list, create_campaign
from checklists.models import FormLevel, Submission
from households.models import Household
from tests.factories import make_household, make_unit

KINDS = list(Household.Kind.values)
FLAGS = ["has_elderly", "has_disabled", "has_petitioner", "has_special_hardship"]
VILLAGES = [  # code, village_type, exit_year
    ("411322200001", "poverty_exited", 2015),
    ("411322200002", "poverty_exited", 2017),
    ("411322200003", "poverty_exited", 2019),
    ("411322201001", "poverty", None),
    ("411322201002", "general", None),
    ("411322201003", "", None),
]


@dataclass(frozen=True)
class Home:
    pk: int
    village: str
    kind: str
    flags: frozenset


@pytest.fixture
def registry(county):
    homes = []
    for code, village_type, exit_year in VILLAGES:
        village = make_unit(code, village_type=village_type, exit_year=exit_year)
        for kind in KINDS:
            for flag in [None, *FLAGS]:
                household = make_household(village, kind=kind, **({flag: True} if flag else {}))
                homes.append(Home(household.pk, code, kind, frozenset([flag] if flag else [])))
    return homes


def work_list(templates, plan, scope, by, year=2022):
    chosen = [t for code, t in templates.items() if code.startswith(f"{plan}-")]
    campaign = create_campaign(by=by, name=f"{plan} 回头看", document_number="测〔2022〕1号", issuing_unit=scope,
                               scope_unit=scope, year=year, phases=[("screening", "2022-07-10", "2022-07-30")],
                               forms=seed_forms(chosen))
    build_work_list(campaign)
    return campaign, Counter(Submission.objects.filter(campaign=campaign).values_list("template__code", flat=True))


def households_of(campaign, code):
    return set(Submission.objects.filter(campaign=campaign, template__code=code).values_list("household_id", flat=True))


def units_of(campaign, code):
    return set(Submission.objects.filter(campaign=campaign, template__code=code).values_list("unit_id", flat=True))


def test_fangcheng_reaches_the_header_kinds_and_every_key_household_and_key_person(registry, templates, county,
                                                                                  county_office):
    campaign, counts = work_list(templates, "fangcheng", county, county_office)
    # 附件1 header: 十类群体户/脱贫户/监测户; 五(二): 低收入户 and 老人户 必到, 信访人/残疾人/特殊困难群众 必访
    reached = {h.pk for h in registry if h.kind in {"ten_groups", "poverty_exited", "monitored", "low_income"}
               or h.flags & set(FLAGS)}
    assert households_of(campaign, "fangcheng-household") == reached
    assert counts == {"fangcheng-household": len(reached), "fangcheng-village": len(VILLAGES),
                      "fangcheng-township": 2, "fangcheng-county": 1}
    low_income = next(h for h in registry if h.kind == "low_income" and not h.flags)
    general_elderly = next(h for h in registry if h.kind == "general" and h.flags == {"has_elderly"})
    ordinary = {h.pk for h in registry if h.kind == "general" and not h.flags}
    assert {low_income.pk, general_elderly.pk} <= reached
    assert not ordinary & households_of(campaign, "fangcheng-household") and len(ordinary) == len(VILLAGES)


def test_fangcheng_marks_key_households_as_must_visit(registry, templates, county, county_office):
    campaign, _ = work_list(templates, "fangcheng", county, county_office)
    key = set(Submission.objects.filter(campaign=campaign, is_key=True).values_list("household_id", flat=True))
    assert key == {h.pk for h in registry if h.kind in {"poverty_exited", "monitored", "low_income"} or h.flags}


def test_qiemo_village_form_goes_to_villages_that_exited_2014_to_2017_only(registry, templates, county,
                                                                          county_office):
    campaign, counts = work_list(templates, "qiemo", county, county_office, year=2018)
    exited = {code for code, village_type, year in VILLAGES
              if village_type == "poverty_exited" and 2014 <= year <= 2017}
    assert units_of(campaign, "qiemo-village") == units_of(campaign, "qiemo-village-help") == exited
    assert "411322201002" not in units_of(campaign, "qiemo-village")  # a 一般村 gets no 附件2
    poverty_households = {h.pk for h in registry if h.kind == "poverty_exited"}  # 脱贫人口, whatever key persons
    assert households_of(campaign, "qiemo-household") == poverty_households
    assert counts == {"qiemo-household": len(poverty_households), "qiemo-household-help": len(poverty_households),
                      "qiemo-village": 2, "qiemo-village-help": 2, "qiemo-township": 2, "qiemo-township-help": 2}


def test_fuzhou_forms_go_to_every_township_and_the_county(registry, templates, county, county_office):
    _, counts = work_list(templates, "fuzhou", county, county_office, year=2018)
    assert counts == {"fuzhou-township": 2, "fuzhou-county": 1}


def test_city_template_identification_covers_every_rural_household(registry, templates, county, city_office):
    city = county.parent
    campaign, counts = work_list(templates, "city", city, city_office, year=2024)
    assert households_of(campaign, "city-identification") == {h.pk for h in registry}  # incl. every 一般户
    assert counts == {"city-identification": len(registry), "city-helpers": len(VILLAGES), "city-funds": 1}


@pytest.mark.parametrize("level", [FormLevel.TOWNSHIP, FormLevel.COUNTY])
def test_unit_forms_reach_units_of_their_level_only(registry, templates, county, county_office, level):
    campaign, _ = work_list(templates, "fangcheng", county, county_office)
    units = Submission.objects.filter(campaign=campaign, template__level=level).values_list("unit__level", flat=True)
    assert set(units) == {level}
