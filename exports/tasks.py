"""The export queue: sending a job to the broker (or marking it 待排队), the worker's run, and the
sweeper that leaves no job behind. The work itself is in exports/jobs.py."""

import logging
import traceback
from datetime import timedelta

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from huitoukan.celery import BROKER_ERRORS

from . import jobs
from .models import ExportJob

log = logging.getLogger(__name__)
S = ExportJob.Status


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_export(job_id: int) -> str:
    if not jobs.claim(job_id):
        return "skipped"  # finished, deleted, or another run of it is alive
    job = ExportJob.objects.filter(pk=job_id).select_related("campaign", "unit", "template", "requested_by").first()
    if job is None:
        return "missing"
    try:
        jobs.run(job)
    except SoftTimeLimitExceeded:
        log.warning("export %s hit the time limit", job_id)
        jobs.fail(job_id, "超过生成时限（数据量过大），请缩小单位范围或筛选条件后重新导出。")
        return "failed"
    except Exception as exc:  # noqa: BLE001 - the user sees that it failed; the log has where
        # The frames without the exception's text: a database error may quote names or ID numbers.
        log.error("export %s failed: %s\n%s", job_id, exc.__class__.__name__,
                  "".join(traceback.format_tb(exc.__traceback__)))
        jobs.fail(job_id, f"生成文件时出错（任务编号 {job_id}），请稍后重试或联系管理员。")
        return "failed"
    return "done"


@shared_task
def sweep_export_jobs() -> dict:
    """Every minute (beat): send jobs that waited for the broker, retry or fail those whose worker died."""
    return sweep()


@shared_task
def purge_expired_exports() -> int:
    return jobs.purge_expired()


def enqueue(job_id: int) -> bool:
    """Hand the job to the broker; when it cannot be reached, mark the job 待排队 for the sweeper."""
    try:
        run_export.apply_async((job_id,), ignore_result=True)  # see ResilientTask.send_or_log
    except BROKER_ERRORS as exc:
        log.warning("export %s waits for the broker: %s", job_id, exc.__class__.__name__)
        ExportJob.objects.filter(pk=job_id, status__in=[S.WAITING, S.PENDING]).update(status=S.WAITING)
        return False
    ExportJob.objects.filter(pk=job_id, status__in=[S.WAITING, S.PENDING]).update(
        status=S.PENDING, queued_at=timezone.now())
    return True


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
            jobs.fail(job_id, f"生成进程超过 {minutes} 分钟没有进展（已中断），已尝试 {attempts} 次，请缩小范围后重新导出。")
            log.warning("export %s failed after %s stalled attempts", job_id, attempts)
            counts["failed"] += 1
            continue
        ExportJob.objects.filter(pk=job_id, status=S.RUNNING).update(status=S.WAITING)
        log.warning("export %s stalled (attempt %s), queued again", job_id, attempts)
        counts["retried"] += 1
        enqueue(job_id)
    return counts
