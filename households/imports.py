"""Roster import: preview first (new, changed, unchanged, errors by row and column), then all or nothing.

The whole file is checked in one pass: existing households, ID numbers already registered
and the villages named are each looked up once for the file, not once per row, and the
rows to write go in by COPY (PostgreSQL) or bulk insert. Only rows that will be written
pay for encrypting their ID number. A row may match only a household the importer
administers and name only a village it administers (see _File); each household created or
changed gets one audit row (households/changes.py).
"""

from dataclasses import dataclass, field

from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from accounts.roles import Capability
from accounts.scoping import scope
from core.uploads import read_rows
from units.models import AdminUnit, Level

from . import changes, idnumber
from .bulk import insert_households, update_households
from .models import TAKEN, Household
from .resources import COLUMNS, COMPARED, REQUIRED, HouseholdRosterResource
from .selectors import households_for, id_number_owners, import_matches
from .validators import HOUSEHOLD_NUMBER, VILLAGE_CODE

KINDS = {"new": "新增", "update": "变更", "skip": "未变", "error": "错误"}
LOOKUP_CHUNK = 5000
SHOWN_ROWS = 500  # rows listed on the preview page beyond the errors
STORED = COMPARED + ["id_number_masked", "id_number_cipher"]
TAKEN_COLUMN = "户编号/身份证号"


class RosterError(ValueError):
    pass


@dataclass
class RowPreview:
    line: int
    kind: str
    number: str
    head_name: str
    errors: list = field(default_factory=list)  # (column, reason)

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)


@dataclass
class Preview:
    rows: list
    counts: dict
    values: dict = field(default_factory=dict, repr=False)  # line -> field values of rows to write
    originals: dict = field(default_factory=dict, repr=False)  # number -> stored values

    @property
    def has_errors(self) -> bool:
        return bool(self.counts.get("error"))

    @property
    def shown(self) -> list:
        """What the page lists: every error, then new and changed rows up to a bound."""
        errors = [row for row in self.rows if row.kind == "error"]
        others = [row for row in self.rows if row.kind in ("new", "update")]
        return errors + others[:SHOWN_ROWS]

    @property
    def hidden(self) -> int:
        return max(0, self.counts["new"] + self.counts["update"] - SHOWN_ROWS)


