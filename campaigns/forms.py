import re

from django import forms

from accounts.roles import Capability
from accounts.scoping import can
from checklists.models import ChecklistTemplate, FormLevel
from households.models import Household
from units import codes
from units.models import AdminUnit
from units.village_status import FIRST_EXIT_YEAR, LAST_EXIT_YEAR

from .models import Phase
from .presets import PLAN_NAMES, plan_of, preset_for
from .services import FormTargets
from .targets import KEY_PERSONS, Targets


def latest_templates():
    latest = {}
    for template in ChecklistTemplate.objects.order_by("code", "-version"):
        latest.setdefault(template.code, template.pk)
    return ChecklistTemplate.objects.filter(pk__in=latest.values()).order_by("code")


class NewCampaignForm(forms.Form):
    name = forms.CharField(label="名称", max_length=200)
    document_number = forms.CharField(label="文号", max_length=100, help_text="如 方农工组〔2022〕17号")
    scope_code = forms.CharField(label="实施范围（区划代码）", max_length=12)
    issuing_code = forms.CharField(label="印发单位（区划代码）", max_length=12, required=False,
                                   help_text="留空则与实施范围相同")
    year = forms.IntegerField(label="年度", min_value=2015, max_value=2100)
    error_threshold = forms.DecimalField(
        label="问责误差率阈值（%）", required=False, min_value=0, max_value=100, max_digits=5, decimal_places=2,
        help_text="抽查的识别或退出误差率达到该值的单位列入问责名单（如市级方案的 **.*%）；留空则不设",
        error_messages={"invalid": "请填写 0 到 100 之间的数字", "min_value": "阈值不能小于 0",
                        "max_value": "阈值不能大于 100", "max_decimal_places": "阈值最多保留两位小数",
                        "max_digits": "请填写 0 到 100 之间的数字"})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for kind, label in Phase.Kind.choices:
            self.fields[f"{kind}_start"] = forms.DateField(label=f"{label}开始", required=False)
            self.fields[f"{kind}_end"] = forms.DateField(label=f"{label}结束", required=False)

    def phase_fields(self):
        return [(label, self[f"{kind}_start"], self[f"{kind}_end"]) for kind, label in Phase.Kind.choices]

    def main_fields(self):
        return [self[name] for name in ("name", "document_number", "scope_code", "issuing_code", "year",
                                             "error_threshold")]

    def clean_scope_code(self):
        code = self.cleaned_data["scope_code"].strip()
        unit = AdminUnit.objects.filter(code=code).first()
        if unit is None:
            raise forms.ValidationError("区划代码不存在")
        if not can(self.user, code, Capability.MANAGE):
            raise forms.ValidationError("您无权在该区划设立专项行动")
        return unit

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
        phases = []
        for kind, label in Phase.Kind.choices:
            start, end = data.get(f"{kind}_start"), data.get(f"{kind}_end")
            if bool(start) != bool(end):
                self.add_error(f"{kind}_end", f"{label}的开始和结束日期要一起填写")
            elif start and end < start:
                self.add_error(f"{kind}_end", "结束日期不能早于开始日期")
            elif start:
                phases.append((kind, start, end))
        if not any(kind == Phase.Kind.SCREENING for kind, *_ in phases):
            self.add_error("screening_start", "请填写问题排查阶段的起止日期")
        data["phases"] = phases
        return data


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

    def is_valid(self) -> bool:
        # a row left unticked is not used, so what is typed in it does not matter
        valid = all([self.main.is_valid(), *[form.is_valid() or not form.cleaned_data.get("use")
                                             for form in self.targets]])
        if not any(form.cleaned_data.get("use") for form in self.targets):
            self.main.add_error(None, "请至少选择一张排查表")
            return False
        return valid

    def chosen(self) -> list[FormTargets]:
        return [FormTargets(form.template, form.cleaned_data["targets"])
                for form in self.targets if form.cleaned_data.get("use")]
