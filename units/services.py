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

    A row without a status (`village_type` None) keeps the status the unit has: loading
    the plain four-column file again never erases statuses imported since.
    """
    existing = {
        code: (name, level, parent_id, village_type, exit_year)
        for code, name, level, parent_id, village_type, exit_year in AdminUnit.objects.values_list(
            "code", "name", "level", "parent_id", "village_type", "exit_year")
    }
    result = LoadResult()
    to_create, to_update = [], []
    for row in rows:
        old = existing.get(row.code)
        village_type, exit_year = (row.village_type, row.exit_year) if row.village_type is not None else (
            old[3:] if old else ("", None))
        unit = AdminUnit(code=row.code, name=row.name, level=row.level, parent_id=row.parent_code,
                         village_type=village_type, exit_year=exit_year)
        if old is None:
            to_create.append(unit)
        elif old != (row.name, row.level, row.parent_code, village_type, exit_year):
            to_update.append(unit)
        else:
            result.unchanged += 1
    AdminUnit.objects.bulk_create(to_create, batch_size=BATCH)
    AdminUnit.objects.bulk_update(to_update, ["name", "level", "parent", "village_type", "exit_year"],
                                  batch_size=BATCH)
    result.created, result.updated = len(to_create), len(to_update)
    return result
