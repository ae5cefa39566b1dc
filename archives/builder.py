"""Building a closed campaign's archive: every contributor's files stored with their checksums, then
the manifest (JSON: path, sha256, size, kind) beside them.

Idempotent and resumable: the campaign is frozen, so a file stored by an earlier run (a worker lost
half-way through a county of thousands of PDFs) is already right and is kept, not made again."""

import hashlib
import json
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core import archiving

from .models import Archive, ArchiveFile

log = logging.getLogger(__name__)
S = Archive.Status


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def manifest_of(archive: Archive, files) -> bytes:
    campaign = archive.campaign
    document = {
        "campaign": {"id": campaign.pk, "name": campaign.name, "document_number": campaign.document_number,
                     "year": campaign.year},
        "closed_at": archive.closed_at.isoformat(), "keep_until": archive.keep_until.isoformat(),
        "files": [f.manifest_entry() for f in files],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def _clear(archive: Archive) -> None:
    for stored in archive.files.all():
        stored.file.delete(save=False)
    archive.files.all().delete()
    if archive.manifest:
        archive.manifest.delete(save=False)


def build(archive_id: int) -> Archive:
    archive = Archive.objects.select_related("campaign", "closed_by").get(pk=archive_id)
    if archive.status in (S.DONE, S.PURGED):
        return archive
    campaign, by = archive.campaign, archive.closed_by
    stored_paths = set(archive.files.values_list("path", flat=True))
    contributors = archiving.contributors()
    total = sum(c.count(campaign) for c in contributors)
    Archive.objects.filter(pk=archive.pk).update(status=S.RUNNING, files_total=total, files_done=0, error="")
    done = 0
    try:
        for contributor in contributors:
            for piece in contributor.pieces(campaign, by):
                done += 1
                if piece.path in stored_paths:
                    continue
                content = piece.content()
                stored = ArchiveFile(archive=archive, unit_id=piece.unit_code, path=piece.path, kind=piece.kind,
                                     sha256=sha256(content), size=len(content))
                stored.file.save(f"{campaign.pk}/{piece.path}", ContentFile(content), save=False)
                stored.save()
                Archive.objects.filter(pk=archive.pk).update(files_done=done)
    except Exception as exc:  # the message is shown to the office; the traceback goes to the log
        log.exception("archive %s failed", archive.pk)
        Archive.objects.filter(pk=archive.pk).update(status=S.FAILED, error=f"生成失败：{exc}")
        raise
    manifest = manifest_of(archive, archive.files.order_by("path"))
    if archive.manifest:
        archive.manifest.delete(save=False)
    archive.manifest.save(f"{campaign.pk}/manifest.json", ContentFile(manifest), save=False)
    archive.manifest_sha256 = sha256(manifest)
    archive.status, archive.files_done, archive.files_total = S.DONE, done, done
    archive.finished_at = timezone.now()
    archive.save(update_fields=["manifest", "manifest_sha256", "status", "files_done", "files_total", "finished_at"])
    return archive


@transaction.atomic
def purge_expired(today=None) -> int:
    """Delete the files of archives past their retention (the campaign stays closed); none before."""
    today = today or timezone.localdate()
    expired = list(Archive.objects.select_for_update().filter(keep_until__lt=today).exclude(status=S.PURGED))
    for archive in expired:
        _clear(archive)
        archive.status, archive.manifest_sha256 = S.PURGED, ""
        archive.save(update_fields=["status", "manifest", "manifest_sha256"])
    return len(expired)
