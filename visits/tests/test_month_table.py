"""The month table: who visited which households, which had no visit, per helper and per village."""

import re
from datetime import date, datetime, timezone as tz

import pytest
from django.urls import reverse

from tests.factories import make_household
from visits.models import Satisfaction, Visit

from .conftest import assign

pytestmark = pytest.mark.django_db
MONTH = "2026-11"


def make_visit(household, helper, day):
    visit = Visit.objects.create(household=household, village_id=household.village_id, helper=helper, visited_on=day,
                                 work_done="走访", manuals_checked=True, checked_in_at=datetime(2026, 11, 30, tzinfo=tz.utc))
    Satisfaction.objects.create(household=household, village_id=household.village_id, helper=helper, source="visit",
                                visit=visit, asked_on=day, knows_helper=True, satisfied=True, recorded_by=helper)
    return visit


@pytest.fixture
def month_data(county_office, helper, other_helper, village, sibling_village, other_township_village,
               outside_household, outsider):
    a1 = make_household(village, number="411322100001A1", head_name="张一")
    a2 = make_household(village, number="411322100001A2", head_name="张二")
    b1 = make_household(sibling_village, number="411322100002B1", head_name="王三")
    none = make_household(sibling_village, number="411322100002N1", head_name="赵四")
    far = make_household(other_township_village, number="411322101001C1", head_name="钱五")
    assign(county_office, [a1, a2, far], helper, "李帮扶")
    assign(county_office, [b1], other_helper, "王帮扶")
    make_visit(a1, helper, date(2026, 11, 3))
    make_visit(a1, helper, date(2026, 11, 28))
    make_visit(a2, helper, date(2026, 10, 31))  # last month: a2 had no visit in November
    make_visit(b1, helper, date(2026, 11, 15))  # visited by a helper standing in for its own
    make_visit(far, helper, date(2026, 12, 1))  # next month
    make_visit(outside_household, outsider, date(2026, 11, 10))
    return a1, a2, b1, none, far


def table(page: str) -> list[list[str]]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_county_office_sees_every_household_of_the_month(client, county_office, month_data):
    client.force_login(county_office)
    page = client.get(reverse("visits:month"), {"month": MONTH}).content.decode()
    assert "方城县" in page and "2026年11月" in page
    assert table(page) == [
        ["新华街社区", "411322100001A1", "张一", "李帮扶", "2 次", "2026-11-28", "李帮扶"],
        ["新华街社区", "411322100001A2", "张二", "李帮扶", "未走访", "—", ""],
        ["和平社区", "411322100002B1", "王三", "王帮扶", "1 次", "2026-11-15", "李帮扶"],
        ["和平社区", "411322100002N1", "赵四", "未指派", "未走访", "—", ""],
        ["释之社区", "411322101001C1", "钱五", "李帮扶", "未走访", "—", ""],
    ]


def test_per_helper_and_per_village(client, county_office, helper, month_data):
    client.force_login(county_office)
    by_helper = client.get(reverse("visits:month"), {"month": MONTH, "view": "helper"}).content.decode()
    # households by assigned helper; visits are those the helper recorded in the month
    assert table(by_helper) == [
        ["未指派（无账号）", "1", "0", "1", "0"],
        ["李帮扶", "3", "1", "2", "3"],
        ["王帮扶", "1", "1", "0", "0"],
    ]
    by_village = client.get(reverse("visits:month"), {"month": MONTH, "view": "village"}).content.decode()
    assert table(by_village) == [
        ["新华街社区", "2", "2", "1", "1", "2026-11-28"],
        ["和平社区", "2", "1", "1", "1", "2026-11-15"],
        ["释之社区", "1", "1", "0", "1", "—"],
    ]


def test_filters_unvisited_of_one_helper(client, county_office, helper, month_data):
    client.force_login(county_office)
    page = client.get(reverse("visits:month"), {"month": MONTH, "helper": helper.pk, "status": "unvisited"})
    assert [row[1] for row in table(page.content.decode())] == ["411322100001A2", "411322101001C1"]
    page = client.get(reverse("visits:month"), {"month": MONTH, "helper": "none"})
    assert [row[1] for row in table(page.content.decode())] == ["411322100002N1"]


def test_township_office_sees_its_villages_only(client, township_office, month_data):
    client.force_login(township_office)
    page = client.get(reverse("visits:month"), {"month": MONTH}).content.decode()
    assert [row[1] for row in table(page)] == ["411322100001A1", "411322100001A2", "411322100002B1", "411322100002N1"]
    assert client.get(reverse("visits:month"), {"month": MONTH, "unit": "411322101"}).status_code == 404
    assert client.get(reverse("visits:month"), {"month": MONTH, "unit": "411322"}).status_code == 404


def test_the_table_is_paginated_and_counts_its_queries(client, county_office, village, month_data,
                                                       django_assert_max_num_queries):
    for n in range(60):
        make_household(village, number=f"411322100001P{n:02d}")
    client.force_login(county_office)
    with django_assert_max_num_queries(12):
        first = client.get(reverse("visits:month"), {"month": MONTH}).content.decode()
    assert len(table(first)) == 50 and "第 1 / 2 页" in first
    second = client.get(reverse("visits:month"), {"month": MONTH, "page": 2}).content.decode()
    assert len(table(second)) == 15


def test_the_excel_export_holds_the_same_rows(client, county_office, month_data):
    from openpyxl import load_workbook
    import io

    client.force_login(county_office)
    response = client.get(reverse("reports:visits_month"), {"month": MONTH})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [list(r) for r in sheet.iter_rows(min_row=5, values_only=True) if r[0] is not None and
            isinstance(r[0], int)]
    assert [[r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7] and r[7].date(), r[8]] for r in rows] == [
        [1, "凤瑞街道", "新华街社区", "411322100001A1", "张一", "李帮扶", 2, date(2026, 11, 28), "李帮扶"],
        [2, "凤瑞街道", "新华街社区", "411322100001A2", "张二", "李帮扶", 0, None, None],
        [3, "凤瑞街道", "和平社区", "411322100002B1", "王三", "王帮扶", 1, date(2026, 11, 15), "李帮扶"],
        [4, "凤瑞街道", "和平社区", "411322100002N1", "赵四", "未指派", 0, None, None],
        [5, "释之街道", "释之社区", "411322101001C1", "钱五", "李帮扶", 0, None, None],
    ]


def test_a_helper_is_found_by_name_too(client, county_office, month_data):
    client.force_login(county_office)
    page = client.get(reverse("visits:month"), {"month": MONTH, "helper": "王帮扶"}).content.decode()
    assert [row[1] for row in table(page)] == ["411322100002B1"]
