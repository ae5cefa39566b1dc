"""Form fields shared by every app."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

_ID_BOUND = 2**63  # what a 64-bit id column holds


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, except that an id no column can hold is an invalid choice instead of a 500.

    Django's single-choice field and `exact` lookups already treat such ids as missing, but the
    multiple-choice field queries `pk__in`, which SQLite refuses to bind (OverflowError).
    """

    def _check_values(self, value):
        for pk in value if isinstance(value, (list, tuple)) else [value]:
            text = str(pk).strip().lstrip("-")
            if text.isdigit() and int(text) >= _ID_BOUND:
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                      params={"pk": str(pk)[:40]})
        return super()._check_values(value)


class DeadlineInput(forms.DateInput):
    """The browser's date picker, whose first day is today (a deadline is never in the past)."""

    input_type = "date"
    kept = None  # a saved date that may stay although it has passed (see DeadlineField)

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["min"] = min(timezone.localdate(), self.kept or timezone.localdate()).isoformat()
        return context


class DeadlineField(forms.DateField):
    """A deadline or due date: the one rule that none is set before today (期限不能早于今天).

    `kept` is a date already saved on the object being edited: it may stay although it has
    passed (an overdue problem's other fields can still be changed), but no other past date is
    taken. The browser's picker starts today (`DeadlineInput`); this check is the authority.
    """

    widget = DeadlineInput
    default_error_messages = {"invalid": "日期格式应为 年-月-日", "past": "{label}不能早于今天"}

    def __init__(self, *, kept=None, **kwargs):
        super().__init__(**kwargs)
        self.kept = kept

    @property
    def kept(self):
        return self._kept

    @kept.setter
    def kept(self, value):
        self._kept = value
        self.widget.kept = value

    def validate(self, value):
        super().validate(value)
        if value and value < timezone.localdate() and value != self.kept:
            raise ValidationError(self.error_messages["past"].format(label=self.label or "期限"), code="past")


def keep_saved_deadlines(form) -> None:
    """Let each deadline field of `form` keep the date its initial data holds (the saved one)."""
    for name, field in form.fields.items():
        if isinstance(field, DeadlineField):
            field.kept = form.initial.get(name)
