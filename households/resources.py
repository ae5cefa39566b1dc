"""Importing household rosters (the national system's export: one row per household, Chinese headers)."""

import tablib
from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from accounts.roles import Capability
from accounts.scoping import scope_codes
from units.models import AdminUnit, Level

from . import idnumber
from .models import Household

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
        text = str(value or "").strip().replace("“", "").replace("”", "").replace('"', "")
        if text not in self.labels:
            raise ValueError(f"户类型“{value}”不正确，应为 {'、'.join(self.labels)} 之一")
        return self.labels[text]


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip()
        if text in ("是", "1", "√", "Y", "y"):
            return True
        if text in ("否", "0", "", "N", "n"):
            return False
        raise ValueError(f"应填“是”或“否”，实际为“{value}”")


class CountWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            raise ValueError(f"应为整数，实际为“{value}”")
        if number < 0:
            raise ValueError("不能为负数")
        return number


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return "" if value is None else str(value).strip()


class VillageWidget(widgets.Widget):
    def __init__(self):
        self.villages = None

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip()
        if self.villages is None:
            self.villages = set(AdminUnit.objects.filter(level=Level.VILLAGE).values_list("code", flat=True))
        if code not in self.villages:
            raise ValueError(f"村代码“{code}”不存在")
        return AdminUnit(code=code, level=Level.VILLAGE)


def _field(attribute, widget):
    return fields.Field(attribute=attribute, column_name=COLUMNS[attribute], widget=widget)


class HouseholdRosterResource(resources.ModelResource):
    number = _field("number", TextWidget())
    head_name = _field("head_name", TextWidget())
    village = _field("village", VillageWidget())
    kind = _field("kind", KindWidget())
    members = _field("members", CountWidget())
    members_able_to_work = _field("members_able_to_work", CountWidget())
    has_elderly = _field("has_elderly", YesNoWidget())
    has_disabled = _field("has_disabled", YesNoWidget())
    has_petitioner = _field("has_petitioner", YesNoWidget())
    has_special_hardship = _field("has_special_hardship", YesNoWidget())
    helper_name = _field("helper_name", TextWidget())
    helper_phone = _field("helper_phone", TextWidget())
    phone = _field("phone", TextWidget())

    class Meta:
        model = Household
        import_id_fields = ["number"]
        fields = list(COLUMNS)
        exclude = ["id"]
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        use_bulk = False

    def __init__(self, *, user):
        super().__init__()
        self.user = user
        self.allowed = [""] if user.is_superuser else scope_codes(user, Capability.ADMINISTER)
        self.numbers_seen: dict[str, int] = {}
        self.ids_seen: dict[str, int] = {}
        self.row_number = 0

    def before_import_row(self, row, **kwargs):
        self.row_number = kwargs.get("row_number") or self.row_number + 1

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        line = self.row_number + 1  # the header is line 1
        number = str(row.get(COLUMNS["number"]) or "").strip()
        if not number:
            errors.setdefault("number", []).append("户编号不能为空")
        elif number in self.numbers_seen:
            errors.setdefault("number", []).append(f"户编号与第 {self.numbers_seen[number]} 行重复")
        else:
            self.numbers_seen[number] = line
        reason = idnumber.validation_error(str(row.get(COLUMNS["id_number"]) or ""))
        if reason:
            errors.setdefault("id_number", []).append(reason)
        else:
            instance.set_id_number(str(row.get(COLUMNS["id_number"])))
            digest = instance.id_number_hash
            if digest in self.ids_seen:
                errors.setdefault("id_number", []).append(f"身份证号与第 {self.ids_seen[digest]} 行重复")
            elif Household.objects.filter(id_number_hash=digest).exclude(number=number).exists():
                errors.setdefault("id_number", []).append("身份证号已登记在其他农户")
            self.ids_seen.setdefault(digest, line)
        village_id = getattr(instance, "village_id", None)
        if village_id and "village" not in errors and not any(village_id.startswith(c) for c in self.allowed):
            errors.setdefault("village", []).append(f"村代码“{village_id}”不在您的管辖范围内")
        if not errors.get("members") and not errors.get("members_able_to_work") and \
                instance.members is not None and instance.members_able_to_work is not None and \
                instance.members_able_to_work > instance.members:
            errors.setdefault("members_able_to_work", []).append("劳动力人数不能超过家庭人口")
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or not original or not original.pk:
            return False
        return all(getattr(instance, name) == getattr(original, name) for name in COMPARED)


def dataset_from(header: list[str], rows: list[tuple]) -> tablib.Dataset:
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ValueError(f"缺少必需的列：{'、'.join(missing)}")
    width = len(header)
    return tablib.Dataset(*[tuple(row[:width]) + (None,) * (width - len(row)) for row in rows], headers=header)
