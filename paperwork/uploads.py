"""A report file is checked like every upload: size and real type by the evidence rule, then the
Office files as zips (bounds, no DTD) like an imported roster. Only documents: PDF, Word, Excel."""

from pathlib import PurePath

from core.uploads import UploadError, check_docx, check_xlsx
from rectification.evidence import EvidenceError, check_upload

DOCUMENTS = (".pdf", ".docx", ".xlsx")


def check_report_file(upload) -> tuple[str, str]:
    """(content type, stored name), or UploadError with a Chinese reason."""
    name = PurePath(upload.name or "").name[:200]
    if PurePath(name).suffix.lower() not in DOCUMENTS:
        raise UploadError(f"“{name}”：报送材料只接受 PDF、Word（.docx）或 Excel（.xlsx）文件")
    try:
        content_type, stored = check_upload(upload)
    except EvidenceError as error:
        raise UploadError(str(error)) from error
    extension = PurePath(name).suffix.lower()
    try:
        if extension == ".xlsx":
            check_xlsx(upload)
        elif extension == ".docx":
            check_docx(upload)
    except UploadError as error:
        raise UploadError(f"“{name}”：{error}") from error
    upload.seek(0)
    return content_type, stored
