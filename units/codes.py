"""Division-code arithmetic, in one place.

Official division codes (统计用区划代码) nest: a unit's code is a prefix of every code
below it (41 → 4113 → 411322 → 411322101 → 411322101001) and the length of a code gives
its level. Every other module asks these functions instead of slicing codes itself.
"""

LENGTHS = (2, 4, 6, 9, 12)  # province, city, county, township, village


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
    from .models import LEVEL_BY_LENGTH

    return LEVEL_BY_LENGTH.get(len(code)) if code.isdigit() else None
