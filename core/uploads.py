"""Checking an uploaded .xlsx before anything parses it: size, real zip/xlsx, zip-bomb bounds.

The XML inside is then parsed by openpyxl, which uses defusedxml when it is installed
(it is a dependency), so entity expansion ("billion laughs") and external entities fail.
"""

import zipfile

from defusedxml import DefusedXmlException
from django.conf import settings
from openpyxl import load_workbook


class UploadError(ValueError):
    pass


def limits() -> dict:
    return {
        "max_bytes": int(getattr(settings, "IMPORT_MAX_BYTES", 10 * 1024 * 1024)),
        "max_uncompressed": int(getattr(settings, "IMPORT_MAX_UNCOMPRESSED", 200 * 1024 * 1024)),
        "max_entries": int(getattr(settings, "IMPORT_MAX_ENTRIES", 1000)),
        "max_ratio": int(getattr(settings, "IMPORT_MAX_RATIO", 200)),
    }


def check_xlsx(upload) -> None:
    bounds = limits()
    if upload.size > bounds["max_bytes"]:
        raise UploadError(f"文件超过 {bounds['max_bytes'] // (1024 * 1024)} MB，请分批导入")
    upload.seek(0)
    if not zipfile.is_zipfile(upload):
        raise UploadError("不是有效的 Excel（.xlsx）文件")
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        entries = archive.infolist()
        if len(entries) > bounds["max_entries"]:
            raise UploadError("文件内部条目过多，已拒绝（疑似压缩炸弹）")
        names = {e.filename for e in entries}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise UploadError("不是有效的 Excel（.xlsx）文件")
        total = sum(e.file_size for e in entries)
        if total > bounds["max_uncompressed"]:
            raise UploadError("文件解压后过大，已拒绝（疑似压缩炸弹）")
        for entry in entries:
            if entry.compress_size and entry.file_size / entry.compress_size > bounds["max_ratio"] \
                    and entry.file_size > 1024 * 1024:
                raise UploadError("文件压缩比异常，已拒绝（疑似压缩炸弹）")
    upload.seek(0)


def read_rows(upload) -> tuple[list[str], list[tuple]]:
    """Header and data rows of the first sheet; call `check_xlsx` first."""
    workbook = None
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        data = [row for row in rows if any(v not in (None, "") for v in row)]
    except Exception as exc:  # noqa: BLE001 - openpyxl wraps parser errors in ValueError and others
        if _unsafe_xml(exc):
            raise UploadError("文件包含不安全的 XML 内容，已拒绝")
        raise UploadError("无法读取该 Excel 文件，请确认文件未损坏")
    finally:
        if workbook is not None:
            workbook.close()
    return header, data


def _unsafe_xml(exc: BaseException) -> bool:
    """Whether defusedxml refused the XML somewhere down the exception chain."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, DefusedXmlException):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False
