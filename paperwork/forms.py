from django import forms

from core.forms import DeadlineField
from units.models import Level

from .models import ReportDue

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportDueForm(forms.ModelForm):
    level = forms.ChoiceField(label="报送单位层级", choices=[(Level.TOWNSHIP, "乡镇"), (Level.VILLAGE, "村"),
                                                        (Level.COUNTY, "县")], initial=Level.TOWNSHIP)
    first_due = DeadlineField(label="截止日期", help_text="每周报送时为第一周的截止日期")
    last_due = DeadlineField(label="最后一次截止日期", required=False, help_text="仅每周报送时填写")

    class Meta:
        model = ReportDue
        fields = ["title", "kind", "level", "repeat", "first_due", "last_due", "signer_title", "generated", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        first, last = data.get("first_due"), data.get("last_due")
        if data.get("repeat") == ReportDue.Repeat.WEEKLY:
            if not last and not self.has_error("last_due"):
                self.add_error("last_due", "每周报送须填写最后一次截止日期")
            elif first and last and last < first:
                self.add_error("last_due", "最后一次截止日期不能早于第一次截止日期")
        return data


class HandInForm(forms.Form):
    file = forms.FileField(label="材料文件（PDF、Word 或 Excel）", required=False)
    generate = forms.BooleanField(label="由系统根据本单位数据生成 Excel", required=False)
    signer_name = forms.CharField(label="签字人姓名", max_length=50)
    signed_on = forms.DateField(label="签字日期", widget=DATE)

    def __init__(self, *args, may_generate: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_generate:
            del self.fields["generate"]

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("generate"):
            raise forms.ValidationError("请上传材料文件，或选择由系统生成")
        if data.get("file") and data.get("generate"):
            raise forms.ValidationError("上传文件和系统生成只能选一种")
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "请填写退回原因，报送单位会看到它"})


class BulletinForm(forms.Form):
    ranking = forms.ChoiceField(label="周排名")
    title = forms.CharField(label="标题", max_length=200)
    document_number = forms.CharField(label="文号", max_length=100, help_text="如 方回头看办〔2022〕5号")
    period_start = forms.DateField(label="通报期间起", widget=DATE)
    period_end = forms.DateField(label="通报期间止", widget=DATE)
    praised = forms.MultipleChoiceField(label="通报表扬", required=False, widget=forms.CheckboxSelectMultiple)
    criticized = forms.MultipleChoiceField(label="通报批评", required=False, widget=forms.CheckboxSelectMultiple)
    issuing_office = forms.CharField(label="发文单位", max_length=100)
    issued_on = forms.DateField(label="成文日期", widget=DATE)

    def __init__(self, *args, rankings, **kwargs):
        super().__init__(*args, **kwargs)
        self.rankings = {str(r.pk): r for r in rankings}
        self.fields["ranking"].choices = [(pk, f"{r.unit.name} {r.week:%Y-%m-%d} 所在周")
                                          for pk, r in self.rankings.items()]
        units = {}
        for r in rankings:
            units.update({e.unit_id: f"{e.unit.name}（第{e.rank}名，{r.week:%m-%d}周）"
                          for e in r.entries.select_related("unit")})
        choices = sorted(units.items())
        self.fields["praised"].choices = self.fields["criticized"].choices = choices

    def clean(self):
        data = super().clean()
        ranking = self.rankings.get(data.get("ranking") or "")
        data["ranking"] = ranking
        if ranking is not None:
            ranked = set(ranking.entries.values_list("unit_id", flat=True))
            for name in ("praised", "criticized"):
                if set(data.get(name, [])) - ranked:
                    self.add_error(name, "只能选本期排名中的乡镇")
        if set(data.get("praised", [])) & set(data.get("criticized", [])):
            self.add_error("criticized", "同一乡镇不能同时表扬和批评")
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", "结束日期不能早于开始日期")
        return data
