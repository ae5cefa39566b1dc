from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.scoping import get_in_scope_or_404, scope
from campaigns.access import get_campaign_for
from units.access import get_unit_for

from . import services
from .models import ExportJob

LEDGER_PARAMS = ["unit", "category", "department", "status", "mode", "source", "overdue", "done", "q"]


@login_required
def job_list(request):
    jobs = scope(request.user, ExportJob.objects.filter(requested_by=request.user)).select_related("unit")[:50]
    return render(request, "exports/job_list.html", {"jobs": jobs})


@require_POST
@login_required
def request_export(request):
    campaign = get_campaign_for(request.user, request.POST.get("campaign") or 0)
    unit = get_unit_for(request.user, request.POST.get("unit", ""))
    if not unit.code.startswith(campaign.scope_unit_id):
        raise Http404
    kind = request.POST.get("kind")
    template, params = None, {}
    if kind == ExportJob.Kind.APPENDIX:
        template = campaign.templates.filter(pk=request.POST.get("template") or 0).first()
        if template is None:
            messages.error(request, "请选择要导出的附件表")
            return redirect("campaigns:unit", pk=campaign.pk, code=unit.code)
    elif kind == ExportJob.Kind.LEDGER:
        query = QueryDict(request.POST.get("query", ""))
        params = {key: query[key] for key in LEDGER_PARAMS if query.get(key)}
    elif kind != ExportJob.Kind.SUMMARY:
        raise Http404
    job = services.request_export(by=request.user, kind=kind, campaign=campaign, unit=unit, template=template,
                                  params=params)
    return redirect(job)


@login_required
def detail(request, pk):
    job = get_in_scope_or_404(request.user, ExportJob.objects.select_related("unit", "campaign"), pk=pk)
    return render(request, "exports/job_detail.html", {"job": job})


@login_required
def download(request, pk):
    job = get_in_scope_or_404(request.user, ExportJob.objects.all(), pk=pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404("文件尚未生成或已过期")
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename,
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
