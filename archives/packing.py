"""A user's part of an archive as one zip, with the manifest of that part.

Why on request and not per county at close: the files themselves are made once, at close, and
never change (the campaign is frozen); a county's zip only repackages the stored files of its
subtree. Packing on request stores no second copy, and any office — a county, a city over several
counties — gets exactly its part, checked against the same checksums.
"""

import json
import tempfile
import zipfile

from .builder import sha256


def pack(archive, files) -> tempfile.SpooledTemporaryFile:
    handle = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)
    entries = []
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as bundle:
        for stored in files:
            with stored.file.open("rb") as source:
                content = source.read()
            if sha256(content) != stored.sha256:  # storage damaged or altered since close: never hand it out
                raise ValueError(f"存档文件校验失败：{stored.path}")
            bundle.writestr(stored.path, content)
            entries.append(stored.manifest_entry())
        campaign = archive.campaign
        bundle.writestr("manifest.json", json.dumps({
            "campaign": {"id": campaign.pk, "name": campaign.name, "document_number": campaign.document_number},
            "closed_at": archive.closed_at.isoformat(), "keep_until": archive.keep_until.isoformat(),
            "files": entries}, ensure_ascii=False, indent=1))
    handle.seek(0)
    return handle
