"""The village-status roster a county office imports: which villages were 贫困村 and when each exited.

Columns 区划代码, 村名称, 是否贫困村 (是/否), 退出年度 (the year, empty for a 贫困村 not yet
exited and for a 一般村). The whole file is checked first; every error names its line,
and nothing is written while any remains.
"""

import csv
import io
from dataclasses import dataclass

from core.uploads import UploadError, check_xlsx, read_rows

from .codes import is_code
from .models import AdminUnit, Level
from .village_status import parse_status

HEADER = ["区划代码", "村名称", "是否贫困村", "退出年度"]
MAX_ERRORS = 100  # listed on the page; a file this wrong is better fixed as a whole


class RosterFileError(ValueError):
    """The file cannot be read at all (format, header)."""


@dataclass(frozen=True)
class StatusRow:
    line: int
    code: str
    village_type: str
    exit_year: int | None


def read_table(name: str, upload) -> list[tuple[int, list[str]]]:
    """(line, cells) of the data rows of an .xlsx or .csv file, header checked."""
    if name.lower().endswith(".xlsx"):
        try:
            check_xlsx(upload)
            header, data = read_rows(upload)
        except UploadError as exc:
            raise RosterFileError(str(exc))
        rows = [[("" if v is None else str(v)) for v in row] for row in data]
    elif name.lower().endswith(".csv"):
        try:
            table = list(csv.reader(io.StringIO(_decode(upload.read()))))
        except csv.Error:
            raise RosterFileError("CSV 文件格式有误，请用 Excel 另存为 CSV 后再上传") from None
        if not table:
            raise RosterFileError("文件是空的")
        header, *rows = table
    else:
        raise RosterFileError("请上传 Excel（.xlsx）或 CSV（.csv）文件")
    if [h.strip().lstrip("\ufeff") for h in header][:len(HEADER)] != HEADER:
        raise RosterFileError(f"第 1 行：表头应为 {','.join(HEADER)}，实际为 {','.join(header)}")
    return [(line, cells) for line, cells in enumerate(rows, start=2) if any(c.strip() for c in cells)]


def _decode(raw: bytes) -> str:
    """UTF-8, or GB18030 as Excel saves a CSV on a Chinese Windows."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            raise RosterFileError("CSV 文件编码无法识别，请另存为 UTF-8 编码")


def check_rows(table: list[tuple[int, list[str]]], allowed) -> tuple[list[StatusRow], list[str]]:
    """The rows to write, and the errors (Chinese, by line). `allowed(code)` says whether the
    importer may set this village's status."""
    wanted = [cells[0].strip() for _, cells in table if cells and is_code(cells[0].strip())]  # NUL never reaches SQL
    villages = {
        code: (name, level)
        for code, name, level in AdminUnit.objects.filter(code__in=wanted).values_list("code", "name", "level")
    }
    rows, errors, seen = [], [], {}
    for line, cells in table:
        cells = (cells + [""] * len(HEADER))[:len(HEADER)]
        code, name, flag, year = (c.strip() for c in cells)
        error = _row_error(code, name, villages, seen, allowed)
        if error is None:
            try:
                status = parse_status(flag, year)
            except ValueError as exc:
                error = str(exc)
            else:
                error = "请填写是否贫困村" if status is None else None
        if error:
            errors.append(f"第 {line} 行：{error}")
        else:
            rows.append(StatusRow(line, code, *status))
        seen.setdefault(code, line)
    return rows, errors[:MAX_ERRORS]


def _row_error(code, name, villages, seen, allowed) -> str | None:
    if code in seen:
        return f"区划代码 {code} 与第 {seen[code]} 行重复"
    if code not in villages:
        return f"区划代码“{code}”不存在"
    known_name, level = villages[code]
    if level != Level.VILLAGE:
        return f"{code}（{known_name}）不是村级区划"
    if not allowed(code):
        return f"{code}（{known_name}）不在您的管辖范围内"
    if name and name != known_name:
        return f"村名称“{name}”与区划代码 {code} 的名称“{known_name}”不一致"
    return None
