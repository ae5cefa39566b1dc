import re

from django import forms
from django.utils import timezone

from unitpages.picker import UnitPickerWidget

from .models import AccountabilityCase, CaseStep

PROBLEM_NUMBER = re.compile(r"\d{4}-(\d{1,9})-(\d{1,9})")
DATE_ERRORS = {"invalid": "日期格式应为 年-月-日", "required": "请填写日期"}


def _date(label):
    return forms.DateField(label=label, error_messages=DATE_ERRORS, initial=timezone.localdate)


def _text(label, required_message, rows=3):
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), max_length=4000,
                           error_messages={"required": required_message, "max_length": "不超过 4000 字"})


class CaseForm(forms.Form):
    """A case a person opens: 暗访 findings, a 举报, or any reason the rules do not see."""

    reason = forms.ChoiceField(label="问责事由", choices=AccountabilityCase.Reason.choices,
                               initial=AccountabilityCase.Reason.UNANNOUNCED)
    unit_code = forms.CharField(label="被问责单位", max_length=12, required=False, widget=UnitPickerWidget(),
                                help_text="问责县直行业部门时可不填")
    department = forms.ModelChoiceField(label="被问责部门", queryset=None, required=False,
                                        empty_label="（不是行业部门）")
    person = forms.CharField(label="被问责人（姓名、职务）", max_length=100, required=False)
    campaign = forms.ModelChoiceField(label="专项行动", queryset=None, required=False, empty_label="（不限）")
    summary = forms.CharField(label="案由", max_length=200, error_messages={"required": "请填写案由"})
    evidence_text = _text("依据（发现的问题、举报内容等）", "请写明问责依据", rows=4)
    problem_numbers = forms.CharField(label="相关问题编号（可不填）", required=False, max_length=500,
                                      help_text="问题台账的编号，多个用逗号分隔，如 2026-3-000012, 2026-3-000015")
    happened_on = _date("立案日期")

    def __init__(self, *args, departments, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["campaign"].queryset = campaigns

    def clean_unit_code(self):
        code = self.cleaned_data["unit_code"].strip()
        if code and not code.isdigit():
            raise forms.ValidationError("区划代码应为数字")
        return code

    def clean(self):
        data = super().clean()
        department, code = data.get("department"), data.get("unit_code")
        if department is not None:
            if code and code != department.county_id:
                self.add_error("unit_code", f"“{department.name}”属于{department.county.name}，区划代码应为 "
                                            f"{department.county_id}（或不填）")
            data["unit_code"] = department.county_id
        elif "unit_code" in data and not code:
            self.add_error("unit_code", "请选择被问责单位")
        return data

    def clean_problem_numbers(self):
        """[(campaign id, number)] from the ledger's display numbers (year-campaign-number)."""
        raw = self.cleaned_data["problem_numbers"].replace("，", ",").replace("、", ",")
        parts = [p.strip() for p in raw.split(",") if p.strip()]
        numbers = []
        for part in parts:
            match = PROBLEM_NUMBER.fullmatch(part)
            if match is None:
                raise forms.ValidationError(f"“{part[:30]}”不是问题台账的编号（如 2026-3-000012）")
            numbers.append((int(match[1]), int(match[2])))
        return sorted(set(numbers))


class StepForm(forms.Form):
    kind = forms.ChoiceField(label="问责措施", choices=[(k.value, k.label) for k in CaseStep.MEASURES],
                             error_messages={"required": "请选择问责措施", "invalid_choice": "请选择问责措施"})
    happened_on = _date("日期")
    note = _text("情况", "请填写情况", rows=2)


class DecisionForm(forms.Form):
    """确认 (note optional) or 不予问责 (reason required, checked by the service)."""

    note = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, required=False)


class TransferForm(forms.Form):
    happened_on = _date("移送日期")
    note = _text("移送的问题线索说明", "请填写移送的问题线索说明")
    confirm = forms.BooleanField(label="我已核对问题线索，确认移送纪检监察机关（移送后不能撤回）",
                                 error_messages={"required": "请勾选确认后再移送"})


class CloseForm(forms.Form):
    happened_on = _date("办结日期")
    outcome = _text("处理结果", "请填写处理结果", rows=2)


class FilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=[("", "全部")] + AccountabilityCase.Status.choices,
                               required=False)
    reason = forms.ChoiceField(label="事由", choices=[("", "全部")] + AccountabilityCase.Reason.choices,
                               required=False)
    unit = forms.CharField(label="单位（含下级）", max_length=12, required=False, widget=UnitPickerWidget())
    campaign = forms.ModelChoiceField(label="专项行动", queryset=None, required=False, empty_label="全部")

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns

    def apply(self, cases):
        if not self.is_valid():
            return cases
        data = self.cleaned_data
        if data["status"]:
            cases = cases.filter(status=data["status"])
        if data["reason"]:
            cases = cases.filter(reason=data["reason"])
        if data["unit"].strip().isdigit():
            cases = cases.filter(unit__code__subtree=data["unit"].strip())
        if data["campaign"]:
            cases = cases.filter(campaign=data["campaign"])
        return cases