def _chunks(items: list, size: int = LOOKUP_CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


class _File:
    """What the rows of one file are checked against, looked up once.

    Only households the actor administers can be matched: a number or ID number held by
    any other household, visible to the actor or not, is "taken", with one message for
    every case, so an import neither changes nor reveals what lies outside its scope.
    """

    def __init__(self, user, rows: list[dict]):
        numbers = sorted({text for text in (_text(row[COLUMNS["number"]]) for row in rows)
                          if HOUSEHOLD_NUMBER.match(text)})
        codes = sorted({code for code in (_text(row[COLUMNS["village"]]) for row in rows) if VILLAGE_CODE.match(code)})
        self.existing = {}  # number -> stored values, of households the actor administers
        self.taken_numbers: set[str] = set()  # numbers of households outside the actor's scope
        for chunk in _chunks(numbers):
            mine, taken = import_matches(user, chunk, STORED)
            self.existing.update(mine)
            self.taken_numbers.update(taken)
        self.villages, self.villages_in_scope = set(), set()
        for chunk in _chunks(codes):
            villages = AdminUnit.objects.filter(code__in=chunk, level=Level.VILLAGE)
            self.villages.update(villages.values_list("code", flat=True))
            self.villages_in_scope.update(scope(user, villages, Capability.ADMINISTER).values_list("code", flat=True))
        self.id_owners: dict[str, str] = {}

    def load_id_owners(self, digests: list[str]) -> None:
        for chunk in _chunks(sorted(set(digests))):
            self.id_owners.update(id_number_owners(chunk))

    def taken(self, number: str, digest: str | None) -> bool:
        """Whether the number or the ID number belongs to a household this row may not write."""
        if number in self.taken_numbers:
            return True
        owner = self.id_owners.get(digest) if digest else None
        return owner is not None and (owner != number or number not in self.existing)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _check(user, upload) -> Preview:
    header, cells = read_rows(upload)
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise RosterError(f"缺少必需的列：{'、'.join(missing)}")
    positions = {column: header.index(column) for column in COLUMNS.values() if column in header}
    rows = [{column: row[positions[column]] if positions.get(column, len(row)) < len(row) else None
             for column in COLUMNS.values()} for row in cells]
    context = _File(user, rows)
    resource = HouseholdRosterResource()
    resource.fields["village"].widget.villages = context.villages
    id_column = COLUMNS["id_number"]
    id_reasons, digests = {}, {}  # by line: why the ID number is invalid, or its lookup hash
    for line, row in enumerate(rows, start=2):
        reason = idnumber.validation_error(row[id_column])
        if reason:
            id_reasons[line] = reason
        else:
            digests[line] = idnumber.lookup_hash(row[id_column])
    context.load_id_owners(list(digests.values()))

    preview = Preview(rows=[], counts={kind: 0 for kind in KINDS})
    numbers_seen: dict[str, int] = {}
    ids_seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        values, errors = _row_values(resource, row)
        number = values.get("number", "")
        if number in numbers_seen:
            errors.append((COLUMNS["number"], f"户编号与第 {numbers_seen[number]} 行重复"))
        elif number:
            numbers_seen[number] = line
        digest = digests.get(line)
        if line in id_reasons:
            errors.append((id_column, id_reasons[line]))
        else:
            values["id_number_hash"], values["id_number"] = digest, idnumber.normalize(row[id_column])
            if digest in ids_seen:
                errors.append((id_column, f"身份证号与第 {ids_seen[digest]} 行重复"))
            ids_seen.setdefault(digest, line)
        if number and context.taken(number, digest):
            errors.append((TAKEN_COLUMN, TAKEN))
        village = values.get("village_id")
        if village and village not in context.villages_in_scope:
            errors.append((COLUMNS["village"], f"村代码“{village}”不在您的管辖范围内"))
        if "members" in values and "members_able_to_work" in values \
                and values["members_able_to_work"] > values["members"]:
            errors.append((COLUMNS["members_able_to_work"], "劳动力人数不能超过家庭人口"))
        kind = "error" if errors else _kind(values, context.existing.get(number))
        preview.rows.append(RowPreview(line, kind, shown_cell(row[COLUMNS["number"]], 30),
                                       shown_cell(row[COLUMNS["head_name"]], 50), errors))
        preview.counts[kind] += 1
        if kind in ("new", "update"):
            preview.values[line] = values
    preview.originals = context.existing
    return preview


def shown_cell(value, limit: int) -> str:
    text = _text(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _row_values(resource, row: dict) -> tuple[dict, list]:
    values, errors = {}, []
    for column_field in resource.fields.values():  # the widget directly: Field.clean adds nothing here
        try:
            values[column_field.attribute] = column_field.widget.clean(row[column_field.column_name])
        except ValueError as exc:
            errors.append((column_field.column_name, str(exc)))
    return values, errors


def _kind(values: dict, stored: dict | None) -> str:
    if stored is None:
        return "new"
    return "skip" if all(values[name] == stored[name] for name in COMPARED) else "update"


def preview(user, upload) -> Preview:
    return _check(user, upload)


def apply(user, upload) -> dict:
    """Import for real; any error and nothing is written. Callers go through services.import_roster."""
    result = _check(user, upload)
    if result.has_errors:
        raise RosterError("文件中有错误，未导入任何数据；请修正后重新上传预览")
    new, changed = [], []
    for row in result.rows:
        if row.kind == "new":
            new.append(_stored_fields(result.values[row.line]))
        elif row.kind == "update":
            changed.append(_updated(result.values[row.line], result.originals[row.number]))
    try:
        with transaction.atomic():
            _lock_in_scope(user, [row["id"] for row in changed])
            ids = insert_households(new)
            update_households(changed, STORED + ["updated_at"])
            _unlink_replaced_helpers(changed, result.originals)
            changes.record_import(list(zip(ids, new)), changed, result.originals, by=user)
    except (IntegrityError, DataError):  # a row written by someone else since the preview; its text names the row
        raise RosterError("导入时户编号或身份证号与他人同时导入的数据冲突，未导入任何数据；请重新上传预览") from None
    return {"new": len(new), "update": len(changed), "skip": result.counts["skip"]}


def _unlink_replaced_helpers(changed: list[dict], originals: dict) -> None:
    """A roster naming another helper for a household ends its link to the old helper's account: the
    household's helper name stays the account's name (visits.services.assign_helper) or no account."""
    replaced = [row["id"] for row in changed if row["helper_name"] != originals[row["number"]]["helper_name"]]
    for chunk in _chunks(replaced):
        Household.objects.filter(pk__in=chunk, helper__isnull=False).update(helper=None)


def _lock_in_scope(user, ids: list[int]) -> None:
    """Every household to update is still the actor's, and stays put until the import commits."""
    for chunk in _chunks(ids):
        held = households_for(user, Capability.ADMINISTER).filter(pk__in=chunk).select_for_update()
        if len(held.values_list("pk", flat=True)) != len(chunk):
            raise RosterError("导入期间有农户被移出您的管辖范围，未导入任何数据；请重新上传预览")


def _stored_fields(values: dict) -> dict:
    number = values["id_number"]
    stored = {name: value for name, value in values.items() if name != "id_number"}
    stored.update(id_number_masked=idnumber.mask(number), id_number_cipher=idnumber.encrypt(number))
    return stored


def _updated(values: dict, stored: dict) -> dict:
    """The stored household's fields with the file's values; the ID number is re-encrypted only if it changed."""
    same_id = values["id_number_hash"] == stored["id_number_hash"]
    fields = {name: value for name, value in values.items() if name != "id_number"} if same_id \
        else _stored_fields(values)
    return {**stored, **fields, "id": stored["pk"], "updated_at": timezone.now()}
