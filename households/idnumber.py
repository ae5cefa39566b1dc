"""Resident ID numbers (居民身份证号码): checksum, masking, and storage that a dump does not reveal.

The number is kept as a Fernet token (readable only with FIELD_ENCRYPTION_KEY), a keyed
HMAC (to find duplicates without decrypting) and its masked form for display.
"""

import re
from datetime import date

from django.utils import timezone

from core import crypto

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK_CHARS = "10X98765432"
_PATTERN = re.compile(r"^\d{17}[\dX]$")


def check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS))
    return _CHECK_CHARS[total % 11]


def normalize(value) -> str:
    return str(value if value is not None else "").strip().upper()


def validation_error(value: str) -> str | None:
    """The Chinese reason an ID number is invalid, or None when it is valid."""
    number = normalize(value)
    if not _PATTERN.match(number):
        return "身份证号码应为 18 位（前 17 位为数字，最后一位为数字或 X）"
    if check_char(number[:17]) != number[17]:
        return "身份证号码校验位不正确"
    return birth_date_error(number[6:14])


EARLIEST_BIRTH_YEAR = 1900


def birth_date_error(digits: str) -> str | None:
    """Why the eight birth-date digits YYYYMMDD are not a real past date since 1900, or None."""
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return "身份证号码中的出生日期不是有效日期"
    if birth.year < EARLIEST_BIRTH_YEAR:
        return f"身份证号码中的出生日期早于 {EARLIEST_BIRTH_YEAR} 年"
    if birth > timezone.localdate():
        return "身份证号码中的出生日期晚于今天"
    return None


def mask(value: str) -> str:
    """411322********1234: the area code and the last four characters only."""
    number = normalize(value)
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def encrypt(value: str) -> str:
    return crypto.encrypt_text(normalize(value))


def decrypt(token: str) -> str:
    return crypto.decrypt_text(token)


def lookup_hash(value: str) -> str:
    return crypto.keyed_hash(normalize(value))
