import io
import zipfile

import pytest
from openpyxl import Workbook

from core.uploads import UploadError, check_xlsx, read_rows


def as_upload(data: bytes):
    buffer = io.BytesIO(data)
    buffer.name, buffer.size = "x.xlsx", len(data)
    return buffer


def real_xlsx() -> bytes:
    wb = Workbook()
    wb.active.append(["户编号"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def rewritten(replace: dict) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(real_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, replace.get(item.filename, source.read(item.filename)))
        for name, content in replace.items():
            if name not in source.namelist():
                target.writestr(name, content)
    return out.getvalue()


def test_a_real_xlsx_passes():
    upload = as_upload(real_xlsx())
    check_xlsx(upload)
    assert read_rows(upload)[0] == ["户编号"]


def test_a_renamed_text_file_is_refused():
    with pytest.raises(UploadError, match="不是有效的 Excel"):
        check_xlsx(as_upload(b"this is not excel"))


def test_a_plain_zip_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("a.txt", "x")
    with pytest.raises(UploadError, match="不是有效的 Excel"):
        check_xlsx(as_upload(out.getvalue()))


def test_an_oversized_upload_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(UploadError, match="文件超过"):
        check_xlsx(as_upload(real_xlsx()))


def test_a_zip_bomb_is_refused_before_parsing(settings):
    settings.IMPORT_MAX_UNCOMPRESSED = 5 * 1024 * 1024
    data = rewritten({"xl/media/padding.bin": b"\0" * (20 * 1024 * 1024)})
    assert len(data) < 200_000  # small on the wire
    with pytest.raises(UploadError, match="压缩炸弹"):
        check_xlsx(as_upload(data))


def test_too_many_entries_are_refused():
    data = rewritten({f"xl/media/{i}.bin": b"x" for i in range(1200)})
    with pytest.raises(UploadError, match="条目过多"):
        check_xlsx(as_upload(data))


def test_an_xml_bomb_is_refused_before_parsing_and_never_expanded():
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>')
    upload = as_upload(rewritten({"xl/worksheets/sheet1.xml": bomb}))
    with pytest.raises(UploadError, match="不安全的 XML"):
        check_xlsx(upload)
    try:  # and the reader, reached without the check, does not expand the entities either
        header, _ = read_rows(upload)
    except UploadError:
        return
    assert "lol" not in "".join(header)
