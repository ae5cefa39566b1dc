from django import forms

from core.forms import DeadlineField, ModelMultipleChoiceField, keep_saved_deadlines
from unitpages.picker import UnitPickerWidget

from .models import Problem


DATE_ERRORS = {"invalid": "日期格式应为 年-月-日"}


class PersonField(forms.ModelChoiceField):
    """A 责任人 account, among the staff the view offers (the service checks it again)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=None, required=False, label="责任人账号", empty_label="（不指定账号）",
                         error_messages={"invalid_choice": "所选责任人不是责任单位的工作人员"}, **kwargs)

    def label_from_instance(self, user):
        return user.get_full_name() or user.username


class AssignForm(forms.Form):
    """交办 by the county office (or above): lead and co-units, responsible person, mode, deadline."""

    department = forms.ModelChoiceField(label="牵头责任单位", queryset=None, required=False,
                                        empty_label="所在乡镇（街道）")
    co_departments = ModelMultipleChoiceField(label="配合单位", queryset=None, required=False,
                                                    widget=forms.CheckboxSelectMultiple)
    responsible_user = PersonField()
    responsible_person = forms.CharField(label="责任人姓名（无账号时填写）", max_length=50, required=False)
    mode = forms.ChoiceField(label="整改方式", choices=Problem.Mode.choices)
    deadline = DeadlineField(label="整改时限", required=False)

    def __init__(self, *args, departments, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        keep_saved_deadlines(self)
        self.fields["department"].queryset = departments
        self.fields["co_departments"].queryset = departments
        self.fields["responsible_user"].queryset = candidates

    def clean(self):
        data = super().clean()
        if data.get("mode") == Problem.Mode.DEADLINE and not data.get("deadline") and not self.has_error("deadline"):
            self.add_error("deadline", "限期整改须设定整改时限")
        return data


class PlanForm(forms.Form):
    """What the lead unit fills in itself: its named 责任人. Mode and deadline are the county's."""

    responsible_user = PersonField()
    responsible_person = forms.CharField(label="责任人姓名（无账号时填写）", max_length=50, required=False)
    # not shown to the lead; read only so that a posted change is refused by the service, not ignored
    mode = forms.ChoiceField(choices=Problem.Mode.choices, required=False)
    deadline = forms.DateField(required=False, error_messages=DATE_ERRORS)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_user"].queryset = candidates


class MeasureForm(forms.Form):
    """One 整改措施: what is done, by whom, by when."""

    content = forms.CharField(label="措施内容", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                              error_messages={"required": "请填写措施内容"})
    responsible_user = PersonField()
    responsible_person = forms.CharField(label="责任人姓名（无账号时填写）", max_length=50, required=False)
    deadline = DeadlineField(label="完成时限", error_messages={"required": "请填写措施完成时限"})

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        keep_saved_deadlines(self)  # a measure edited keeps its saved deadline
        self.fields["deadline"].widget.attrs["id"] = "id_deadline_measure"  # the page's 交办 form has id_deadline
        self.fields["responsible_user"].queryset = candidates

    def clean(self):
        data = super().clean()
        if not data.get("responsible_user") and not (data.get("responsible_person") or "").strip():
            self.add_error("responsible_person", "请选择责任人账号或填写责任人姓名")
        return data


class MeasureDoneForm(forms.Form):
    result = forms.CharField(label="完成情况", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                             error_messages={"required": "请填写措施完成情况"})


class NoteForm(forms.Form):
    text = forms.CharField(label="配合说明", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                           error_messages={"required": "请填写说明"})


class ExtensionRequestForm(forms.Form):
    proposed_deadline = DeadlineField(label="申请延至", error_messages={
        "required": "请填写申请延至的日期", "past": "申请延至的日期不能早于今天"})
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                             error_messages={"required": "申请延期必须说明理由"})


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("grant", "同意延期"), ("refuse", "驳回")],
                                 error_messages={"required": "请选择同意或驳回", "invalid_choice": "请选择同意或驳回"})
    note = forms.CharField(label="审批意见", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                           required=False)


class RectifyForm(forms.Form):
    evidence_text = forms.CharField(label="整改情况说明", widget=forms.Textarea(attrs={"rows": 3}),
                                    error_messages={"required": "请填写整改情况说明"})


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ProblemEntryForm(forms.Form):
    campaign = forms.ModelChoiceField(label="专项行动", queryset=None, error_messages={"required": "请选择专项行动"})
    unit_code = forms.CharField(label="单位", max_length=12, widget=UnitPickerWidget())
    household_number = forms.CharField(label="农户户编号（可不填）", max_length=30, required=False)
    source = forms.ChoiceField(label="来源", choices=[
        c for c in Problem.Source.choices if c[0] not in (Problem.Source.SELF_CHECK, Problem.Source.CARRY_OVER)])
    category = forms.CharField(label="问题类别", max_length=100)
    description = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 3}))
    department = forms.ModelChoiceField(label="牵头责任单位", queryset=None, required=False,
                                        empty_label="所在乡镇（街道）")
    co_departments = ModelMultipleChoiceField(label="配合单位", queryset=None, required=False,
                                                    widget=forms.CheckboxSelectMultiple)
    reporter_contact = forms.CharField(label="举报人联系方式（保密，仅县级及以上可见）", max_length=100, required=False)

    def __init__(self, *args, campaigns, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["department"].queryset = departments
        self.fields["co_departments"].queryset = departments

    def clean(self):
        data = super().clean()
        if data.get("source") != Problem.Source.PUBLIC_REPORT and data.get("reporter_contact"):
            self.add_error("reporter_contact", "只有群众举报才登记举报人联系方式")
        return data


class BulkForm(forms.Form):
    ACTIONS = [("reassign", "改派责任单位"), ("set_deadline", "设定整改时限"), ("close", "核验销号")]
    ids = ModelMultipleChoiceField(queryset=None, error_messages={"required": "请先勾选问题"})
    action = forms.ChoiceField(choices=ACTIONS)
    department = forms.ModelChoiceField(queryset=None, required=False)
    deadline = DeadlineField(label="整改时限", required=False)
    opinion = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, problems, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].queryset = problems
        self.fields["department"].queryset = departments

    def clean(self):
        data = super().clean()
        if data.get("action") == "set_deadline" and not data.get("deadline") and not self.has_error("deadline"):
            self.add_error("deadline", "请填写整改时限")
        if data.get("action") == "close" and not (data.get("opinion") or "").strip():
            self.add_error("opinion", "销号须填写核验意见")
        return data
