from django.db import transaction

from accounts.scoping import can
from units.models import AdminUnit
from units.roles import Capability
from units.services import BATCH, LoadResult


class VillageStatusError(ValueError):
    pass


@transaction.atomic
def set_village_statuses(rows, *, by) -> LoadResult:
    """Record each village's poverty status and exit year (`rows`: StatusRow from units.status_roster).

    `by` must be allowed to manage every village it touches; None is the operator of the
    command line. All or nothing; villages whose status is already so are left alone.
    """
    if by is not None:
        outside = [row.code for row in rows if not can(by, row.code, Capability.MANAGE)]
        if outside:
            raise VillageStatusError(f"无权设置 {'、'.join(outside[:5])} 等 {len(outside)} 个村的贫困村状态")
    current = dict(
        (code, (village_type, exit_year))
        for code, village_type, exit_year in AdminUnit.objects.villages()
        .filter(code__in=[row.code for row in rows]).values_list("code", "village_type", "exit_year")
    )
    missing = [row.code for row in rows if row.code not in current]
    if missing:
        raise VillageStatusError(f"{'、'.join(missing[:5])} 不是已导入的村级区划")
    changed = [AdminUnit(code=row.code, village_type=row.village_type, exit_year=row.exit_year)
               for row in rows if current[row.code] != (row.village_type, row.exit_year)]
    AdminUnit.objects.bulk_update(changed, ["village_type", "exit_year"], batch_size=BATCH)
    return LoadResult(updated=len(changed), unchanged=len(rows) - len(changed))
