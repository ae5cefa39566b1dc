from datetime import date, timedelta

import pytest
from django.urls import reverse

from assistance.models import HelpList
from assistance.services import AssistanceError, hand_help_lists
from assistance.tests.conftest import SHARED_LEDGER
from tests.module_scope import share_per_module

pytestmark = pytest.mark.django_db
share_per_module(globals(), **SHARED_LEDGER)  # the ledger is built once for the module
LIMIT = date.today() + timedelta(days=60)


def lists_as_rows():
    return sorted(
        (hl.unit_id, hl.department.name if hl.department_id else "", hl.deadline,
         sorted(hl.problems.values_list("number", flat=True)))
        for hl in HelpList.objects.all()
    )


def test_the_county_hands_one_list_per_village_or_township_and_responsible_unit(ledger, qiemo_campaign,
                                                                                 county_office, county):
    touched = hand_help_lists(by=county_office, campaign=qiemo_campaign, unit=county, deadline=LIMIT)
    assert len(touched) == 6
    assert lists_as_rows() == [
        ("411322100", "住建局", LIMIT, [5]),
        ("411322100001", "", LIMIT, [3]),
        ("411322100001", "住建局", LIMIT, [2]),
        ("411322100001", "卫健委", LIMIT, [1]),
        ("411322100002", "卫健委", LIMIT, [4]),
        ("411322101001", "卫健委", LIMIT, [6]),
    ]


def test_handing_again_adds_only_the_new_problems_and_the_new_time_limit(ledger, qiemo_campaign, county_office,
                                                                         county, village, health):
    from rectification.services import record_problem

    hand_help_lists(by=county_office, campaign=qiemo_campaign, unit=county, deadline=LIMIT)
    later = record_problem(by=county_office, campaign=qiemo_campaign, unit=village, source="county_recheck",
                           category="有卫生室", description="新发现", department=health)
    hand_help_lists(by=county_office, campaign=qiemo_campaign, unit=county, deadline=LIMIT + timedelta(days=5))
    rows = lists_as_rows()
    assert len(rows) == 6 and {r[2] for r in rows} == {LIMIT + timedelta(days=5)}
    assert ("411322100001", "卫健委", LIMIT + timedelta(days=5), [1, later.number]) in rows
    assert sum(len(r[3]) for r in rows) == 7  # no problem listed twice


def test_a_township_gets_its_own_lists_and_a_withdrawn_problem_is_left_out(ledger, qiemo_campaign, county_office,
                                                                             township):
    from rectification.models import Problem

    Problem.objects.filter(pk=ledger[3].pk).update(status=Problem.Status.WITHDRAWN)
    hand_help_lists(by=county_office, campaign=qiemo_campaign, unit=township, deadline=LIMIT)
    assert lists_as_rows() == [
        ("411322100", "住建局", LIMIT, [5]),
        ("411322100001", "", LIMIT, [3]),
        ("411322100001", "住建局", LIMIT, [2]),
        ("411322100001", "卫健委", LIMIT, [1]),
    ]


@pytest.mark.parametrize("persona", ["township_office", "department_user", "checker", "outsider"])
def test_only_a_county_office_over_the_unit_hands_lists(request, ledger, qiemo_campaign, county, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(AssistanceError):
        hand_help_lists(by=user, campaign=qiemo_campaign, unit=county, deadline=LIMIT)
    assert not HelpList.objects.exists()


def test_a_time_limit_in_the_past_is_refused(ledger, qiemo_campaign, county_office, county):
    with pytest.raises(AssistanceError, match="完成时限"):
        hand_help_lists(by=county_office, campaign=qiemo_campaign, unit=county, deadline=date.today() - timedelta(1))


def test_each_reader_sees_the_lists_of_its_own(client, ledger, qiemo_campaign, county_office, county,
                                               department_user, housing_user, township_office,
                                               other_township_office, outsider):
    hand_help_lists(by=county_office, campaign=qiemo_campaign, unit=county, deadline=LIMIT)
    shown = {}
    for user in (county_office, department_user, housing_user, township_office, other_township_office, outsider):
        client.force_login(user)
        page = client.get(reverse("assistance:lists")).content.decode()
        shown[user.username] = sorted(
            (hl.unit_id, hl.responsible_label) for hl in HelpList.objects.all()
            if reverse("assistance:list_detail", args=[hl.pk]) + '"' in page)
    assert shown == {
        "county_office": sorted([("411322100", "住建局"), ("411322100001", "所在乡镇（街道）"),
                                 ("411322100001", "住建局"), ("411322100001", "卫健委"), ("411322100002", "卫健委"),
                                 ("411322101001", "卫健委")]),
        "dept_health": [("411322100001", "卫健委"), ("411322100002", "卫健委"), ("411322101001", "卫健委")],
        "housing_staff": [("411322100", "住建局"), ("411322100001", "住建局")],
        "township_office": sorted([("411322100", "住建局"), ("411322100001", "所在乡镇（街道）"),
                                   ("411322100001", "住建局"), ("411322100001", "卫健委"), ("411322100002", "卫健委")]),
        "other_township_office": [("411322101001", "卫健委")],
        "outsider": [],
    }
    other = HelpList.objects.get(unit_id="411322100001", department__name="住建局")
    client.force_login(department_user)
    assert client.get(reverse("assistance:list_detail", args=[other.pk])).status_code == 404


def test_the_list_page_shows_the_ledger_as_it_is_now(client, ledger, qiemo_campaign, county_office, county,
                                                     department_user, health):
    hand_help_lists(by=county_office, campaign=qiemo_campaign, unit=county, deadline=LIMIT)
    mine = HelpList.objects.get(unit_id="411322100001", department=health)
    client.force_login(department_user)
    page = client.get(reverse("assistance:list_detail", args=[mine.pk])).content.decode()
    assert ledger[0].display_number in page and "家庭医生签约" in page
    assert ledger[3].display_number not in page  # another village's list
    assert reverse("assistance_reports:help_list", args=[mine.pk, "household"]) in page
    assert reverse("assistance_reports:help_list", args=[mine.pk, "village"]) not in page


def test_the_hand_form_keeps_what_was_typed_and_says_what_is_wrong(client, ledger, qiemo_campaign, county_office,
                                                                   county):
    client.force_login(county_office)
    response = client.post(reverse("assistance:hand"), {"campaign": qiemo_campaign.pk, "unit": county.code,
                                                        "deadline": "2020-01-01", "note": "请按时完成"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "完成时限不能早于今天" in page and "请按时完成" in page
    assert not HelpList.objects.exists()
    response = client.post(reverse("assistance:hand"), {"campaign": qiemo_campaign.pk, "unit": county.code,
                                                        "deadline": LIMIT.isoformat()})
    assert response.status_code == 302 and HelpList.objects.count() == 6

