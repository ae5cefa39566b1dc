"""Form fields shared by every app."""

from django import forms
from django.core.exceptions import ValidationError

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
