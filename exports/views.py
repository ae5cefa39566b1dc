from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.unit_access import get_unit_for
from campaigns.access import get_campaign_for
from core.htmx import render_page_or_part

from . import selectors, services
from .models import ExportJob

LEDGER_PARAMS = ["unit", "category", "department", "status", "mode", "source", "overdue", "done", "q"]
WAITING_MESSAGE = "任务队列暂时无法连接，导出已记录为“待排队”，队列恢复后将自动开始生成，请稍后在“我的导出”中查看。"


@login_required
def job_list(request):
    return render(request, "exports/job_list.html", {"jobs": selectors.jobs_for(request.user)[:50]})


@require_POST
@login_required
def request_export(request):
    campaign = get_campaign_for(request.user, _int(request.POST.get("campaign")))
    unit = get_unit_for(request.user, request.POST.get("unit", ""))
    kind = request.POST.get("kind")
    template = None
    if kind == ExportJob.Kind.APPENDIX:
        template = campaign.templates.filter(pk=_int(request.POST.get("template"))).first()
    params = {}
    if kind == ExportJob.Kind.LEDGER:
        query = QueryDict(request.POST.get("query", ""))
        params = {key: query[key] for key in LEDGER_PARAMS if query.get(key)}
    try:
        job = services.request_export(by=request.user, kind=kind, campaign=campaign, unit=unit, template=template,
                                      params=params)
    except services.ExportRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("campaigns:unit", pk=campaign.pk, code=unit.code)
    job.refresh_from_db(fields=["status"])
    if job.status == ExportJob.Status.WAITING:
        messages.warning(request, WAITING_MESSAGE)
    return redirect(job)


def _int(value) -> int:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 19 else 0


@login_required
def detail(request, pk):
    """The job's page; htmx polls it for the status fragment alone until the file is made or failed."""
    return render_page_or_part(request, "exports/job_detail.html", "status",
                               {"job": selectors.get_job_for(request.user, pk)})


@login_required
def download(request, pk):
    job = selectors.get_job_for(request.user, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404("文件尚未生成或已过期")
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename,
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
