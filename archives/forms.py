from django import forms

from .models import MIN_RETENTION_YEARS


class CloseForm(forms.Form):
    retention_years = forms.IntegerField(
        label="存档保存期限（年）", initial=MIN_RETENTION_YEARS, min_value=MIN_RETENTION_YEARS, max_value=100,
        error_messages={"required": "请填写保存期限", "invalid": "请填写整数年数",
                        "min_value": f"保存期限不得少于 {MIN_RETENTION_YEARS} 年", "max_value": "保存期限不超过 100 年"})
    confirm = forms.BooleanField(label="我已确认：结束后该专项行动的排查表、问题台账、抽查、报送材料和通报均不能再修改",
                                 error_messages={"required": "请勾选确认"})
