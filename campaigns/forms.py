from django import forms

from accounts.roles import Capability
from accounts.scoping import can
from checklists.models import ChecklistTemplate
from households.models import Household
from units.models import AdminUnit

from .models import Phase


def latest_templates():
    latest = {}
    for template in ChecklistTemplate.objects.order_by("code", "-version"):
        latest.setdefault(template.code, template.pk)
    return ChecklistTemplate.objects.filter(pk__in=latest.values()).order_by("level", "code")


class CampaignForm(forms.Form):
    name = forms.CharField(label="名称", max_length=200)
    document_number = forms.CharField(label="文号", max_length=100, help_text="如 方农工组〔2022〕17号")
    scope_code = forms.CharField(label="实施范围（区划代码）", max_length=12)
    issuing_code = forms.CharField(label="印发单位（区划代码）", max_length=12, required=False,
                                   help_text="留空则与实施范围相同")
    year = forms.IntegerField(label="年度", min_value=2015, max_value=2100)
    templates = forms.ModelMultipleChoiceField(label="使用的排查表", queryset=ChecklistTemplate.objects.none(),
                                               widget=forms.CheckboxSelectMultiple,
                                               error_messages={"required": "请至少选择一张排查表"})
    target_kinds = forms.MultipleChoiceField(
        label="排查对象", choices=Household.Kind.choices, widget=forms.CheckboxSelectMultiple,
        initial=[Household.Kind.POVERTY_EXITED, Household.Kind.MONITORED],
    )
    include_key_persons = forms.BooleanField(label="另含有老人、残疾人、信访人、特殊困难人员的农户", required=False,
                                             initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["templates"].queryset = latest_templates()
        for kind, label in Phase.Kind.choices:
            self.fields[f"{kind}_start"] = forms.DateField(label=f"{label}开始", required=False)
            self.fields[f"{kind}_end"] = forms.DateField(label=f"{label}结束", required=False)

    def phase_fields(self):
        return [(label, self[f"{kind}_start"], self[f"{kind}_end"]) for kind, label in Phase.Kind.choices]

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
        scope = data.get("scope_unit") or data.get("scope_code")
        issuing = (data.get("issuing_code") or "").strip()
        if scope and issuing:
            if not scope.code.startswith(issuing):
                self.add_error("issuing_code", "印发单位应为实施范围本身或其上级")
            elif not AdminUnit.objects.filter(code=issuing).exists():
                self.add_error("issuing_code", "区划代码不存在")
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
