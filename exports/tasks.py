import logging

from celery import shared_task

log = logging.getLogger(__name__)


@shared_task(acks_late=True)
def run_export(job_id: int) -> str:
    from .models import ExportJob
    from .services import run

    job = ExportJob.objects.filter(pk=job_id).select_related("campaign", "unit", "template", "requested_by").first()
    if job is None:
        return "missing"
    try:
        run(job)
    except Exception as exc:  # noqa: BLE001 - the user sees that it failed; the log has the trace
        log.exception("export %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(status=ExportJob.Status.FAILED, error=str(exc)[:1000])
        return "failed"
    return "done"


@shared_task
def purge_expired_exports() -> int:
    from .services import purge_expired

    return purge_expired()
