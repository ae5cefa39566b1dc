"""Bad cells in a roster give a Chinese reason on their row, never a crash; blank optional cells import."""

import pytest

from households import imports
from households.models import Household
from households.resources import COLUMNS
from households.tests.test_roster_import import HEADER, good_row, roster

OPTIONAL = ["老人", "残疾人", "信访人", "特殊困难", "帮扶责任人", "帮扶责任人电话", "联系电话"]


def errors_of(user, row):
    preview = imports.preview(user, roster([row]))
    assert preview.counts["error"] == 1
    return preview.rows[0].errors


@pytest.mark.parametrize("cell, value, reason", [
    ("家庭人口", 10**30, "不能超过 99"),
    ("家庭人口", -3, "不能为负数"),
    ("家庭人口", "9" * 5000, "不能超过 99"),
    ("家庭人口", 2.5, "应为整数，实际为“2.5”"),
    ("家庭人口", "", "不能为空"),
    ("劳动力人数", "1e308", "应为整数，实际为“1e308”"),
    ("户主姓名", "", "户主姓名不能为空"),
    ("户主姓名", "张" * 51, "户主姓名不能超过 50 个字"),
    ("户主姓名", "张\u200b三", "户主姓名含有不允许的字符（只能是文字和“·”）"),
    ("户主姓名", "张\u202e三", "户主姓名含有不允许的字符（只能是文字和“·”）"),
    ("户主姓名", "张三😀", "户主姓名含有不允许的字符（只能是文字和“·”）"),
    ("户主姓名", "张_x0000_三", "户主姓名含有不允许的字符（只能是文字和“·”）"),  # calamine reads _x0000_ as NUL
    ("户编号", "N_x0000_1", "户编号应为 1～30 位数字或字母（可含“-”，不以“-”开头）"),
    ("身份证号", "_x0000_", "身份证号码应为 18 位（前 17 位为数字，最后一位为数字或 X）"),
    ("帮扶责任人", "李" * 60, "帮扶责任人不能超过 50 个字"),
    ("联系电话", "1" * 40, "联系电话应为 5～20 位数字（可含“-”）"),
    ("帮扶责任人电话", "一三八", "帮扶责任人电话应为 5～20 位数字（可含“-”）"),
    ("户编号", "N" * 31, "户编号应为 1～30 位数字或字母（可含“-”，不以“-”开头）"),
    ("户编号", "", "户编号不能为空"),
    ("村代码", "4" * 5000, "村代码应为 12 位数字，实际为“44444444444444444444…”"),
    ("户类型", "脱贫户" * 100, "户类型“脱贫户脱贫户脱贫户脱贫户脱贫户脱贫户脱贫…”不正确，应为 脱贫户、监测户、十类群体户、低收入户、一般户 之一"),
])
def test_a_bad_cell_is_refused_with_its_column_and_reason(township_office, village, cell, value, reason):
    row = good_row("B1", village, 1, **{cell: value})
    assert errors_of(township_office, row) == [(cell, reason)]
    with pytest.raises(imports.RosterError):
        imports.apply(township_office, roster([row]))
    assert not Household.objects.exists()


def test_a_name_of_a_minority_with_its_separator_is_accepted(township_office, village):
    imports.apply(township_office, roster([good_row("M1", village, 1, 户主姓名="买买提·艾力")]))
    assert Household.objects.get().head_name == "买买提·艾力"


def test_blank_optional_cells_import_as_blank(township_office, village):
    row = good_row("E1", village, 1, **{name: None for name in OPTIONAL})
    assert imports.apply(township_office, roster([row])) == {"new": 1, "update": 0, "skip": 0}
    household = Household.objects.get()
    assert (household.phone, household.helper_name, household.helper_phone, household.has_elderly) == ("", "", "", False)


def test_a_roster_without_the_optional_columns_imports(township_office, village):
    required = [h for h in HEADER if h not in OPTIONAL]
    full = good_row("E2", village, 2)
    row = [full[HEADER.index(h)] for h in required]
    assert imports.apply(township_office, roster([row], header=required)) == {"new": 1, "update": 0, "skip": 0}
    assert Household.objects.get().phone == ""


def test_clearing_a_phone_by_a_blank_cell_updates_it(township_office, village):
    imports.apply(township_office, roster([good_row("E3", village, 3)]))
    assert imports.apply(township_office, roster([good_row("E3", village, 3, 联系电话=None)]))["update"] == 1
    assert Household.objects.get().phone == ""


@pytest.mark.postgres
def test_copy_on_postgresql_keeps_blank_optional_cells_blank(township_office, village):
    rows = [good_row(f"P{i}", village, i, **{name: None for name in OPTIONAL}) for i in range(3)]
    assert imports.apply(township_office, roster(rows))["new"] == 3
    assert set(Household.objects.values_list("phone", "helper_phone", "helper_name")) == {("", "", "")}


@pytest.mark.parametrize("birth", ["20990101", "19990231", "18991231", "19991301", "19990000"])
def test_an_id_number_with_an_impossible_birth_date_is_refused(township_office, village, birth):
    from households.idnumber import check_char

    first17 = f"411322{birth}123"
    row = good_row("D1", village, 1, 身份证号=first17 + check_char(first17))
    [(column, reason)] = errors_of(township_office, row)
    assert column == COLUMNS["id_number"] and reason.startswith("身份证号码中的出生日期")


def test_a_database_conflict_at_write_time_is_a_roster_error_without_the_row(township_office, village, monkeypatch):
    from django.db import IntegrityError

    def clash(rows):
        raise IntegrityError('duplicate key\nDETAIL:  Key (number)=(W1) already exists.')

    monkeypatch.setattr(imports, "insert_households", clash)
    with pytest.raises(imports.RosterError) as caught:
        imports.apply(township_office, roster([good_row("W1", village, 1)]))
    assert "W1" not in str(caught.value) and caught.value.__cause__ is None and caught.value.__suppress_context__
    assert not Household.objects.exists()
