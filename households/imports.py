"""Roster import: preview first (new, changed, unchanged, errors by row and column), then all or nothing."""

from dataclasses import dataclass, field

from django.db import transaction

from core.uploads import read_rows

from .resources import COLUMNS, HouseholdRosterResource, dataset_from

ATTRIBUTE_COLUMNS = {**COLUMNS, "village_id": COLUMNS["village"]}
KINDS = {"new": "新增", "update": "变更", "skip": "未变", "error": "错误", "invalid": "错误"}


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

    @property
    def has_errors(self) -> bool:
        return bool(self.counts.get("error"))


def _run(user, upload, *, dry_run: bool):
    header, rows = read_rows(upload)
    try:
        dataset = dataset_from(header, rows)
    except ValueError as exc:
        raise RosterError(str(exc))
    resource = HouseholdRosterResource(user=user)
    return dataset, resource.import_data(dataset, dry_run=dry_run, use_transactions=True,
                                         rollback_on_validation_errors=True)


def preview(user, upload) -> Preview:
    dataset, result = _run(user, upload, dry_run=True)
    previews = []
    invalid = {row.number: row for row in result.invalid_rows}
    errored = dict(result.row_errors())
    number_at = dataset.headers.index(COLUMNS["number"])
    name_at = dataset.headers.index(COLUMNS["head_name"])
    for index, values in enumerate(dataset, start=1):
        line = index + 1
        row_preview = RowPreview(line, "skip", str(values[number_at] or ""), str(values[name_at] or ""))
        if index in invalid:
            row_preview.kind = "error"
            for attribute, messages in invalid[index].error_dict.items():
                for message in messages:
                    text = message.messages[0] if hasattr(message, "messages") else str(message)
                    row_preview.errors.append((ATTRIBUTE_COLUMNS.get(attribute, attribute), text))
        elif index in errored:
            row_preview.kind = "error"
            row_preview.errors = [("", str(e.error)) for e in errored[index]]
        previews.append(row_preview)
    for position, row_result in enumerate(result.rows):  # one per dataset row, in order
        if row_result.import_type in ("new", "update", "skip") and previews[position].kind != "error":
            previews[position].kind = row_result.import_type
    counts = {kind: sum(1 for p in previews if p.kind == kind) for kind in ("new", "update", "skip", "error")}
    return Preview(previews, counts)


def apply(user, upload) -> dict:
    """Import for real; any error and nothing is written."""
    with transaction.atomic():
        dataset, result = _run(user, upload, dry_run=False)
        if result.has_errors() or result.has_validation_errors():
            transaction.set_rollback(True)
            raise RosterError("文件中有错误，未导入任何数据；请修正后重新上传预览")
    totals = result.totals
    return {"new": totals.get("new", 0), "update": totals.get("update", 0), "skip": totals.get("skip", 0)}
