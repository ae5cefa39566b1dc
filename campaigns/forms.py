import re

from django import forms
from django.db import models

from accounts.roles import Capability
from accounts.scoping import can
from checklists.models import ChecklistTemplate, FormLevel
from households.models import Household
from unitpages.picker import UnitPickerWidget
from units import codes
from units.models import AdminUnit
from units.village_status import FIRST_EXIT_YEAR, LAST_EXIT_YEAR

from .models import Link, Phase
from .presets import PLAN_NAMES, PhaseSpec, phase_preset, plan_of, preset_for
from .services import FormTargets
from .targets import KEY_PERSONS, Targets


def latest_templates():
    latest = {}
    for template in ChecklistTemplate.objects.order_by("code", "-version"):
        latest.setdefault(template.code, template.pk)
    return ChecklistTemplate.objects.filter(pk__in=latest.values()).order_by("code")


def managed_scope(user, code: str) -> AdminUnit:
    """The unit of a typed scope code, which the user must manage."""
    unit = AdminUnit.objects.filter(code=code.strip()).first()
    if unit is None:
        raise forms.ValidationError("区划代码不存在")
    if not can(user, unit.code, Capability.MANAGE):
        raise forms.ValidationError("您无权在该区划设立专项行动")
    return unit


class NewCampaignForm(forms.Form):
    name = forms.CharField(label="名称", max_length=200)
    document_number = forms.CharField(label="文号", max_length=100, help_text="如 方农工组〔2022〕17号")
    scope_code = forms.CharField(label="实施范围", max_length=12, widget=UnitPickerWidget())
    issuing_code = forms.CharField(label="印发单位", max_length=12, required=False,
                                   widget=UnitPickerWidget(above=True), help_text="留空则与实施范围相同")
    year = forms.IntegerField(label="年度", min_value=2015, max_value=2100)
    error_threshold = forms.DecimalField(
        label="问责误差率阈值（%）", required=False, min_value=0, max_value=100, max_digits=5, decimal_places=2,
        help_text="抽查的识别或退出误差率达到该值的单位列入问责名单（如市级方案的 **.*%）；留空则不设",
        error_messages={"invalid": "请填写 0 到 100 之间的数字", "min_value": "阈值不能小于 0",
                        "max_value": "阈值不能大于 100", "max_decimal_places": "阈值最多保留两位小数",
                        "max_digits": "请填写 0 到 100 之间的数字"})
    require_training = forms.BooleanField(label="排查人员须先参加培训", required=False,
                                          help_text="勾选后，未登记参加本次培训的人员不能提交排查表（草稿可以保存）")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def main_fields(self):
        return [self[name] for name in ("name", "document_number", "scope_code", "issuing_code", "year",
                                        "error_threshold", "require_training")]

    def clean_scope_code(self):
        return managed_scope(self.user, self.cleaned_data["scope_code"])

    def clean(self):
        data = super().clean()
        scope = data.get("scope_code")
        issuing = (data.get("issuing_code") or "").strip()
        data["issuing_unit"] = scope
        if scope and issuing:
            unit = AdminUnit.objects.filter(code=issuing).first()
            if unit is None:
                self.add_error("issuing_code", "区划代码不存在")
            elif not codes.is_within(scope.code, issuing):
                self.add_error("issuing_code", "印发单位应为实施范围本身或其上级")
            data["issuing_unit"] = unit
        return data


