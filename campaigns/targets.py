"""Whom one form of a campaign must reach (排查对象): household kinds and key persons for a
household form, village statuses and exit years for a village form, every unit of the
level for a township or county form; a county form may also go to the county's departments
(县直行业部门: all of them, or those chosen by name)."""

from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q

from checklists.models import FormLevel
from households.models import Household
from units.models import AdminUnit, Department
from units.village_status import FIRST_EXIT_YEAR, LAST_EXIT_YEAR

KINDS = dict(Household.Kind.choices)
KEY_PERSONS = {"has_elderly": "有老人的户", "has_disabled": "有残疾人的户", "has_petitioner": "有信访人的户",
               "has_special_hardship": "有特殊困难群众的户"}
VILLAGE_TYPES = dict(AdminUnit.VillageType.choices)
# 重点户必到 (方城 五(二)): these kinds and every household with a key person are marked 必到.
DEPARTMENT_NAME_LENGTH = Department._meta.get_field("name").max_length
KEY_KINDS = (Household.Kind.POVERTY_EXITED, Household.Kind.MONITORED, Household.Kind.LOW_INCOME)


@dataclass(frozen=True)
class Targets:
    household_kinds: tuple[str, ...] = ()
    key_persons: tuple[str, ...] = ()
    village_types: tuple[str, ...] = ()  # none: every village, whatever its status
    exit_year_from: int | None = None
    exit_year_to: int | None = None
    departments: tuple[str, ...] = ()  # county departments by name (those the county has registered)
    all_departments: bool = False  # every department of the county

    def errors(self, level: str) -> list[str]:
        """What is wrong with these targets for a form of `level`, in Chinese; empty when valid."""
        errors = []
        if level != FormLevel.HOUSEHOLD and (self.household_kinds or self.key_persons):
            errors.append("只有入户表可以按户类型和重点人员选择对象")
        if level != FormLevel.VILLAGE and (self.village_types or self._has_years):
            errors.append("只有村级表可以按村类型和退出年度选择对象")
        if level == FormLevel.HOUSEHOLD:
            if set(self.household_kinds) - set(KINDS) or set(self.key_persons) - set(KEY_PERSONS):
                errors.append("户类型或重点人员不在可选范围内")
            elif not (self.household_kinds or self.key_persons):
                errors.append("请至少选择一种户类型或重点人员")
        if level == FormLevel.VILLAGE:
            errors += self._village_errors()
        if self.reaches_departments:
            if level != FormLevel.COUNTY:
                errors.append("只有县级表可以发给县直行业部门")
            elif self.all_departments and self.departments:
                errors.append("发给全部县直行业部门时不必再指定部门")
            elif any(not name.strip() or len(name) > DEPARTMENT_NAME_LENGTH for name in self.departments):
                errors.append(f"部门名称不能为空，且不超过 {DEPARTMENT_NAME_LENGTH} 个字")
        return errors

    @property
    def reaches_departments(self) -> bool:
        return self.all_departments or bool(self.departments)

    @property
    def _has_years(self) -> bool:
        return self.exit_year_from is not None or self.exit_year_to is not None

    def _village_errors(self) -> list[str]:
        errors = []
        if set(self.village_types) - set(VILLAGE_TYPES):
            errors.append("村类型不在可选范围内")
        years = [y for y in (self.exit_year_from, self.exit_year_to) if y is not None]
        if any(not FIRST_EXIT_YEAR <= y <= LAST_EXIT_YEAR for y in years):
            errors.append(f"退出年度应在 {FIRST_EXIT_YEAR}–{LAST_EXIT_YEAR} 之间")
        elif len(years) == 2 and self.exit_year_from > self.exit_year_to:
            errors.append("退出年度的起始年份不能晚于截止年份")
        if years and tuple(self.village_types) != (AdminUnit.VillageType.POVERTY_EXITED,):
            errors.append("按退出年度选择时，村类型只能选“脱贫村”")
        return errors

    def describe(self, level: str) -> str:
        """The targets as an office reads them: 脱贫户、监测户，及有老人的户."""
        if level == FormLevel.HOUSEHOLD:
            kinds = "、".join(KINDS[k] for k in self.household_kinds)
            persons = "、".join(KEY_PERSONS[k] for k in self.key_persons)
            return "，及".join(p for p in (kinds, persons) if p)
        if level == FormLevel.VILLAGE:
            if not self.village_types:
                return "全部村"
            text = "、".join(VILLAGE_TYPES[t] for t in self.village_types)
            if self._has_years:
                text += f"（{self.exit_year_from or '不限'}–{self.exit_year_to or '不限'} 年退出）"
            return text
        text = f"全部{FormLevel(level).label}"
        if self.all_departments:
            return text + "，及全部县直行业部门"
        if self.departments:
            return text + "，及县直行业部门：" + "、".join(self.departments)
        return text

    def household_condition(self) -> Q:
        condition = Q(kind__in=self.household_kinds) if self.household_kinds else Q(pk__in=[])
        for flag in self.key_persons:
            condition |= Q(**{flag: True})
        return condition

    def households(self, scope_code: str):
        """The households in the subtree of `scope_code` this form must reach, each with `is_key`."""
        key = Q(kind__in=KEY_KINDS)
        for flag in KEY_PERSONS:
            key |= Q(**{flag: True})
        return (Household.objects.in_subtree(scope_code).filter(self.household_condition())
                .annotate(is_key_=ExpressionWrapper(key, output_field=BooleanField())))

    def units(self, scope_code: str, level: str):
        """The units (villages, townships or counties) in the subtree this form must reach."""
        units = AdminUnit.objects.in_subtree(scope_code)
        if level == FormLevel.VILLAGE:
            return units.villages_with_status(self.village_types, self.exit_year_from, self.exit_year_to)
        return units.filter(level=level)

    def departments_in(self, scope_code: str):
        """The departments of the counties in the subtree this form must reach (none unless chosen):
        those of the registry, by name; a name no county has registered reaches nobody."""
        if not self.reaches_departments:
            return Department.objects.none()
        departments = Department.objects.filter(county__in=AdminUnit.objects.in_subtree(scope_code)
                                                .filter(level=FormLevel.COUNTY))
        return departments if self.all_departments else departments.filter(name__in=self.departments)


EVERY_UNIT = Targets()  # a village, township or county form: every unit of its level
