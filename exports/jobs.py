"""Making an export's file: claimed by one worker run at a time, stamped with a heartbeat, failed
with a Chinese message. Called by exports/tasks.py; requests go through exports/services.py."""

import logging
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db.models import F, Q
from django.utils import timezone
from openpyxl import Workbook

from checklists.models import ChecklistTemplate
from core.excel import SheetWriter

from . import tables
from .models import ExportJob

log = logging.getLogger(__name__)
S = ExportJob.Status
PROGRESS_EVERY = 2000


def claim(job_id: int) -> bool:
    """Start one run of the job, unless it is finished or another run is alive (fresh heartbeat).

    A message delivered twice (acks_late after a lost connection, or a sweeper retry) is
    thereby made once at a time."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.EXPORT_STALL_SECONDS)
    startable = Q(status__in=[S.WAITING, S.PENDING]) | Q(status=S.RUNNING, heartbeat_at__lt=stale)
    return bool(ExportJob.objects.filter(startable, pk=job_id).update(
        status=S.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1, rows_done=0))


def fail(job_id: int, message: str) -> None:
    ExportJob.objects.filter(pk=job_id).exclude(status=S.DONE).update(
        status=S.FAILED, error=message, finished_at=timezone.now())


def build_table(job: ExportJob) -> tables.Table:
    if job.kind == ExportJob.Kind.APPENDIX:
        return tables.appendix_table(job.campaign, job.template, job.unit)
    if job.kind == ExportJob.Kind.LEDGER:
        return tables.ledger_table(job.campaign, job.unit, job.requested_by, job.params)
    if job.kind == ExportJob.Kind.JOINT:
        township_form = ChecklistTemplate.objects.get(pk=job.params["township_template"])
        return tables.joint_appendix_table(job.campaign, job.template, township_form, job.unit)
    return tables.summary_table(job.campaign, job.unit)


def write_workbook(table: tables.Table, path, *, max_rows=None, progress=None) -> int:
    """Stream the table into an .xlsx at `path`; returns the number of rows written."""
    workbook = Workbook(write_only=True)
    writer = SheetWriter(workbook, table.layout, sheet_name=table.sheet_name,
                         **({"max_rows": max_rows} if max_rows else {}))
    current, written = object(), 0
    for group, values, is_total in table.rows:
        if group != current:
            writer.start_group(table.groups.get(group, 1))
            current = group
        writer.append(values, bold=is_total)
        written += 1
        if progress and written % PROGRESS_EVERY == 0:
            progress(written)
    writer.close()
    workbook.save(path)
    return written


def run(job: ExportJob, *, max_rows=None) -> ExportJob:
    """Make the file of one export job; a job already done is left as it is.

    Each step stamps `heartbeat_at`: a job whose worker died stops stamping, and the sweeper
    notices (see sweep)."""
    if job.status == S.DONE:
        return job
    table = build_table(job)
    ExportJob.objects.filter(pk=job.pk).update(status=S.RUNNING, rows_total=table.total, rows_done=0,
                                               heartbeat_at=timezone.now())

    def progress(done):
        ExportJob.objects.filter(pk=job.pk).update(rows_done=done, heartbeat_at=timezone.now())

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        written = write_workbook(table, handle.name, max_rows=max_rows, progress=progress)
        handle.seek(0)
        filename = f"{table.layout.title}-{job.unit.name}-{timezone.localdate():%Y%m%d}.xlsx"
        job.refresh_from_db()
        job.file.save(f"{job.pk}.xlsx", File(handle), save=False)
    job.filename, job.rows_done, job.rows_total = filename, written, written
    job.status, job.finished_at, job.heartbeat_at = S.DONE, timezone.now(), timezone.now()
    job.save(update_fields=["file", "filename", "rows_done", "rows_total", "status", "finished_at", "heartbeat_at"])
    return job


def purge_expired(now=None) -> int:
    now = now or timezone.now()
    expired = list(ExportJob.objects.filter(expires_at__lt=now))
    for job in expired:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return len(expired)
