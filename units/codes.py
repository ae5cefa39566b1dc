"""Division-code arithmetic, in one place.

Official division codes (统计用区划代码) nest: a unit's code is a prefix of every code
below it (41 → 4113 → 411322 → 411322101 → 411322101001) and the length of a code gives
its level. Every other module asks these functions instead of slicing codes itself.
"""

from django.db import models

LENGTHS = (2, 4, 6, 9, 12)  # province, city, county, township, village
PROVINCE, CITY, COUNTY, TOWNSHIP, VILLAGE = LENGTHS


class Level(models.TextChoices):
    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "县"
    TOWNSHIP = "township", "乡镇"
    VILLAGE = "village", "村"


CODE_LENGTH = dict(zip(Level, LENGTHS))
LEVEL_BY_LENGTH = {length: level for level, length in CODE_LENGTH.items()}


def province_code(code: str) -> str:
    """The province a code lies in: '411322100001' -> '41'. Like SQL's substr, the cuts below give a
    code shorter than the cut back unchanged ('4113' -> '4113' for county_code); ask
    is_at_or_below() first where that matters."""
    return code[:PROVINCE]


def city_code(code: str) -> str:
    return code[:CITY]


def county_code(code: str) -> str:
    """'411322100001' -> '411322'."""
    return code[:COUNTY]


def township_code(code: str) -> str:
    return code[:TOWNSHIP]


def is_at_or_below(code: str, length: int) -> bool:
    """Whether a code is at the level of `length` (COUNTY, TOWNSHIP, ...) or below it."""
    return len(code) >= length


def cut_to(code: str, length: int) -> str:
    """The ancestor of a code at the level of `length` (for levels chosen at run time)."""
    return code[:length]


def is_code(value: str) -> bool:
    return value.isdigit() and len(value) in LENGTHS


def ancestor_codes(code: str) -> list[str]:
    """The codes above this one, highest first: '411322100001' -> ['41', '4113', '411322', '411322100']."""
    return [code[:n] for n in LENGTHS if n < len(code)]


def parent_code(code: str) -> str | None:
    ancestors = ancestor_codes(code)
    return ancestors[-1] if ancestors else None


def is_within(code: str, ancestor: str) -> bool:
    """Whether `code` is `ancestor` itself or lies below it."""
    return code.startswith(ancestor)


def code_after(prefix: str) -> str:
    """The smallest code above every code that starts with `prefix`: '411329' -> '41133'."""
    digits = prefix.rstrip("9")
    return digits[:-1] + str(int(digits[-1]) + 1) if digits else "A"  # letters sort after digits


def subtree_range(code: str) -> tuple[str, str]:
    """[low, high): the codes of the subtree of `code` as a half-open range."""
    return code, code_after(code)


def level_of(code: str):
    """The Level of a code by its length; None for a malformed code."""
    return LEVEL_BY_LENGTH.get(len(code)) if code.isdigit() else None
