from django import forms

from .models import SpotCheck


class SpotCheckForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=SpotCheck.Kind.choices)
    unit_code = forms.CharField(label="抽样范围（区划代码）", max_length=12)
    subject = forms.ChoiceField(label="抽样单位", choices=SpotCheck.Subject.choices)
    strata = forms.ChoiceField(label="分层", choices=SpotCheck.Strata.choices)
    size_per_stratum = forms.IntegerField(label="每层样本量", min_value=1, required=False,
                                          help_text="或留空，按置信水平和允许误差计算")
    confidence = forms.DecimalField(label="置信水平", max_digits=4, decimal_places=3, required=False,
                                    help_text="如 0.95")
    margin = forms.DecimalField(label="允许误差", max_digits=4, decimal_places=3, required=False,
                                help_text="如 0.05")
    weight_key_households = forms.BooleanField(label="重点户加权（权重 3）", required=False)
    weight_low_reporting = forms.BooleanField(label="问题偏少的乡镇加权（权重 2）", required=False)
    templates = forms.ModelMultipleChoiceField(
        label="检查使用的表", queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="不选则按抽样单位使用专项行动的户表（整村抽查另加村表）")
    seed = forms.IntegerField(label="随机种子", required=False, min_value=0,
                              help_text="留空则随机生成；填写他人公布的种子可复现同一样本")

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["templates"].queryset = campaign.templates.all()
