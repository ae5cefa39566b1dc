"""A village's poverty status as people write it: 是否贫困村 (是/否) and 退出年度.

Shared by the division file's optional columns and the county office's status roster.
"""

from .models import AdminUnit

VillageType = AdminUnit.VillageType
YES = {"是", "1", "yes", "y", "true", "t"}
NO = {"否", "0", "no", "n", "false", "f"}
FIRST_EXIT_YEAR = 2001  # the first national list of poverty-stricken villages (重点村) dates from 2001
LAST_EXIT_YEAR = 2100


def parse_status(poverty_village: str, exit_year: str) -> tuple[str, int | None] | None:
    """(village_type, exit_year) from the two cells; None when both are empty (status not given).

    是 with a year: a 脱贫村 that exited that year; 是 without a year: a 贫困村 not yet exited;
    否: a 一般村, which has no exit year. Raises ValueError with a Chinese message.
    """
    flag, year_text = poverty_village.strip().lower(), exit_year.strip()
    if not flag and not year_text:
        return None
    if flag not in YES | NO:
        raise ValueError(f"是否贫困村应填“是”或“否”，实际为“{poverty_village.strip()}”")
    if flag in NO:
        if year_text:
            raise ValueError("非贫困村不应填写退出年度")
        return VillageType.GENERAL, None
    if not year_text:
        return VillageType.POVERTY, None
    year_text = year_text.removesuffix("年").removesuffix(".0")  # Excel writes years as 2017.0
    if not (year_text.isdigit() and FIRST_EXIT_YEAR <= int(year_text) <= LAST_EXIT_YEAR):
        raise ValueError(f"退出年度应为 {FIRST_EXIT_YEAR}–{LAST_EXIT_YEAR} 之间的 4 位年份，实际为“{exit_year.strip()}”")
    return VillageType.POVERTY_EXITED, int(year_text)
