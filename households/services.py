from units.models import AdminUnit

from .bulk import write_households
from .demo import village_household_rows
from .models import Household


def seed_demo_households(*, villages: list[AdminUnit], per_village: int, seed: int, progress=None) -> int:
    """Create demo households for each village that has none yet, a county at a time.

    Returns the number of households created. Safe to run again: a village that already has
    households is left as it is, so nothing is created twice.
    """
    filled = set(Household.objects.filter(village__code__in=[v.code for v in villages])
                 .values_list("village_id", flat=True).distinct()) if len(villages) < 5000 else \
        set(Household.objects.values_list("village_id", flat=True).distinct())
    created = 0
    by_county: dict[str, list] = {}
    for village in villages:
        by_county.setdefault(village.code[:6], []).append(village)
    done = 0
    for county_villages in by_county.values():
        batch, taken_ids = [], set()
        for village in county_villages:
            if village.code not in filled:
                batch += village_household_rows(village.code, per_village, seed, taken_ids)
        created += write_households(batch)
        done += len(county_villages)
        if progress:
            progress(done, len(villages), created)
    return created
