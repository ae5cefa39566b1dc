from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.roles import Capability
from accounts.scoping import can
from audit.services import acting_as, record_reveal
from units import codes
from units.models import AdminUnit

from . import imports
from .bulk import write_households
from .demo import village_household_rows
from .models import Household
from .selectors import may_import, may_reveal


def import_roster(upload, *, by) -> dict:
    """Apply a previewed roster; the import itself checks every household and village it touches."""
    if not may_import(by):
        raise PermissionDenied("没有导入花名册的权限")
    return imports.apply(by, upload)


@transaction.atomic
def save_household(household: Household, *, by) -> Household:
    """Create or change one household (the admin form); the actor must administer its village
    before and after, and the write is audited under the actor's name."""
    before = Household.objects.filter(pk=household.pk).values_list("village_id", flat=True).first() \
        if household.pk else None
    for code in {household.village_id, before} - {None}:
        if not can(by, code, Capability.ADMINISTER):
            raise PermissionDenied("不在您的管辖范围内")
    with acting_as(by):
        household.save()
    return household


@transaction.atomic
def reveal_personal(household: Household, *, by, field: str, reason: str) -> str:
    """The clear value of one personal field, recorded (who, whom, when, why, what) before it is returned."""
    if field not in Household.PERSONAL_FIELDS:
        raise ValueError(field)
    if not may_reveal(by, household):
        raise PermissionDenied("您的角色不能查看完整的个人信息")
    record_reveal(household, by=by, field=field, reason=reason)
    return household.clear_value(field)


def seed_demo_households(*, villages: list[AdminUnit], per_village: int, seed: int, progress=None) -> int:
    """Create demo households for each village that has none yet, a county at a time.

    Returns the number of households created. Safe to run again: a village that already has
    households is left as it is, so nothing is created twice. Demo data is not audited.
    """
    filled = set(Household.objects.filter(village__code__in=[v.code for v in villages])
                 .values_list("village_id", flat=True).distinct()) if len(villages) < 5000 else \
        set(Household.objects.values_list("village_id", flat=True).distinct())
    created = 0
    by_county: dict[str, list] = {}
    for village in villages:
        by_county.setdefault(codes.county_code(village.code), []).append(village)
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
