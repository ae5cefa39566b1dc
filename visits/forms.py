from django import forms
from django.utils import timezone

from .models import Visit
from .services import Place, visit_date_problem

YES_NO = [("yes", "是"), ("no", "否")]
_ID_BOUND = 2**63


def _yes_no(label, **kwargs):
    return forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect,
                             error_messages={"required": f"请选择“{label}”"}, **kwargs)


class VisitForm(forms.Form):
    visited_on = forms.DateField(label="走访日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                 error_messages={"required": "请填写走访日期", "invalid": "走访日期格式应为 年-月-日"})
    work_done = forms.CharField(label="帮扶工作内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                                error_messages={"required": "请填写帮扶工作内容"})
    needs = forms.CharField(label="了解到的需求", max_length=2000, required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))
    manuals_checked = _yes_no("两本手册（《扶贫手册》《挂钩帮扶手册》）已核对，填写清楚")
    manuals_note = forms.CharField(label="手册情况说明", max_length=500, required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    knows_helper = _yes_no("农户知晓自己的帮扶责任人")
    satisfied = _yes_no("农户对帮扶工作满意")
    # filled by static/js/checkin.js from the browser's Geolocation API
    location = forms.ChoiceField(choices=Visit.Location.choices, required=False, widget=forms.HiddenInput)
    latitude = forms.DecimalField(min_value=-90, max_value=90, max_digits=12, decimal_places=8, required=False,
                                  widget=forms.HiddenInput)
    longitude = forms.DecimalField(min_value=-180, max_value=180, max_digits=12, decimal_places=8, required=False,
                                   widget=forms.HiddenInput)
    accuracy = forms.DecimalField(min_value=0, max_digits=12, decimal_places=3, required=False,
                                  widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"visited_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_visited_on(self):
        day = self.cleaned_data["visited_on"]
        problem = visit_date_problem(day, timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return day

    def clean(self):
        data = super().clean()
        if data.get("manuals_checked") == "no" and not (data.get("manuals_note") or "").strip():
            self.add_error("manuals_note", "手册未核对或填写不清的，请说明情况")
        return data

    def place(self) -> Place:
        """A place only when the browser gave both coordinates; anything less is kept as "无法定位"."""
        data = self.cleaned_data
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if data.get("location") == Visit.Location.GIVEN and latitude is not None and longitude is not None:
            accuracy = data.get("accuracy")
            return Place(Visit.Location.GIVEN, round(latitude, 6), round(longitude, 6),
                         min(int(accuracy), 2**31 - 1) if accuracy is not None else None)
        declined = data.get("location") == Visit.Location.DECLINED
        return Place(Visit.Location.DECLINED if declined else Visit.Location.UNAVAILABLE)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"visited_on": data["visited_on"], "work_done": data["work_done"], "needs": data["needs"],
                "manuals_checked": data["manuals_checked"] == "yes", "manuals_note": data["manuals_note"],
                "knows_helper": data["knows_helper"] == "yes", "satisfied": data["satisfied"] == "yes",
                "place": self.place()}


class AssignForm(forms.Form):
    action = forms.ChoiceField(choices=[("assign", "指派"), ("clear", "解除")])
    helper = forms.CharField(label="帮扶责任人账号（用户名）", max_length=150, required=False)
    name = forms.CharField(label="姓名", max_length=50, required=False,
                           help_text="账号已登记姓名的可不填；填写的须与账号登记的一致")
    phone = forms.CharField(label="电话", max_length=20, required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") == "assign" and not (data.get("helper") or "").strip():
            self.add_error("helper", "请填写帮扶责任人的账号（用户名）")
        return data


def checked_ids(values) -> list[int]:
    """The ticked household ids a POST may name: digits a 64-bit id can hold (anything else is dropped)."""
    return [int(v) for v in values if v.isdigit() and int(v) < _ID_BOUND]