PHASE_ROWS = 8
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PhaseRowForm(forms.Form):
    """One window as the plan writes it; a row left blank is not a phase."""

    kind = forms.ChoiceField(label="阶段类型", choices=[("", "—"), *Phase.Kind.choices], required=False)
    name = forms.CharField(label="名称", max_length=100, required=False)
    link = forms.ChoiceField(label="环节", choices=[("", "全部环节"), *Link.choices], required=False)
    starts_on = forms.DateField(label="开始", required=False, widget=DATE,
                                error_messages={"invalid": "请填写日期，如 2022-07-10"})
    ends_on = forms.DateField(label="结束", required=False, widget=DATE,
                              error_messages={"invalid": "请填写日期，如 2022-07-30"})
    remind_days = forms.IntegerField(label="截止前几天提醒", required=False, min_value=0, max_value=60,
                                     widget=forms.NumberInput(attrs={"class": "days"}),
                                     error_messages={"min_value": "提醒天数不能小于 0", "max_value": "提醒天数不能超过 60",
                                                     "invalid": "提醒天数应为整数"})

    def clean(self):
        data = super().clean()
        data["spec"] = None
        if self.errors or not any(data.get(f) for f in ("kind", "name", "starts_on", "ends_on")):
            return data
        start, end = data.get("starts_on"), data.get("ends_on")
        if not data.get("kind"):
            self.add_error("kind", "请选择阶段类型")
        if not (start and end):
            self.add_error("ends_on", "开始和结束日期要一起填写")
        elif end < start:
            self.add_error("ends_on", "结束日期不能早于开始日期")
        if not self.errors:
            remind = data.get("remind_days")
            data["spec"] = PhaseSpec(data["kind"], start, end, data.get("link", ""), data.get("name", "").strip(),
                                     3 if remind is None else remind)
        return data


def _row_initial(spec: PhaseSpec) -> dict:
    return {"kind": spec.kind, "name": spec.name, "link": spec.link, "starts_on": spec.starts_on,
            "ends_on": spec.ends_on, "remind_days": spec.remind_days}


class PhaseRows:
    """The campaign's phases as rows (phase-0-kind, phase-0-starts_on, …): as many as the plan has,
    with blank rows to add more; at least one 排查 / 自查自纠 window."""

    def __init__(self, data=None, *, initial=()):
        initial = list(initial)
        count = max(PHASE_ROWS, len(initial) + 2)
        self.rows = [PhaseRowForm(data, prefix=f"phase-{i}", initial=_row_initial(initial[i]) if i < len(initial)
                                  else {"remind_days": 3}) for i in range(count)]
        self.errors: list[str] = []

    def __iter__(self):
        return iter(self.rows)

    def is_valid(self) -> bool:
        valid = all([row.is_valid() for row in self.rows])
        if valid and not any(spec.kind == Phase.Kind.SCREENING for spec in self.specs()):
            self.errors.append("请至少填写一个“问题排查”（自查自纠）阶段的起止日期")
            return False
        return valid

    def specs(self) -> list[PhaseSpec]:
        return [row.cleaned_data["spec"] for row in self.rows if row.cleaned_data.get("spec")]


def _year_field(label):
    messages = {"invalid": f"{label}应为 4 位年份", "min_value": f"{label}不能早于 {FIRST_EXIT_YEAR} 年",
                "max_value": f"{label}不能晚于 {LAST_EXIT_YEAR} 年"}
    return forms.IntegerField(label=label, required=False, min_value=FIRST_EXIT_YEAR, max_value=LAST_EXIT_YEAR,
                              error_messages=messages, widget=forms.NumberInput(attrs={"class": "year"}))


def department_names(text: str) -> tuple[str, ...]:
    """Names typed in one box (教体局、卫健委, 教体局 卫健委), each once, in the order typed."""
    return tuple(dict.fromkeys(name for name in re.split(r"[、，,;；\s]+", text or "") if name))


