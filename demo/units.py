"""Demo village statuses: exit years for the demo's 脱贫村, so targeted work lists look real."""

import random

from units.models import AdminUnit

DEMO_EXIT_YEARS = (2016, 2017, 2018, 2019)  # 贫困村 of the seeds' counties exited between 2016 and 2019
BATCH = 5000


def give_demo_exit_years(code: str, seed: int = 7) -> int:
    """Give each 脱贫村 below `code` that has no exit year one, the same for the same village and
    seed; returns how many villages got one. Villages with a recorded year are left alone."""
    villages = list(AdminUnit.objects.in_subtree(code).villages_with_status(
        [AdminUnit.VillageType.POVERTY_EXITED]).filter(exit_year__isnull=True).values_list("code", flat=True))
    by_year: dict[int, list[str]] = {}
    for village in villages:
        by_year.setdefault(random.Random(f"{seed}:{village}").choice(DEMO_EXIT_YEARS), []).append(village)
    for year, codes in by_year.items():
        for start in range(0, len(codes), BATCH):
            AdminUnit.objects.filter(code__in=codes[start:start + BATCH]).update(exit_year=year)
    return len(villages)
