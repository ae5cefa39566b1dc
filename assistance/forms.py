from django import forms
from django.utils import timezone

from core.forms import DeadlineField, ModelMultipleChoiceField, keep_saved_deadlines

from .models import LINE_FIELDS, REQUIRED_LINE_FIELDS, Plan

DATE_ERRORS = {"invalid": "日期格式应为 年-月-日", "required": "请填写日期"}
ID_BOUND = 2**63  # what an id column holds
TEXT_FIELDS = {"target", "standard", "schedule", "evaluation", "accountability"}


class HandForm(forms.Form):
    """The county office hands the campaign's problems under a unit to the responsible units."""

    campaign = forms.ModelChoiceField(label="专项行动", queryset=None, error_messages={
        "required": "请选择专项行动", "invalid_choice": "专项行动不存在或不在您的管辖范围内"})
    unit = forms.ModelChoiceField(label="县/乡镇/村", queryset=None, to_field_name="code", error_messages={
        "required": "请选择单位", "invalid_choice": "单位不存在或不在您的管辖范围内"})
    deadline = DeadlineField(label="完成时限", error_messages=DATE_ERRORS)
    note = forms.CharField(label="交办说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, campaigns, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["unit"].queryset = units


class PlanCreateForm(forms.Form):
    writer = forms.ChoiceField(label="编制单位", error_messages={"required": "请选择编制单位",
                                                               "invalid_choice": "请选择本单位"})
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100,
                              error_messages={"required": "请填写年度", "invalid": "年度应为数字"})
    title = forms.CharField(label="方案名称", required=False, max_length=200,
                            help_text="不填则为“单位+年度+方案类型”")

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["writer"].choices = (
            [(f"d:{pk}", f"{name}（{Plan.Kind.DEPARTMENT.label}）") for pk, name in choices["departments"]]
            + [(f"t:{code}", f"{name}（{Plan.Kind.TOWNSHIP.label}）") for code, name in choices["townships"]])
        self.fields["year"].initial = timezone.localdate().year


class LineForm(forms.Form):
    """A plan line: its fields and labels are the plan kind's (models.LINE_FIELDS)."""

    lists = ModelMultipleChoiceField(label="整份“回头帮”清单", queryset=None, required=False,
                                     widget=forms.CheckboxSelectMultiple,
                                     error_messages={"invalid_choice": "所选清单不在本方案的范围内",
                                                     "invalid_pk_value": "所选清单不在本方案的范围内"})
    # rendered by the template in groups (a county has thousands); validated here against the plan's reach
    problems = ModelMultipleChoiceField(label="涉及问题", queryset=None, required=False,
                                        widget=forms.MultipleHiddenInput,
                                        error_messages={"invalid_choice": "所选问题不在本方案的范围内",
                                                        "invalid_pk_value": "所选问题不在本方案的范围内"})

    def __init__(self, *args, plan: Plan, problems, lists, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in LINE_FIELDS[plan.kind]:
            required = name in REQUIRED_LINE_FIELDS
            messages = {"required": f"请填写{label}"}
            if name == "deadline":
                field = DeadlineField(label=label, error_messages={**DATE_ERRORS, **messages})
            elif name in TEXT_FIELDS:
                field = forms.CharField(label=label, required=required, max_length=4000, error_messages=messages,
                                        widget=forms.Textarea(attrs={"rows": 2}))
            else:
                field = forms.CharField(label=label, required=required, max_length=200, error_messages=messages)
            self.fields[name] = field
        keep_saved_deadlines(self)  # a line edited keeps its saved 完成时限
        self.fields["problems"].queryset = problems
        self.fields["lists"].queryset = lists
        self.fields["lists"].label_from_instance = (
            lambda hl: f"{hl.campaign.year}年 {hl.unit.name} {hl.responsible_label}（{hl.size} 个问题）")
        self.order_fields([name for name, _ in LINE_FIELDS[plan.kind]] + ["lists", "problems"])

    def selected_problem_ids(self) -> set[int]:
        """The ids ticked (as posted, or as the line has them), for the grouped checkboxes."""
        raw = self.data.getlist("problems") if self.is_bound else self.initial.get("problems", [])
        return {int(v) for v in raw if str(v).isdigit() and int(v) < ID_BOUND}


class DecideForm(forms.Form):
    reason = forms.CharField(label="退回原因", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
