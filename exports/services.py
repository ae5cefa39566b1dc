import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from core.excel import SheetWriter

from . import tables
from .models import ExportJob

PROGRESS_EVERY = 2000


@transaction.atomic
def request_export(*, by, kind, campaign, unit, template=None, params=None) -> ExportJob:
    from .tasks import run_export

    hours = int(getattr(settings, "EXPORT_KEEP_HOURS", 72))
    job = ExportJob.objects.create(kind=kind, campaign=campaign, unit=unit, template=template, params=params or {},
                                   requested_by=by, expires_at=timezone.now() + timedelta(hours=hours))
    run_export.delay_on_commit(job.pk)
    return job


def build_table(job: ExportJob) -> tables.Table:
    if job.kind == ExportJob.Kind.APPENDIX:
        return tables.appendix_table(job.campaign, job.template, job.unit)
    if job.kind == ExportJob.Kind.LEDGER:
        return tables.ledger_table(job.campaign, job.unit, job.requested_by, job.params)
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
    """Make the file of one export job; a job already done is left as it is."""
    if job.status == ExportJob.Status.DONE:
        return job
    table = build_table(job)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, rows_total=table.total, rows_done=0)

    def progress(done):
        ExportJob.objects.filter(pk=job.pk).update(rows_done=done)

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        written = write_workbook(table, handle.name, max_rows=max_rows, progress=progress)
        handle.seek(0)
        filename = f"{table.layout.title}-{job.unit.name}-{timezone.localdate():%Y%m%d}.xlsx"
        job.refresh_from_db()
        job.file.save(f"{job.pk}.xlsx", File(handle), save=False)
    job.filename, job.rows_done, job.rows_total = filename, written, written
    job.status, job.finished_at = ExportJob.Status.DONE, timezone.now()
    job.save(update_fields=["file", "filename", "rows_done", "rows_total", "status", "finished_at"])
    return job


def purge_expired(now=None) -> int:
    now = now or timezone.now()
    expired = list(ExportJob.objects.filter(expires_at__lt=now))
    for job in expired:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return len(expired)
