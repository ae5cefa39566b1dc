"""Hostile values in every households form, the roster import and every API filter: a 4xx or a
Chinese error, nothing saved, never a 500.

Each test sends a fixed list of known-bad values, then hypothesis-made text mixing them with
ordinary characters (few examples each: the whole file runs in a few seconds).
"""

import io
import itertools
import re
from urllib.parse import quote

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from households.models import Household
from households.tests.test_roster_import import HEADER, good_row
from households.validators import HOUSEHOLD_NUMBER

ODD = ["\u200f", "\u200e", "\u202e", "\u200b", "\ufeff", "😀", "\x00", "\x07"]
BAD = ["", "   ", "x" * 5000, "9" * 400, "-1", "-99999999999999999999", "abc", "1e308", "NaN",
       "张\u200f三", "张\u200b三", "张三😀", "张\x00三", "\u202e13800000000", "１２"]
odd_text = st.builds(lambda head, odd, tail: head + odd + tail,
                     st.text(max_size=8), st.sampled_from(ODD), st.text(max_size=8))
FUZZ = settings(max_examples=5, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
CHINESE = re.compile(r"[\u4e00-\u9fff]")
OPTIONAL_COLUMNS = {"帮扶责任人", "帮扶责任人电话", "联系电话", "老人", "残疾人", "信访人", "特殊困难"}


def saved_state():
    return (list(Household.objects.order_by("pk").values_list()), LogEntry.objects.count())


def excel_text(value: str) -> str:
    """What openpyxl refuses to write (NUL, control characters) as Excel's own _xHHHH_ escape."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda m: f"_x{ord(m.group()):04X}_", value)


def roster_with(values: list[str], village) -> tuple[io.BytesIO, dict]:
    """For each value, one row per column with that column's cell set to the value; also
    {line: value} of the rows that must be refused (a value no column accepts)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    must_fail = {}
    for number, (value, (index, column)) in enumerate(itertools.product(values, enumerate(HEADER))):
        if column in OPTIONAL_COLUMNS and not value.strip() or column == "户编号" and HOUSEHOLD_NUMBER.match(value):
            continue  # a valid value there: blank optional cells, "abc" as a household number
        row = good_row(f"F{number}", village, 1000 + number)
        row[index] = excel_text(value)
        sheet.append(row)
        if any(ch in value for ch in ODD) or len(value) > 50:
            must_fail[sheet.max_row] = (column, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name, buffer.size = "fuzz.xlsx", len(buffer.getvalue())
    return buffer, must_fail


def refused(response) -> str:
    body = response.content.decode()
    assert response.status_code in (200, 400, 403, 404, 422), response.status_code
    assert CHINESE.search(body)
    return body


@pytest.fixture
def fuzz_client(client, county_office, household):
    client.force_login(county_office)
    return client


def check_import(client, village, values: list[str]):
    before = saved_state()
    upload, must_fail = roster_with(values, village)
    response = client.post(reverse("households:import"), {"file": upload})
    body = refused(response)
    preview = response.context.get("preview")
    if preview is not None:  # the rows with a value no column accepts carry a reason
        assert preview.has_errors and "确认导入" not in body
        accepted = {row.line: must_fail[row.line] for row in preview.rows if row.line in must_fail and not row.errors}
        assert not accepted
    assert saved_state() == before


ADMIN_FIELDS = ["number", "village", "head_name", "id_number", "kind", "members", "members_able_to_work", "phone",
                "helper_name", "helper_phone"]


def check_admin(client, household, values: list[str], urls=None):
    """One post per value; each field gets every value across the posts (rotated)."""
    before = saved_state()
    urls = urls or [reverse("admin:households_household_add"),
                    reverse("admin:households_household_change", args=[household.pk])]
    for shift in range(len(values)):
        data = {name: values[(shift + i) % len(values)] for i, name in enumerate(ADMIN_FIELDS)}
        response = client.post(urls[shift % len(urls)], data)
        assert response.status_code != 302
        assert "errornote" in refused(response)
    assert saved_state() == before


def check_reveal(client, household, value):
    before = saved_state()
    url = reverse("households:reveal", args=[household.pk])
    for data in ({"field": "phone", "reason": value}, {"field": value, "reason": "入户核实情况"}):
        response = client.post(url, data)
        assert response.status_code == 400
        refused(response)
    assert saved_state() == before


def check_filters(client, household, village, value):
    """Each parameter alone: several at once would stop at the first invalid one."""
    before = saved_state()
    household_params = ["q", "kind", "has_elderly", "has_disabled", "has_petitioner", "has_special_hardship",
                        "key_person", "unit", "cursor"]
    for name in household_params:
        assert client.get(reverse("household-list"), {name: value}).status_code in (200, 400, 404), name
    for name in ["q", "kind", "page"]:
        assert client.get(reverse("units:detail", args=[village.code]), {name: value}).status_code in (200, 400)
    for name in ["parent", "level", "within"]:
        assert client.get(reverse("unit-list"), {name: value}).status_code in (200, 400, 404), name
    if value:
        assert client.get(f"/api/households/{quote(value, safe='')}/").status_code in (400, 404)
        assert client.get(f"/api/units/{quote(value, safe='')}/").status_code in (400, 404)
        assert client.get(f"/households/{quote(value, safe='')}/").status_code in (400, 404)
    assert saved_state() == before


def test_known_bad_values_are_refused_by_the_import(fuzz_client, village):
    check_import(fuzz_client, village, BAD)


def test_known_bad_values_are_refused_by_the_admin_form(fuzz_client, household):
    check_admin(fuzz_client, household, BAD)


def test_known_bad_values_are_refused_by_the_reveal_form(fuzz_client, household):
    for value in BAD:
        check_reveal(fuzz_client, household, value)


@pytest.mark.parametrize("value", BAD)
def test_known_bad_filter_values_answer_without_a_server_error(fuzz_client, household, village, value):
    check_filters(fuzz_client, household, village, value)


@FUZZ
@given(values=st.lists(odd_text, min_size=3, max_size=3))
def test_odd_unicode_is_refused_by_the_import_admin_and_reveal(fuzz_client, household, village, values):
    check_import(fuzz_client, village, values)
    check_admin(fuzz_client, household, values,
                urls=[reverse("admin:households_household_change", args=[household.pk])])
    check_reveal(fuzz_client, household, values[0])


@FUZZ
@given(value=st.one_of(odd_text, st.text(max_size=300), st.integers().map(str)))
def test_any_filter_value_answers_without_a_server_error(fuzz_client, household, village, value):
    check_filters(fuzz_client, household, village, value)


def test_a_forged_api_cursor_is_a_400_with_a_chinese_reason(fuzz_client):
    response = fuzz_client.get(reverse("household-list"), {"cursor": "not-a-cursor"})
    assert response.status_code == 400 and response.json() == {"cursor": ["分页游标无效，请从第一页重新开始"]}
