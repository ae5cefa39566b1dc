from django import forms

from . import idnumber
from .models import Household


class HouseholdAdminForm(forms.ModelForm):
    """The ID number is write-only: typed in, validated, stored encrypted, shown masked."""

    id_number = forms.CharField(
        label="身份证号", max_length=18, required=False,
        help_text="18 位身份证号码；修改时留空表示不变。保存后只显示脱敏号码。",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = Household
        exclude = ["id_number_masked"]

    def clean_id_number(self):
        value = idnumber.normalize(self.cleaned_data.get("id_number", ""))
        if not value:
            if self.instance.pk is None:
                raise forms.ValidationError("请填写身份证号")
            return ""
        error = idnumber.validation_error(value)
        if error:
            raise forms.ValidationError(error)
        others = Household.objects.filter(id_number_hash=idnumber.lookup_hash(value)).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("该身份证号已登记在其他农户")
        return value

    def _post_clean(self):
        if self.cleaned_data.get("id_number"):
            self.instance.set_id_number(self.cleaned_data["id_number"])
        super()._post_clean()
