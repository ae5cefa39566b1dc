"""The household roster as the national system exports it: one row per household, Chinese headers.

django-import-export declares which column fills which field and how each cell is read
(the widgets); households/imports.py checks and writes a whole file at once with them.
"""

from import_export import fields, resources, widgets

from .models import Household
from .validators import (COMMON_NAME, HOUSEHOLD_NUMBER, PHONE, VILLAGE_CODE, name_problem, number_problem,
                         phone_problem, shown)

COLUMNS = {
    "number": "户编号", "head_name": "户主姓名", "id_number": "身份证号", "village": "村代码", "kind": "户类型",
    "members": "家庭人口", "members_able_to_work": "劳动力人数", "has_elderly": "老人", "has_disabled": "残疾人",
    "has_petitioner": "信访人", "has_special_hardship": "特殊困难", "helper_name": "帮扶责任人",
    "helper_phone": "帮扶责任人电话", "phone": "联系电话",
}
REQUIRED = ["户编号", "户主姓名", "身份证号", "村代码", "户类型", "家庭人口", "劳动力人数"]
COMPARED = ["head_name", "village_id", "kind", "members", "members_able_to_work", "has_elderly", "has_disabled",
            "has_petitioner", "has_special_hardship", "helper_name", "helper_phone", "phone", "id_number_hash"]


class KindWidget(widgets.Widget):
    labels = {label: value for value, label in Household.Kind.choices}

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip().replace("“", "").replace("”", "").replace('"', "")
        if text not in self.labels:
            raise ValueError(f"户类型“{shown(text)}”不正确，应为 {'、'.join(self.labels)} 之一")
        return self.labels[text]


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip()
        if text in ("是", "1", "√", "Y", "y"):
            return True
        if text in ("否", "0", "", "N", "n"):
            return False
        raise ValueError(f"应填“是”或“否”，实际为“{shown(text)}”")


class CountWidget(widgets.Widget):
    MAXIMUM = 99  # people in one registered household; the column holds up to 32,767

    def clean(self, value, row=None, **kwargs):
        if type(value) is int and 0 <= value <= self.MAXIMUM:  # what calamine gives for a whole number
            return value
        text = str(value if value is not None else "").strip()
        if not text:
            raise ValueError("不能为空")
        digits = text.removeprefix("-")
        if not (digits.isascii() and digits.isdigit()):
            raise ValueError(f"应为整数，实际为“{shown(text)}”")
        if text.startswith("-"):
            raise ValueError("不能为负数")
        if len(digits) > 4 or int(digits) > self.MAXIMUM:  # length first: int() refuses 4,300+ digits
            raise ValueError(f"不能超过 {self.MAXIMUM}")
        return int(digits)


class TextWidget(widgets.Widget):
    """Text with a check: a text matching `accept` passes at once; any other is asked
    `problem(text)`, which answers the reason it is refused, or None."""

    def __init__(self, accept, problem, required_label: str = ""):
        self.accept, self.problem, self.required_label = accept, problem, required_label

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if self.accept.match(text):
            return text
        if not text:
            if self.required_label:
                raise ValueError(f"{self.required_label}不能为空")
            return ""
        reason = self.problem(text)
        if reason:
            raise ValueError(reason)
        return text


class VillageWidget(widgets.Widget):
    """A village code; `villages` holds the codes of the file that exist (looked up once per file)."""

    def __init__(self):
        self.villages: set[str] = set()

    def clean(self, value, row=None, **kwargs):
        code = str(value if value is not None else "").strip()
        if not VILLAGE_CODE.match(code):
            raise ValueError(f"村代码应为 12 位数字，实际为“{shown(code)}”")
        if code not in self.villages:
            raise ValueError(f"村代码“{code}”不存在")
        return code


def _field(attribute, widget, column=None):
    return fields.Field(attribute=attribute, column_name=COLUMNS[column or attribute], widget=widget)


class HouseholdRosterResource(resources.ModelResource):
    number = _field("number", TextWidget(HOUSEHOLD_NUMBER, number_problem, required_label="户编号"))
    head_name = _field("head_name", TextWidget(COMMON_NAME, lambda text: name_problem(text, "户主姓名"),
                                               required_label="户主姓名"))
    village = _field("village_id", VillageWidget(), column="village")
    kind = _field("kind", KindWidget())
    members = _field("members", CountWidget())
    members_able_to_work = _field("members_able_to_work", CountWidget())
    has_elderly = _field("has_elderly", YesNoWidget())
    has_disabled = _field("has_disabled", YesNoWidget())
    has_petitioner = _field("has_petitioner", YesNoWidget())
    has_special_hardship = _field("has_special_hardship", YesNoWidget())
    helper_name = _field("helper_name", TextWidget(COMMON_NAME, lambda text: name_problem(text, "帮扶责任人")))
    helper_phone = _field("helper_phone", TextWidget(PHONE, lambda text: phone_problem(text, "帮扶责任人电话")))
    phone = _field("phone", TextWidget(PHONE, lambda text: phone_problem(text, "联系电话")))

    class Meta:
        model = Household
        import_id_fields = ["number"]
        fields = list(COLUMNS)
        exclude = ["id"]
