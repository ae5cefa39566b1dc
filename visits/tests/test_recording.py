"""A helper records visits to their own households, and only to those."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from visits.models import Satisfaction, Visit

pytestmark = pytest.mark.django_db


def visit_data(**changes):
    return {"visited_on": timezone.localdate().isoformat(), "work_done": "宣讲产业奖补政策，帮助联系就业岗位",
            "needs": "希望介绍县城务工岗位", "manuals_checked": "yes", "manuals_note": "", "knows_helper": "yes",
            "satisfied": "yes", "location": "declined", **changes}


def test_helper_records_a_visit_checked_in_at_server_time(client, helper, helped):
    client.force_login(helper)
    before = timezone.now()
    response = client.post(reverse("visits:record", args=[helped.pk]),
                           visit_data(location="given", latitude="33.254321", longitude="113.012345", accuracy="18.4"))
    assert response.status_code == 302 and response.url == reverse("visits:household", args=[helped.pk])
    visit = Visit.objects.get()
    assert (visit.household, visit.helper, visit.village_id, visit.visited_on, visit.work_done, visit.needs,
            visit.manuals_checked, visit.location, str(visit.latitude), str(visit.longitude), visit.accuracy) == (
        helped, helper, helped.village_id, timezone.localdate(), "宣讲产业奖补政策，帮助联系就业岗位", "希望介绍县城务工岗位",
        True, "given", "33.254321", "113.012345", 18)
    assert before <= visit.checked_in_at <= timezone.now()
    answer = Satisfaction.objects.get()
    assert (answer.source, answer.visit, answer.household, answer.helper, answer.knows_helper, answer.satisfied,
            answer.asked_on) == ("visit", visit, helped, helper, True, True, timezone.localdate())
    page = client.get(response.url).content.decode()
    assert "宣讲产业奖补政策" in page and "已定位" in page and "知晓 / 满意" in page


def test_a_declined_location_is_recorded_without_a_place(client, helper, helped):
    client.force_login(helper)
    client.post(reverse("visits:record", args=[helped.pk]),
                visit_data(location="declined", latitude="33.1", longitude="113.1"))
    visit = Visit.objects.get()
    assert (visit.location, visit.latitude, visit.longitude, visit.accuracy) == ("declined", None, None, None)


@pytest.mark.parametrize("changes, error", [
    ({"visited_on": (timezone.localdate() + timedelta(days=1)).isoformat()}, "走访日期不能晚于今天"),
    ({"visited_on": (timezone.localdate() - timedelta(days=40)).isoformat()}, "只能补记 31 天内的走访"),
    ({"work_done": ""}, "请填写帮扶工作内容"),
    ({"manuals_checked": "no", "manuals_note": ""}, "手册未核对或填写不清的，请说明情况"),
    ({"satisfied": ""}, "请选择“农户对帮扶工作满意”"),
])
def test_a_bad_visit_is_refused_with_its_reason_and_nothing_typed_is_lost(client, helper, helped, changes, error):
    client.force_login(helper)
    response = client.post(reverse("visits:record", args=[helped.pk]), visit_data(**changes))
    page = response.content.decode()
    assert response.status_code == 422 and error in page
    assert "希望介绍县城务工岗位" in page
    assert not Visit.objects.exists() and not Satisfaction.objects.exists()


def test_helper_sees_only_their_own_households(client, helper, helped, not_mine, outside_household):
    client.force_login(helper)
    page = client.get(reverse("visits:mine")).content.decode()
    assert helped.number in page and not_mine.number not in page and outside_household.number not in page
    for other in (not_mine, outside_household):
        assert client.get(reverse("visits:record", args=[other.pk])).status_code == 404
        assert client.post(reverse("visits:record", args=[other.pk]), visit_data()).status_code == 404
        assert client.get(reverse("visits:household", args=[other.pk])).status_code == 404
        assert client.get(reverse("households:detail", args=[other.pk])).status_code == 404
    assert not Visit.objects.exists()


def test_a_helper_without_any_other_role_sees_no_unit_and_no_household_page(client, helper, helped):
    client.force_login(helper)
    assert client.get(reverse("households:detail", args=[helped.pk])).status_code == 404
    assert client.get(reverse("visits:month")).status_code == 404
    assert client.get(reverse("visits:assign")).status_code == 404


def test_the_village_office_staff_read_visits_but_only_the_helper_records(client, helper, helped, checker,
                                                                          township_office, outsider):
    client.force_login(helper)
    client.post(reverse("visits:record", args=[helped.pk]), visit_data())
    for reader in (checker, township_office):
        client.force_login(reader)
        assert "宣讲产业奖补政策" in client.get(reverse("visits:household", args=[helped.pk])).content.decode()
        assert client.post(reverse("visits:record", args=[helped.pk]), visit_data()).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("visits:household", args=[helped.pk])).status_code == 404
    assert Visit.objects.count() == 1


def test_a_deactivated_helper_records_nothing(client, helper, helped):
    helper.is_active = False
    helper.save()
    client.force_login(helper)
    assert client.post(reverse("visits:record", args=[helped.pk]), visit_data()).status_code in (302, 404)
    assert not Visit.objects.exists()


def test_a_helper_lands_on_a_home_page_that_leads_to_their_households(client, helper, helped):
    client.force_login(helper)
    home = client.get(reverse("home"))
    page = home.content.decode()
    assert home.status_code == 200 and "帮扶责任人" in page and reverse("visits:mine") in page
    assert reverse("units:detail", args=["411322100"]) not in page
