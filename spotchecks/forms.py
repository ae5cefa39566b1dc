from django import forms

from core.forms import ModelMultipleChoiceField
from unitpages.picker import UnitPickerWidget

from .models import SpotCheck


class SpotCheckForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=SpotCheck.Kind.choices)
    unit_code = forms.RegexField(label="抽样范围", regex=r"^\d{2,12}$", max_length=12, widget=UnitPickerWidget(),
                                 error_messages={"invalid": "区划代码应为 2 到 12 位数字"})
    subject = forms.ChoiceField(label="抽样单位", choices=SpotCheck.Subject.choices,
                                help_text="抽取乡镇、县用乡镇级、县级的表；资金抽查按县抽取，用资金检查表")
    strata = forms.ChoiceField(label="分层", choices=SpotCheck.Strata.choices)
    size_per_stratum = forms.IntegerField(label="每层样本量", min_value=1, max_value=100000, required=False,
                                          help_text="或留空，按置信水平和允许误差计算")
    confidence = forms.DecimalField(label="置信水平", max_digits=4, decimal_places=3, required=False,
                                    help_text="如 0.95")
    margin = forms.DecimalField(label="允许误差", max_digits=4, decimal_places=3, required=False,
                                help_text="如 0.05")
    weight_key_households = forms.BooleanField(label="重点户加权（权重 3）", required=False)
    weight_low_reporting = forms.BooleanField(label="问题偏少的乡镇加权（权重 2）", required=False)
    templates = ModelMultipleChoiceField(
        label="检查使用的表", queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="不选则按抽样单位的层级使用专项行动的表（整村抽查另加户表）")
    seed = forms.IntegerField(label="随机种子", required=False, min_value=0, max_value=2**62,
                              help_text="留空则随机生成；填写他人公布的种子可复现同一样本")

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["templates"].queryset = campaign.templates.all()


class AssignForm(forms.Form):
    county_code = forms.RegexField(label="县", regex=r"^\d{6}$", max_length=6, widget=UnitPickerWidget(),
                                   error_messages={"invalid": "县代码应为 6 位数字", "required": "请填写县代码"})
    inspector = forms.CharField(label="检查人员账号", max_length=150, error_messages={"required": "请填写检查人员账号"},
                                widget=forms.TextInput(attrs={"list": "inspector-suggestions", "autocomplete": "off"}))
