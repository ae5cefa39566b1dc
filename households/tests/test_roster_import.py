import io

import pytest
from openpyxl import Workbook

from households import imports
from demo.households import id_number
from households.models import Household
from households.resources import COLUMNS

HEADER = list(COLUMNS.values())


def roster(rows, header=HEADER):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name, buffer.size = "roster.xlsx", len(buffer.getvalue())
    return buffer


def good_row(number, village, seed, **overrides):
    import random

    values = {"户编号": number, "户主姓名": "张三", "身份证号": id_number(random.Random(seed), "411322"),
              "村代码": village.code, "户类型": "脱贫户", "家庭人口": 4, "劳动力人数": 2, "老人": "是",
              "残疾人": "否", "信访人": "否", "特殊困难": "否", "帮扶责任人": "李四", "帮扶责任人电话": "13800000000",
              "联系电话": "13900000000"}
    values.update(overrides)
    return [values[h] for h in HEADER]


def test_preview_then_import_then_reimport_changes_nothing(township_office, village):
    rows = [good_row(f"N{i}", village, i) for i in range(5)]
    preview = imports.preview(township_office, roster(rows))
    assert preview.counts == {"new": 5, "update": 0, "skip": 0, "error": 0}
    assert not Household.objects.exists()  # a preview writes nothing

    assert imports.apply(township_office, roster(rows)) == {"new": 5, "update": 0, "skip": 0}
    household = Household.objects.get(number="N0")
    assert household.kind == "poverty_exited" and household.has_elderly and household.members == 4

    assert imports.preview(township_office, roster(rows)).counts == {"new": 0, "update": 0, "skip": 5, "error": 0}
    rows[1] = good_row("N1", village, 1, 家庭人口=6)
    preview = imports.preview(township_office, roster(rows))
    assert preview.counts == {"new": 0, "update": 1, "skip": 4, "error": 0}
    assert [p.kind for p in preview.rows] == ["skip", "update", "skip", "skip", "skip"]


def test_each_error_names_row_column_and_reason(township_office, village, other_township_village):
    rows = [
        good_row("A1", village, 1),
        good_row("A2", village, 2, 身份证号="110105194912310021"),
        good_row("A3", village, 3, 村代码="999999999999"),
        good_row("A4", other_township_village, 4),
        good_row("A1", village, 5),
        good_row("A6", village, 1),
        good_row("A7", village, 7, 户类型="富裕户", 劳动力人数="两个"),
        good_row("A8", village, 8, 劳动力人数=9),
    ]
    preview = imports.preview(township_office, roster(rows))
    errors = {p.line: p.errors for p in preview.rows if p.errors}
    assert errors[3] == [("身份证号", "身份证号码校验位不正确")]
    assert errors[4] == [("村代码", "村代码“999999999999”不存在")]
    assert errors[5] == [("村代码", f"村代码“{other_township_village.code}”不在您的管辖范围内")]
    assert ("户编号", "户编号与第 2 行重复") in errors[6]
    assert ("身份证号", "身份证号与第 2 行重复") in errors[7]
    assert ("户类型", "户类型“富裕户”不正确，应为 脱贫户、监测户、十类群体户、低收入户、一般户 之一") in errors[8]
    assert ("劳动力人数", "应为整数，实际为“两个”") in errors[8]
    assert errors[9] == [("劳动力人数", "劳动力人数不能超过家庭人口")]
    assert preview.counts["error"] == 7 and preview.counts["new"] == 1


def test_a_file_with_errors_imports_nothing(township_office, village):
    rows = [good_row("B1", village, 1), good_row("B2", village, 2, 身份证号="123")]
    with pytest.raises(imports.RosterError, match="未导入任何数据"):
        imports.apply(township_office, roster(rows))
    assert not Household.objects.exists()


def test_missing_columns_are_named(township_office):
    with pytest.raises(imports.RosterError, match="缺少必需的列：身份证号"):
        imports.preview(township_office, roster([], header=[h for h in HEADER if h != "身份证号"]))


def test_id_numbers_imported_are_stored_protected(township_office, village):
    rows = [good_row("C1", village, 1)]
    imports.apply(township_office, roster(rows))
    household = Household.objects.get()
    assert household.id_number_masked.startswith("411322") and "*" in household.id_number_masked


def test_import_pages_preview_then_confirm(client, township_office, village):
    from django.urls import reverse

    from households.models import RosterUpload

    client.force_login(township_office)
    rows = [good_row("P1", village, 1), good_row("P2", village, 2)]
    response = client.post(reverse("households:import"), {"file": roster(rows)})
    body = response.content.decode()
    assert "新增 <b>2</b> 户" in body and not Household.objects.exists()
    upload = RosterUpload.objects.get()
    client.post(reverse("households:import_confirm", args=[upload.pk]))
    assert Household.objects.count() == 2


def test_a_bad_row_blocks_the_confirm_button(client, township_office, village):
    from django.urls import reverse

    client.force_login(township_office)
    body = client.post(reverse("households:import"),
                       {"file": roster([good_row("Q1", village, 1, 身份证号="1")])}).content.decode()
    assert "身份证号：身份证号码应为 18 位" in body and "确认导入" not in body


def test_someone_elses_upload_cannot_be_confirmed(client, township_office, county_office, village):
    from django.urls import reverse

    from households.models import RosterUpload

    client.force_login(township_office)
    client.post(reverse("households:import"), {"file": roster([good_row("R1", village, 1)])})
    client.force_login(county_office)
    assert client.post(reverse("households:import_confirm", args=[RosterUpload.objects.get().pk])).status_code == 404
    assert not Household.objects.exists()


def test_checkers_cannot_import(client, checker):
    from django.urls import reverse

    client.force_login(checker)
    assert client.get(reverse("households:import")).status_code == 404


def test_an_import_updates_changed_rows_and_re_encrypts_a_changed_id_number(township_office, village):
    from households import idnumber

    rows = [good_row(f"U{i}", village, i) for i in range(3)]
    imports.apply(township_office, roster(rows))
    untouched = Household.objects.get(number="U2")
    new_id = good_row("U1", village, 99)[HEADER.index("身份证号")]
    rows[0] = good_row("U0", village, 0, 家庭人口=6, 户主姓名="王五")
    rows[1] = good_row("U1", village, 99)
    assert imports.apply(township_office, roster(rows)) == {"new": 0, "update": 2, "skip": 1}
    changed = Household.objects.get(number="U0")
    assert (changed.members, changed.head_name) == (6, "王五") and changed.updated_at > untouched.updated_at
    moved = Household.objects.get(number="U1")
    assert idnumber.decrypt(moved.id_number_cipher) == new_id
    assert moved.id_number_hash == idnumber.lookup_hash(new_id) and moved.id_number_masked == idnumber.mask(new_id)
    assert Household.objects.get(number="U2").updated_at == untouched.updated_at


def test_a_long_preview_lists_every_error_and_a_bounded_number_of_other_rows(township_office, village):
    rows = [good_row(f"L{i}", village, i) for i in range(imports.SHOWN_ROWS + 20)]
    rows.append(good_row("LX", village, 10_000, 身份证号="1"))
    preview = imports.preview(township_office, roster(rows))
    assert len(preview.shown) == imports.SHOWN_ROWS + 1 and preview.shown[0].kind == "error"
    assert preview.hidden == 20
