"""What a household's text fields may hold, as one check used by the roster import and the forms.

Names are letters (any script), combining marks and the separators of minority names
("买买提·艾力"); no digits, control or format characters (NUL, zero-width, direction marks)
and no symbols (emoji). Phones and household numbers are short runs of digits.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError

NAME_SEPARATORS = frozenset("·•・.． -")
PHONE = re.compile(r"^\+?[0-9][0-9-]{4,19}\Z")
HOUSEHOLD_NUMBER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z-]{0,29}\Z")
VILLAGE_CODE = re.compile(r"^[0-9]{12}\Z")
MAX_SHOWN = 20  # characters of a bad value echoed back in a message
COMMON_NAME = re.compile(r"^[\u4e00-\u9fff·]{1,50}\Z")  # nearly every name: accepted without the per-character walk


def shown(value) -> str:
    """A bad value as it may be quoted in a message: printable and short."""
    text = "".join(ch for ch in str(value) if unicodedata.category(ch)[0] not in "CZ" or ch == " ")
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"


def name_problem(value: str, label: str, max_length: int = 50) -> str | None:
    if COMMON_NAME.match(value):
        return None
    if len(value) > max_length:
        return f"{label}不能超过 {max_length} 个字"
    for ch in value:
        if not (unicodedata.category(ch)[0] == "L" or unicodedata.category(ch) in ("Mn", "Mc")
                or ch in NAME_SEPARATORS):
            return f"{label}含有不允许的字符（只能是文字和“·”）"
    return None


def phone_problem(value: str, label: str) -> str | None:
    if value and not PHONE.match(value):
        return f"{label}应为 5～20 位数字（可含“-”）"
    return None


def number_problem(value: str) -> str | None:
    if not HOUSEHOLD_NUMBER.match(value):
        return "户编号应为 1～30 位数字或字母（可含“-”，不以“-”开头）"
    return None


def validate_name(value: str) -> None:
    problem = name_problem(value, "姓名")
    if problem:
        raise ValidationError(problem)


def validate_phone(value: str) -> None:
    problem = phone_problem(value, "电话")
    if problem:
        raise ValidationError(problem)


def validate_household_number(value: str) -> None:
    problem = number_problem(value)
    if problem:
        raise ValidationError(problem)
