"""Reading the division CSV format `code,name,level,parent_code` of shared/data/divisions.

Two optional columns may follow, `poverty_village,exit_year` (是/否 or 1/0, and a year):
a village's poverty status. Where they are absent or empty the status is left as it is.
"""

import csv
from dataclasses import dataclass
from typing import IO, Iterable

from . import codes
from .models import CODE_LENGTH, Level
from .village_status import parse_status

HEADER = ["code", "name", "level", "parent_code"]
STATUS_HEADER = ["poverty_village", "exit_year"]


class DivisionFileError(ValueError):
    """A malformed division file; the message names the line."""


@dataclass(frozen=True)
class DivisionRow:
    code: str
    name: str
    level: str
    parent_code: str | None
    village_type: str | None = None  # None: the file says nothing about the status
    exit_year: int | None = None


def parse_divisions(stream: IO[str], known_codes: Iterable[str] = ()) -> list[DivisionRow]:
    """Validate the whole file before anything is written; parents first in the result.

    A parent must be in the file or among `known_codes` (already in the database).
    """
    reader = csv.reader(stream)
    header = next(reader, None)
    if header is None:
        raise DivisionFileError("文件为空")
    columns = [h.strip().lstrip("\ufeff") for h in header]
    if columns not in (HEADER, HEADER + STATUS_HEADER):
        raise DivisionFileError(
            f"第 1 行：表头应为 {','.join(HEADER)}（可再加 {','.join(STATUS_HEADER)} 两列），实际为 {','.join(header)}"
        )

    rows: dict[str, DivisionRow] = {}
    line_of: dict[str, int] = {}
    for line_no, fields in enumerate(reader, start=2):
        if not fields or all(not f.strip() for f in fields):
            continue
        row = _parse_row(fields, line_no, len(columns))
        if row.code in rows:
            raise DivisionFileError(f"第 {line_no} 行：区划代码 {row.code} 与第 {line_of[row.code]} 行重复")
        rows[row.code] = row
        line_of[row.code] = line_no

    known = set(known_codes)
    for code, row in rows.items():
        if row.parent_code and row.parent_code not in rows and row.parent_code not in known:
            raise DivisionFileError(f"第 {line_of[code]} 行：上级区划 {row.parent_code} 不存在")
    return sorted(rows.values(), key=lambda r: (len(r.code), r.code))


def _parse_row(fields: list[str], line_no: int, width: int) -> DivisionRow:
    if len(fields) != width:
        raise DivisionFileError(f"第 {line_no} 行：应有 {width} 列，实际为 {len(fields)} 列")
    code, name, level, parent_code = (f.strip() for f in fields[:4])
    row = _parse_unit(code, name, level, parent_code, line_no)
    status = _parse_status(fields[4:], row, line_no)
    return DivisionRow(row.code, row.name, row.level, row.parent_code, *status) if status else row


def _parse_status(cells: list[str], row: DivisionRow, line_no: int) -> tuple[str, int | None] | None:
    try:
        status = parse_status(*cells) if cells else None
    except ValueError as exc:
        raise DivisionFileError(f"第 {line_no} 行：{exc}")
    if status and row.level != Level.VILLAGE:
        raise DivisionFileError(f"第 {line_no} 行：只有村级区划可以填写是否贫困村和退出年度")
    return status


def _parse_unit(code: str, name: str, level: str, parent_code: str, line_no: int) -> DivisionRow:
    if level not in Level.values:
        raise DivisionFileError(f"第 {line_no} 行：未知层级 “{level}”，应为 {'/'.join(Level.values)} 之一")
    expected = CODE_LENGTH[Level(level)]
    if not code.isdigit() or len(code) != expected:
        raise DivisionFileError(f"第 {line_no} 行：{Level(level).label}级区划代码应为 {expected} 位数字，实际为 “{code}”")
    if not name:
        raise DivisionFileError(f"第 {line_no} 行：名称为空")
    if level == Level.PROVINCE:
        if parent_code:
            raise DivisionFileError(f"第 {line_no} 行：省级区划不应有上级")
        return DivisionRow(code, name, level, None)
    if not parent_code or parent_code not in codes.ancestor_codes(code):
        raise DivisionFileError(f"第 {line_no} 行：上级代码 “{parent_code}” 不是 {code} 的上级")
    return DivisionRow(code, name, level, parent_code)
