from dataclasses import dataclass

from django.db import transaction

from .divisions import DivisionRow
from .models import AdminUnit

BATCH = 5000


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def load_divisions(rows: list[DivisionRow]) -> LoadResult:
    """Insert new units and update renamed or moved ones; a second run changes nothing.

    `rows` come validated and parents-first from `parse_divisions`. One transaction:
    a failure leaves the table as it was.
    """
    existing = {
        code: (name, level, parent_id)
        for code, name, level, parent_id in AdminUnit.objects.values_list("code", "name", "level", "parent_id")
    }
    result = LoadResult()
    to_create, to_update = [], []
    for row in rows:
        values = (row.name, row.level, row.parent_code)
        unit = AdminUnit(code=row.code, name=row.name, level=row.level, parent_id=row.parent_code)
        if row.code not in existing:
            to_create.append(unit)
        elif existing[row.code] != values:
            to_update.append(unit)
        else:
            result.unchanged += 1
    AdminUnit.objects.bulk_create(to_create, batch_size=BATCH)
    AdminUnit.objects.bulk_update(to_update, ["name", "level", "parent"], batch_size=BATCH)
    result.created, result.updated = len(to_create), len(to_update)
    return result