class FormTargetsForm(forms.Form):
    """Whether the campaign uses one form, and whom that form must reach (by the form's level)."""

    use = forms.BooleanField(label="使用此表", required=False)

    def __init__(self, *args, template: ChecklistTemplate, plan: str = "", **kwargs):
        preset = preset_for(template)
        initial = {"use": plan_of(template) == plan, "household_kinds": list(preset.household_kinds),
                   "key_persons": list(preset.key_persons), "village_types": list(preset.village_types),
                   "exit_year_from": preset.exit_year_from, "exit_year_to": preset.exit_year_to,
                   "all_departments": preset.all_departments, "departments": "、".join(preset.departments)}
        super().__init__(*args, prefix=f"t{template.pk}", initial=initial, **kwargs)
        self.template = template
        if template.level == FormLevel.HOUSEHOLD:
            self.fields["household_kinds"] = forms.MultipleChoiceField(
                label="户类型", choices=Household.Kind.choices, required=False, widget=forms.CheckboxSelectMultiple)
            self.fields["key_persons"] = forms.MultipleChoiceField(
                label="另含（不论户类型）", choices=list(KEY_PERSONS.items()), required=False,
                widget=forms.CheckboxSelectMultiple)
        elif template.level == FormLevel.VILLAGE:
            self.fields["village_types"] = forms.MultipleChoiceField(
                label="村类型", choices=AdminUnit.VillageType.choices, required=False,
                widget=forms.CheckboxSelectMultiple, help_text="不选则为全部村")
            self.fields["exit_year_from"] = _year_field("退出年度（起）")
            self.fields["exit_year_to"] = _year_field("退出年度（止）")
        elif template.level == FormLevel.COUNTY:
            self.fields["all_departments"] = forms.BooleanField(label="另发给全部县直行业部门", required=False)
            self.fields["departments"] = forms.CharField(
                label="另发给这些县直行业部门", required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "cols": 40}),
                help_text="部门名称，用顿号、逗号或空格分隔，如：教体局、卫健委；只发给本县已登记的部门")

    def target_fields(self):
        return [field for field in self if field.name != "use"]

    def clean(self):
        data = super().clean()
        if self.errors or not data.get("use"):
            return data
        data["targets"] = Targets(
            tuple(data.get("household_kinds", ())), tuple(data.get("key_persons", ())),
            tuple(data.get("village_types", ())), data.get("exit_year_from"), data.get("exit_year_to"),
            department_names(data.get("departments", "")), bool(data.get("all_departments")),
        )
        for error in data["targets"].errors(self.template.level):
            self.add_error(None, error)
        return data


class CampaignCreation:
    """The campaign form and one targets form per available form template, validated together."""

    plans = PLAN_NAMES

    def __init__(self, data=None, *, user, plan: str = ""):
        self.main = NewCampaignForm(data, user=user)
        self.targets = [FormTargetsForm(data, template=t, plan=plan) for t in latest_templates()]
        self.phases = PhaseRows(data, initial=phase_preset(plan))

    def is_valid(self) -> bool:
        # a row left unticked is not used, so what is typed in it does not matter
        valid = all([self.main.is_valid(), self.phases.is_valid(),
                     *[form.is_valid() or not form.cleaned_data.get("use") for form in self.targets]])
        if not any(form.cleaned_data.get("use") for form in self.targets):
            self.main.add_error(None, "请至少选择一张排查表")
            return False
        return valid

    def chosen(self) -> list[FormTargets]:
        return [FormTargets(form.template, form.cleaned_data["targets"])
                for form in self.targets if form.cleaned_data.get("use")]


class TrainingForm(forms.Form):
    held_on = forms.DateField(label="培训日期", widget=DATE, error_messages={"required": "请填写培训日期",
                                                                        "invalid": "请填写日期，如 2022-07-09"})
    topic = forms.CharField(label="培训内容", max_length=200, error_messages={"required": "请填写培训内容"})
    trainer = forms.CharField(label="授课人", max_length=100, error_messages={"required": "请填写授课人"})
    attendees = forms.ModelMultipleChoiceField(
        label="参训人员", queryset=None, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请选择参训人员", "invalid_choice": "参训人员须为本专项行动范围内您管辖单位的账号",
                        "invalid_pk_value": "参训人员须为本专项行动范围内您管辖单位的账号"})

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = candidates


class CopyCampaignForm(forms.Form):
    """来年再看: the new campaign's name, number, scope and year; its dates moved or chosen."""

    class Dates(models.TextChoices):
        SHIFT = "shift", "按年度顺延（各阶段日期移到新年度的同一天）"
        CHOSEN = "chosen", "按下表填写的日期"

    name = forms.CharField(label="名称", max_length=200)
    document_number = forms.CharField(label="文号", max_length=100)
    scope_code = forms.CharField(label="实施范围", max_length=12, widget=UnitPickerWidget())
    year = forms.IntegerField(label="年度", min_value=2015, max_value=2100)
    dates = forms.ChoiceField(label="阶段日期", choices=Dates.choices, initial=Dates.SHIFT, widget=forms.RadioSelect)
    carry_over = forms.BooleanField(label="将未销号问题结转到新专项行动（回头帮）", required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_scope_code(self):
        return managed_scope(self.user, self.cleaned_data["scope_code"])
