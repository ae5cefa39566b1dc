"""Audit rows for the roster import, whose COPY and UPDATE … FROM bypass model signals.

Each household the import creates or changes gets one LogEntry shaped like the ones
django-auditlog writes on save() (see HouseholdsConfig.ready): {field: [before, after]} as
text, phones masked, the ID number as its masked form only.
"""

from auditlog.models import LogEntry

from audit.masking import mask_phone
from audit.services import record_bulk_writes

from .models import Household

TRACKED = ["head_name", "village_id", "kind", "members", "members_able_to_work", "has_elderly", "has_disabled",
           "has_petitioner", "has_special_hardship", "helper_name", "helper_phone", "phone", "id_number_masked"]
PHONES = frozenset({"phone", "helper_phone"})
SOURCE = "花名册导入"


def _text(name: str, value) -> str:
    if value is None:
        return "None"
    return mask_phone(value) if name in PHONES else str(value)


def _field_name(attribute: str) -> str:
    return attribute.removesuffix("_id")  # auditlog names a foreign key by its field: village


_KEYS = [(name, _field_name(name), name in PHONES) for name in TRACKED]


def created(values: dict) -> dict:
    return {key: ["None", mask_phone(values[name]) if phone else str(values[name])] for name, key, phone in _KEYS}


def changed(before: dict, after: dict) -> dict:
    return {_field_name(name): [_text(name, before[name]), _text(name, after[name])]
            for name in TRACKED if before[name] != after[name]}


def record_import(new: list[tuple[int, dict]], updated: list[dict], originals: dict, *, by) -> int:
    """One audit row per household created (`new`: id and field values) or changed (`updated`, with "id")."""
    entries = [(pk, row["number"], LogEntry.Action.CREATE, created(row)) for pk, row in new]
    entries += [(row["id"], row["number"], LogEntry.Action.UPDATE, changed(originals[row["number"]], row))
                for row in updated]
    return record_bulk_writes(Household, entries, by=by, source=SOURCE)
