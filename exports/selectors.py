"""The read gate for export jobs: a job and its file are its requester's (see services.py)."""

from django.http import Http404

from accounts.scoping import scope

from .models import ExportJob


def jobs_for(user):
    """The user's own jobs, while the unit is still in their scope; every job for a superuser."""
    jobs = ExportJob.objects.select_related("unit", "campaign")
    if user.is_active and user.is_superuser:
        return jobs
    return scope(user, jobs.filter(requested_by_id=user.pk))


def get_job_for(user, pk) -> ExportJob:
    try:
        job = jobs_for(user).filter(pk=pk).first()
    except (ValueError, TypeError):
        job = None
    if job is None:
        raise Http404("不存在或不在您的管辖范围内")
    return job
