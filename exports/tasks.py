import logging
import traceback

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

log = logging.getLogger(__name__)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_export(job_id: int) -> str:
    from .models import ExportJob
    from .services import claim, fail, run

    if not claim(job_id):
        return "skipped"  # finished, deleted, or another run of it is alive
    job = ExportJob.objects.filter(pk=job_id).select_related("campaign", "unit", "template", "requested_by").first()
    if job is None:
        return "missing"
    try:
        run(job)
    except SoftTimeLimitExceeded:
        log.warning("export %s hit the time limit", job_id)
        fail(job_id, "超过生成时限（数据量过大），请缩小单位范围或筛选条件后重新导出。")
        return "failed"
    except Exception as exc:  # noqa: BLE001 - the user sees that it failed; the log has where
        # The frames without the exception's text: a database error may quote names or ID numbers.
        log.error("export %s failed: %s\n%s", job_id, exc.__class__.__name__,
                  "".join(traceback.format_tb(exc.__traceback__)))
        fail(job_id, f"生成文件时出错（任务编号 {job_id}），请稍后重试或联系管理员。")
        return "failed"
    return "done"


@shared_task
def sweep_export_jobs() -> dict:
    """Every minute (beat): send jobs that waited for the broker, retry or fail those whose worker died."""
    from .services import sweep

    return sweep()


@shared_task
def purge_expired_exports() -> int:
    from .services import purge_expired

    return purge_expired()
