"""A county review (县级复核) of six households in two townships with planted disagreements, and a ledger."""

from datetime import date, timedelta

import pytest

from accounts.roles import Role
from campaigns.models import Phase
from checklists import engine
from checklists.models import Submission
from checklists.tests.conftest import fangcheng_household_answers
from spotchecks import services as spotchecks
from spotchecks.models import Inspection
from tests.factories import make_campaign, make_household, make_user
from tests.module_scope import share_per_module

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def identification(**overrides):
    data = {"meets_standard": "yes", "registered": "yes", "wrongly_out": "no", "wrongly_in": "no",
            "no_archive": "no"}
    data.update(overrides)
    return data


UNSATISFIED = {"helper_unsatisfied": "yes", "helper_unsatisfied__desc": "帮扶干部很少来"}


def build_review(templates, county, county_office, village, other_township_village, checker, outsider):
    """Households 甲0–甲3 in 凤瑞街道 (411322100), 乙0–乙1 in 释之街道 (411322101). Planted: 甲0 water missed by
    the self-check, 甲1 housing over-reported, 甲2 应进未进, 乙0 应出未出; 甲0, 甲1 and 乙1 tell the inspector
    they are not satisfied with their helper (the township reported them satisfied)."""
    households = [make_household(village, head_name=f"甲{i}") for i in range(4)]
    households += [make_household(other_township_village, head_name=f"乙{i}") for i in range(2)]
    used = [templates["fangcheng-household"], templates["city-identification"]]
    campaign = make_campaign(county, used, by=county_office)
    campaign.error_threshold = 25
    campaign.save(update_fields=["error_threshold"])
    Phase.objects.create(campaign=campaign, kind=Phase.Kind.COUNTY_REVIEW, starts_on=date.today() - timedelta(days=1),
                         ends_on=date.today() + timedelta(days=5))
    reported = {1: fangcheng_household_answers(housing_unsafe="yes", housing_unsafe__desc="危房")}
    for index, household in enumerate(households):
        for template, data in zip(used, (reported.get(index, fangcheng_household_answers()), identification())):
            form = Submission.objects.get(campaign=campaign, template=template, household=household)
            form.answers, errors = engine.validate(template, data, final=True)
            assert not errors, errors
            form.status, form.checker = "approved", checker
            form.save()
    spot_check = spotchecks.create_spot_check(by=county_office, campaign=campaign, unit=county, kind="county",
                                              subject="household", strata="township", size_per_stratum=10, seed=3)
    spotchecks.publish(spot_check, by=county_office)
    spotchecks.assign_inspector(spot_check, county_code=county.code, inspector=outsider, by=county_office)
    found = {
        0: (fangcheng_household_answers(water_unsafe="yes", water_unsafe__desc="井水浑浊", **UNSATISFIED),
            identification()),
        1: (fangcheng_household_answers(**UNSATISFIED), identification()),
        2: (fangcheng_household_answers(), identification(registered="no", wrongly_out="yes",
                                                          wrongly_out__desc="符合标准未纳入")),
        3: (fangcheng_household_answers(), identification()),
        4: (fangcheng_household_answers(), identification(meets_standard="no", wrongly_in="yes",
                                                          wrongly_in__desc="已不符合标准")),
        5: (fangcheng_household_answers(**UNSATISFIED), identification()),
    }
    for index, household in enumerate(households):
        for template, data in zip(used, found[index]):
            item = Inspection.objects.get(spot_check=spot_check, template=template, household=household)
            errors = spotchecks.save_inspection(item, by=outsider, data=data, version=item.version, submit=True)
            assert errors == {}, errors
    return spot_check


# The review is built once per test module; every test gets it (and the personas) fresh.
share_per_module(globals(), review=(
    ("templates", "county", "county_office", "village", "other_township_village", "checker", "outsider"),
    build_review))


@pytest.fixture
def discipline(county):
    return make_user("county_discipline", Role.DISCIPLINE, county)


@pytest.fixture
def city_discipline(county):
    return make_user("city_discipline", Role.DISCIPLINE, county.parent)


@pytest.fixture
def outside_discipline(outside_village):
    return make_user("outside_discipline", Role.DISCIPLINE, outside_village.parent.parent)
