from django.db import transaction

from units.models import AdminUnit

from .demo import village_households
from .models import Household

BATCH = 2000


def seed_demo_households(*, villages: list[AdminUnit], per_village: int, seed: int, progress=None) -> int:
    """Create demo households for each village; households already there are kept as they are.

    Returns the number of households created. Safe to run again: nothing is created twice.
    """
    taken_ids: set[str] = set()
    created = 0
    for index, village in enumerate(villages, start=1):
        households = village_households(village.code, per_village, seed, taken_ids)
        existing = set(Household.objects.filter(village=village).values_list("number", flat=True))
        new = [h for h in households if h.number not in existing]
        with transaction.atomic():
            Household.objects.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
        created += len(new)
        if progress:
            progress(index, len(villages))
    return created
