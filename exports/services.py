"""Export jobs: requested here (the permission check), made by a worker, watched by a sweeper.

The joint table (县乡问题排查表, 附件3) is one table per county: it is requested for a county only,
by whoever may see that whole county (county office, city office). A township office does not
export it, not even its own part: its part is its 乡级 form, which it exports as an ordinary
附件表; the joint table is the county's, signed by the county.

An export is a copy of the rows its requester could see when it was made (for a department
user, only the problems routed to its department), so the job and its file belong to the
requester alone: nobody else, not even an office of the same unit, may open it (they make
their own); a superuser may, for support. Reads go through `selectors.py`.
"""

import functools
import logging
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from openpyxl import Workbook

from accounts.roles import Capability
from accounts.scoping import can, grants_of
from checklists.models import ChecklistTemplate, FormLevel
from campaigns.access import campaigns_for
from core.excel import SheetWriter
from huitoukan.celery import BROKER_ERRORS

from . import tables
from .models import ExportJob

log = logging.getLogger(__name__)
S = ExportJob.Status
PROGRESS_EVERY = 2000


class ExportRefused(Exception):
    """A request the user's role does not allow; the message is Chinese."""


def _department_only(user, unit) -> bool:
    """Whether every grant of the user covering `unit` is a department grant."""
    covering = [g for g in grants_of(user) if unit.is_within(g.unit_code)]
    return bool(covering) and all(g.department_id for g in covering)


def check_request(by, *, kind, campaign, unit, template) -> None:
    """Everything a request touches must be within the actor's reach: hidden is a 404."""
    if not (by.is_active and by.is_superuser):
        if not can(by, unit.code, Capability.VIEW) or not campaigns_for(by).filter(pk=campaign.pk).exists():
            raise Http404("不存在或不在您的管辖范围内")
    if not unit.is_within(campaign.scope_unit_id):
        raise Http404("该单位不在本专项行动范围内")
    if kind not in ExportJob.Kind.values:
        raise ExportRefused("不支持的导出类型")
    if kind == ExportJob.Kind.APPENDIX:
        if template is None or not campaign.templates.filter(pk=template.pk).exists():
            raise ExportRefused("请选择本专项行动的附件表")
        if not by.is_superuser and _department_only(by, unit):
            raise ExportRefused("责任单位只能导出派给本部门的问题台账和汇总表，不能导出入户排查表")


def joint_forms(campaign) -> tuple[ChecklistTemplate, ChecklistTemplate] | None:
    """The campaign's county form and township form that the seed prints as one table (same column
    heads, as 附件3's 排查层级 / 排查内容 / 备注), or None when it has no such pair."""
    forms = list(campaign.templates.filter(level__in=[FormLevel.COUNTY, FormLevel.TOWNSHIP]).exclude(columns=[])
                 .order_by("code"))
    for county_form in (f for f in forms if f.level == FormLevel.COUNTY):
        for township_form in (f for f in forms if f.level == FormLevel.TOWNSHIP):
            if township_form.columns == county_form.columns:
                return county_form, township_form
    return None


def _check_joint(by, campaign, unit) -> tuple[ChecklistTemplate, ChecklistTemplate]:
    pair = joint_forms(campaign)
    if pair is None:
        raise ExportRefused("本专项行动没有县乡合一的排查表（附件3）")
    if unit.level != "county":
        raise ExportRefused("县乡问题排查表按县导出，请在县级页面导出；乡镇请导出本乡镇的附件表")
    if not by.is_superuser and _department_only(by, unit):
        raise ExportRefused("责任单位只能导出派给本部门的问题台账和汇总表，不能导出排查表")
    return pair


@transaction.atomic
def request_export(*, by, kind, campaign, unit, template=None, params=None) -> ExportJob:
    """Record the job and queue it once committed; while the broker is down it waits (待排队)."""
    check_request(by, kind=kind, campaign=campaign, unit=unit, template=template)
    if kind == ExportJob.Kind.JOINT:
        template, township_form = _check_joint(by, campaign, unit)
        params = {"township_template": township_form.pk}
    hours = int(getattr(settings, "EXPORT_KEEP_HOURS", 72))
    job = ExportJob.objects.create(kind=kind, campaign=campaign, unit=unit,
                                   template=template if kind in (ExportJob.Kind.APPENDIX, ExportJob.Kind.JOINT)
                                   else None,
                                   params=params or {}, requested_by=by,
                                   expires_at=timezone.now() + timedelta(hours=hours))
    transaction.on_commit(functools.partial(enqueue, job.pk))
    return job


def enqueue(job_id: int) -> bool:
    """Hand the job to the broker; when it cannot be reached, mark the job 待排队 for the sweeper."""
    from .tasks import run_export

    try:
        run_export.apply_async((job_id,), ignore_result=True)  # see ResilientTask.send_or_log
    except BROKER_ERRORS as exc:
        log.warning("export %s waits for the broker: %s", job_id, exc.__class__.__name__)
        ExportJob.objects.filter(pk=job_id, status__in=[S.WAITING, S.PENDING]).update(status=S.WAITING)
        return False
    ExportJob.objects.filter(pk=job_id, status__in=[S.WAITING, S.PENDING]).update(
        status=S.PENDING, queued_at=timezone.now())
    return True


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


def sweep(now=None) -> dict[str, int]:
    """The periodic check that no job is left behind:

    - 待排队 jobs (the broker was down) are sent again;
    - jobs queued long ago and never started (a message lost with Redis's data) are sent again;
    - running jobs without a heartbeat for EXPORT_STALL_SECONDS (their worker died) are retried
      up to EXPORT_MAX_ATTEMPTS runs, then marked failed with a message.
    """
    now = now or timezone.now()
    stall = timedelta(seconds=settings.EXPORT_STALL_SECONDS)
    counts = {"sent": 0, "retried": 0, "failed": 0}
    lost = Q(status=S.PENDING) & (Q(queued_at__lt=now - timedelta(seconds=settings.EXPORT_QUEUE_LIMIT_SECONDS))
                                  | Q(queued_at__isnull=True, created_at__lt=now - stall))
    for job_id in ExportJob.objects.filter(Q(status=S.WAITING) | lost).order_by("pk").values_list("pk", flat=True):
        if not enqueue(job_id):
            return counts  # the broker is still down: try again at the next sweep
        counts["sent"] += 1
    stalled = ExportJob.objects.filter(status=S.RUNNING).filter(
        Q(heartbeat_at__lt=now - stall) | Q(heartbeat_at__isnull=True, started_at__lt=now - stall))
    for job_id, attempts in stalled.values_list("pk", "attempts"):
        if attempts >= settings.EXPORT_MAX_ATTEMPTS:
            minutes = max(1, settings.EXPORT_STALL_SECONDS // 60)
            fail(job_id, f"生成进程超过 {minutes} 分钟没有进展（已中断），已尝试 {attempts} 次，请缩小范围后重新导出。")
            log.warning("export %s failed after %s stalled attempts", job_id, attempts)
            counts["failed"] += 1
            continue
        ExportJob.objects.filter(pk=job_id, status=S.RUNNING).update(status=S.WAITING)
        log.warning("export %s stalled (attempt %s), queued again", job_id, attempts)
        counts["retried"] += 1
        enqueue(job_id)
    return counts


def purge_expired(now=None) -> int:
    now = now or timezone.now()
    expired = list(ExportJob.objects.filter(expires_at__lt=now))
    for job in expired:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return len(expired)
