"""知晓、满意: recorded at the helper's visit and by a spot check's inspector, counted per unit."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from campaigns.models import Phase
from checklists.tests.conftest import fangcheng_household_answers
from spotchecks import services as spotchecks
from spotchecks.models import Inspection
from tests.factories import make_campaign, make_household
from visits.models import Satisfaction
from visits.selectors import SatisfactionCounts, satisfaction_by_unit

from .conftest import assign
from .test_month_table import make_visit

pytestmark = pytest.mark.django_db


def answer(household, day, knows, satisfied, source="visit", campaign=None, helper=None):
    visit = make_visit(household, helper, day) if source == "visit" else None
    if visit:
        row = visit.satisfaction
        row.knows_helper, row.satisfied = knows, satisfied
        row.save()
        return row
    return Satisfaction.objects.create(household=household, village_id=household.village_id, source=source,
                                       campaign=campaign, asked_on=day, knows_helper=knows, satisfied=satisfied,
                                       recorded_by=helper)


@pytest.fixture
def spot_check(templates, county, county_office, outsider, household, checker):
    from checklists.models import Submission

    campaign = make_campaign(county, [templates["fangcheng-household"]], by=county_office)
    Submission.objects.filter(campaign=campaign).update(status="approved", checker=checker)
    Phase.objects.create(campaign=campaign, kind=Phase.Kind.COUNTY_REVIEW, starts_on=date.today() - timedelta(days=1),
                         ends_on=date.today() + timedelta(days=5))
    check = spotchecks.create_spot_check(by=county_office, campaign=campaign, unit=county, kind="county",
                                         subject="household", strata="none", size_per_stratum=10, seed=3)
    spotchecks.publish(check, by=county_office)
    spotchecks.assign_inspector(check, county_code=county.code, inspector=outsider, by=county_office)
    return check


def test_an_inspector_records_satisfaction_with_the_household_inspection(client, spot_check, outsider, helper,
                                                                        household, township_office):
    assign(township_office, [household], helper, "李帮扶")
    item = Inspection.objects.get(spot_check=spot_check, household=household)
    client.force_login(outsider)
    url = reverse("spotchecks:inspection", args=[item.pk])
    data = {**fangcheng_household_answers(), "action": "save", "version": item.version}
    response = client.post(url, {**data, "satisfaction_known": "yes"})
    assert response.status_code == 422 and "请同时选择“是否知晓帮扶责任人”和“是否满意”" in response.content.decode()
    assert not Satisfaction.objects.exists()

    assert client.post(url, {**data, "satisfaction_known": "yes", "satisfaction_satisfied": "no"}).status_code == 302
    item.refresh_from_db()
    row = Satisfaction.objects.get()
    assert (item.satisfaction, row.source, row.campaign, row.household, row.helper, row.knows_helper, row.satisfied,
            row.recorded_by) == (row, "spot_check", spot_check.campaign, household, helper, True, False, outsider)
    assert 'value="no" checked' in client.get(url).content.decode()

    # saved again: the same answer changes, no second one
    client.post(url, {**data, "version": item.version, "satisfaction_known": "no", "satisfaction_satisfied": "no"})
    assert list(Satisfaction.objects.values_list("knows_helper", "satisfied")) == [(False, False)]


def test_a_village_inspection_asks_no_satisfaction(templates, county, county_office):
    inspection = Inspection(household=None)
    assert spotchecks.satisfaction_answers(inspection, {"satisfaction_known": "yes"}) == (None, "")


def test_counts_per_unit_for_a_period(helper, county_office, village, sibling_village, other_township_village,
                                      outside_household, outsider):
    a, b, c = make_household(village), make_household(sibling_village), make_household(other_township_village)
    answer(a, date(2026, 11, 2), True, True, helper=helper)
    answer(a, date(2026, 11, 20), True, False, helper=helper)
    answer(b, date(2026, 11, 5), False, False, helper=helper)
    answer(c, date(2026, 11, 6), True, True, helper=helper)
    answer(c, date(2026, 10, 6), False, False, helper=helper)  # before the period
    answer(outside_household, date(2026, 11, 6), False, False, helper=outsider)  # another county
    november = {"start": date(2026, 11, 1), "end": date(2026, 11, 30)}
    assert satisfaction_by_unit(county_office, unit_code="411322", level="township", **november) == {
        "411322100": SatisfactionCounts(asked=3, known=2, satisfied=1),
        "411322101": SatisfactionCounts(asked=1, known=1, satisfied=1),
    }
    assert satisfaction_by_unit(county_office, unit_code="411322", level="village", **november) == {
        "411322100001": SatisfactionCounts(2, 2, 1), "411322100002": SatisfactionCounts(1, 0, 0),
        "411322101001": SatisfactionCounts(1, 1, 1),
    }
    # the reader's scope applies; the system (None) reads everything
    assert satisfaction_by_unit(outsider, unit_code="4113", level="county", **november) == {
        "411321": SatisfactionCounts(1, 0, 0)}
    assert satisfaction_by_unit(None, unit_code="4113", level="county", **november) == {
        "411321": SatisfactionCounts(1, 0, 0), "411322": SatisfactionCounts(4, 3, 2)}
    assert SatisfactionCounts(4, 3, 2).satisfied_rate == 50.0 and SatisfactionCounts(0, 0, 0).known_rate is None


def test_counts_for_a_campaign(templates, county, county_office, helper, village):
    from campaigns.models import Phase

    campaign = make_campaign(county, [templates["fangcheng-household"]], by=county_office)  # 排查 7/10–7/30
    Phase.objects.create(campaign=campaign, kind=Phase.Kind.CITY_SPOT_CHECK, starts_on=date(2026, 8, 1),
                         ends_on=date(2026, 8, 20))
    other = make_campaign(county, [templates["fangcheng-household"]], by=county_office, name="另一行动")
    a = make_household(village)
    answer(a, date(2026, 8, 10), True, True, source="spot_check", campaign=campaign, helper=county_office)
    answer(a, date(2026, 8, 10), False, False, source="spot_check", campaign=other, helper=county_office)
    answer(a, date(2026, 7, 15), True, False, helper=helper)  # a visit within the campaign's span
    answer(a, date(2026, 9, 1), False, False, helper=helper)  # after it
    assert satisfaction_by_unit(county_office, unit_code="411322", level="county", campaign=campaign) == {
        "411322": SatisfactionCounts(asked=2, known=2, satisfied=1)}
