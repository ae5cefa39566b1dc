"""Checking uploaded evidence before it is stored: size and real type, never the name alone."""

import uuid
from pathlib import PurePath

from django.conf import settings

MAX_FILES = 10
# extension -> (content type, magic bytes at the start of the file)
ALLOWED = {
    ".jpg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".jpeg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".png": ("image/png", [b"\x89PNG\r\n\x1a\n"]),
    ".pdf": ("application/pdf", [b"%PDF-"]),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [b"PK\x03\x04"]),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [b"PK\x03\x04"]),
}


class EvidenceError(ValueError):
    pass


def max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))


def check_upload(upload) -> tuple[str, str]:
    """(content type, stored name) for an acceptable upload; EvidenceError with a Chinese reason otherwise."""
    name = PurePath(upload.name).name[:200]
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED:
        raise EvidenceError(f"“{name}”：只接受照片（jpg、png）或文档（pdf、docx、xlsx）")
    if upload.size > max_bytes():
        raise EvidenceError(f"“{name}”：文件超过 {max_bytes() // (1024 * 1024)} MB")
    if upload.size == 0:
        raise EvidenceError(f"“{name}”：文件是空的")
    content_type, signatures = ALLOWED[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in signatures):
        raise EvidenceError(f"“{name}”：文件内容与扩展名不符")
    return content_type, f"{uuid.uuid4().hex}{extension}"


def check_all(files, make, *, error=EvidenceError) -> None:
    """Check every upload first (one bad file stores none), then store each through `make(upload,
    content_type, stored_name)`, which builds the row and saves its file; a refusal raises `error`."""
    try:
        checked = [(upload, *check_upload(upload)) for upload in files]
    except EvidenceError as exc:
        raise error(str(exc)) from exc
    for upload, content_type, stored_name in checked:
        make(upload, content_type, stored_name)
