from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from campaigns.access import get_campaign_for

from . import packing, selectors, services
from .forms import CloseForm
from .models import Archive


@login_required
def close(request, pk):
    """结束并归档: a confirmation page first; closing freezes the campaign and queues its archive."""
    campaign = get_campaign_for(request.user, pk)
    if not services.may_close(request.user, campaign):
        raise Http404("不存在或不在您的管辖范围内")
    if selectors.archive_of(campaign):
        return redirect("archives:detail", pk=campaign.pk)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_campaign(campaign, by=request.user, retention_years=form.cleaned_data["retention_years"])
        except services.ArchiveError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已结束“{campaign.name}”并开始生成存档。")
            return redirect("archives:detail", pk=campaign.pk)
    return render(request, "archives/close.html", {"campaign": campaign, "form": form},
                  status=422 if form.errors else 200)


@login_required
def detail(request, pk):
    campaign = get_campaign_for(request.user, pk)
    archive = selectors.archive_of(campaign)
    if archive is None:
        raise Http404("该专项行动尚未结束归档")
    files = selectors.files_for(request.user, archive)
    return render(request, "archives/detail.html", {
        "campaign": campaign, "archive": archive, "file_count": files.count(),
        "in_progress": archive.status in (Archive.Status.PENDING, Archive.Status.RUNNING)})


@login_required
def download(request, pk):
    """The user's part of the archive (its subtree's files) as a zip with that part's manifest."""
    campaign = get_campaign_for(request.user, pk)
    archive = selectors.archive_of(campaign)
    if archive is None or archive.status != Archive.Status.DONE:
        raise Http404("存档尚未生成或已过保存期限")
    files = list(selectors.files_for(request.user, archive))
    if not files:
        raise Http404("存档中没有您管辖范围内的文件")
    return FileResponse(packing.pack(archive, files), as_attachment=True,
                        filename=f"{campaign.name}-存档.zip", content_type="application/zip")
