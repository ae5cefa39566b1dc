import re
import unicodedata

from django import forms

from . import idnumber
from .models import TAKEN, Household
from .validators import VILLAGE_CODE, validate_phone

PHONE_FIELDS = ("phone", "helper_phone")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


class HouseholdAdminForm(forms.ModelForm):
    """The ID number and the phones are write-only: typed in, validated, stored, shown masked."""

    id_number = forms.CharField(
        label="身份证号", max_length=18, required=False,
        help_text="18 位身份证号码；修改时留空表示不变。保存后只显示脱敏号码。",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(label="联系电话", max_length=20, required=False, validators=[validate_phone],
                            widget=forms.TextInput(attrs={"autocomplete": "off"}))
    helper_phone = forms.CharField(label="帮扶责任人电话", max_length=20, required=False, validators=[validate_phone],
                                   widget=forms.TextInput(attrs={"autocomplete": "off"}))

    class Meta:
        model = Household
        exclude = ["id_number_masked"]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not VILLAGE_CODE.match(str(data.get("village", ""))):
            # the admin's autocomplete widget looks a re-shown value up in the database as it is:
            # on PostgreSQL a NUL there is a crash, not an error message
            data = data.copy()
            data["village"] = ""
        super().__init__(data, *args, **kwargs)
        for name in PHONE_FIELDS:
            self.initial[name] = ""  # never put the clear number into the page
            current = self.instance.masked(name) if self.instance.pk else ""
            self.fields[name].help_text = f"当前：{current or '未填'}；留空表示不变。" if self.instance.pk else ""

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
            raise forms.ValidationError(TAKEN)  # the same words whether the other household is visible or not
        return value

    def clean_phone(self):
        return self._kept("phone")

    def clean_helper_phone(self):
        return self._kept("helper_phone")

    def _kept(self, name: str) -> str:
        value = self.cleaned_data.get(name, "").strip()
        return value or (getattr(self.instance, name) if self.instance.pk else "")

    def _post_clean(self):
        if self.cleaned_data.get("id_number"):
            self.instance.set_id_number(self.cleaned_data["id_number"])
        super()._post_clean()


class RevealForm(forms.Form):
    """Asking to see one personal field in clear: the reason is recorded with the request."""

    field = forms.ChoiceField(label="信息", choices=list(Household.PERSONAL_FIELDS.items()))
    reason = forms.CharField(label="查看原因", min_length=4, max_length=200,
                             help_text="例如：入户核实低保资格、电话回访帮扶情况。原因将被记录。")

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if any(unicodedata.category(ch)[0] == "C" or unicodedata.category(ch) == "So" for ch in reason):
            raise forms.ValidationError("查看原因含有不允许的字符")
        if len(CHINESE.findall(reason)) < 2:
            raise forms.ValidationError("请用中文写明查看原因")
        return reason
