"""Resident ID numbers (居民身份证号码): checksum, masking, and storage that a dump does not reveal.

The number is kept as a Fernet token (readable only with FIELD_ENCRYPTION_KEY), a keyed
HMAC (to find duplicates without decrypting) and its masked form for display.
"""

import re

from core import crypto

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK_CHARS = "10X98765432"
_PATTERN = re.compile(r"^\d{17}[\dX]$")


def check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS))
    return _CHECK_CHARS[total % 11]


def normalize(value: str) -> str:
    return (value or "").strip().upper()


def validation_error(value: str) -> str | None:
    """The Chinese reason an ID number is invalid, or None when it is valid."""
    number = normalize(value)
    if not _PATTERN.match(number):
        return "身份证号码应为 18 位（前 17 位为数字，最后一位为数字或 X）"
    if check_char(number[:17]) != number[17]:
        return "身份证号码校验位不正确"
    month, day = int(number[10:12]), int(number[12:14])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return "身份证号码中的出生日期不正确"
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
