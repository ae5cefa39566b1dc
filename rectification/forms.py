from django import forms

from .models import Problem


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(label="责任单位", queryset=None, required=False, empty_label="所在乡镇（街道）")
    responsible_person = forms.CharField(label="责任人", max_length=50, required=False)
    mode = forms.ChoiceField(label="整改方式", choices=Problem.Mode.choices)
    deadline = forms.DateField(label="整改时限", required=False, error_messages={"invalid": "日期格式应为 年-月-日"})
    measure = forms.CharField(label="整改措施（补课清单）", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments

    def clean(self):
        data = super().clean()
        if data.get("mode") == Problem.Mode.DEADLINE and not data.get("deadline"):
            self.add_error("deadline", "限期整改须设定整改时限")
        return data


class RectifyForm(forms.Form):
    evidence_text = forms.CharField(label="整改情况说明", widget=forms.Textarea(attrs={"rows": 3}),
                                    error_messages={"required": "请填写整改情况说明"})


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ProblemEntryForm(forms.Form):
    campaign = forms.ModelChoiceField(label="专项行动", queryset=None, error_messages={"required": "请选择专项行动"})
    unit_code = forms.CharField(label="单位（区划代码）", max_length=12)
    household_number = forms.CharField(label="农户户编号（可不填）", max_length=30, required=False)
    source = forms.ChoiceField(label="来源", choices=[
        c for c in Problem.Source.choices if c[0] not in (Problem.Source.SELF_CHECK, Problem.Source.CARRY_OVER)])
    category = forms.CharField(label="问题类别", max_length=100)
    description = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 3}))
    department = forms.ModelChoiceField(label="责任单位", queryset=None, required=False, empty_label="所在乡镇（街道）")
    reporter_contact = forms.CharField(label="举报人联系方式（保密，仅县级及以上可见）", max_length=100, required=False)

    def __init__(self, *args, campaigns, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["department"].queryset = departments

    def clean(self):
        data = super().clean()
        if data.get("source") != Problem.Source.PUBLIC_REPORT and data.get("reporter_contact"):
            self.add_error("reporter_contact", "只有群众举报才登记举报人联系方式")
        return data


class BulkForm(forms.Form):
    ACTIONS = [("reassign", "改派责任单位"), ("set_deadline", "设定整改时限")]
    ids = forms.ModelMultipleChoiceField(queryset=None, error_messages={"required": "请先勾选问题"})
    action = forms.ChoiceField(choices=ACTIONS)
    department = forms.ModelChoiceField(queryset=None, required=False)
    deadline = forms.DateField(required=False, error_messages={"invalid": "日期格式应为 年-月-日"})

    def __init__(self, *args, problems, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].queryset = problems
        self.fields["department"].queryset = departments

    def clean(self):
        data = super().clean()
        if data.get("action") == "set_deadline" and not data.get("deadline"):
            self.add_error("deadline", "请填写整改时限")
        return data
