import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.uploads import UploadError, check_xlsx

from units.selectors import breadcrumbs

from . import imports
from .access import get_household_for, may_import
from .models import RosterUpload


@login_required
def household_detail(request, pk):
    household = get_household_for(request.user, pk)
    return render(
        request,
        "households/household_detail.html",
        {"household": household, "crumbs": breadcrumbs(household.village, request.user)},
    )


@login_required
def roster_import(request):
    """Upload a roster: the file is checked, kept, and previewed; nothing is written yet."""
    if not may_import(request.user):
        raise Http404
    context = {}
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise UploadError("请选择要导入的 Excel 文件")
            check_xlsx(upload)
            result = imports.preview(request.user, upload)
        except (UploadError, imports.RosterError) as exc:
            context["error"] = str(exc)
        else:
            upload.seek(0)
            stored = RosterUpload(uploaded_by=request.user, original_name=upload.name[:200], counts=result.counts)
            stored.file.save(f"{uuid.uuid4().hex}.xlsx", upload, save=False)
            stored.save()
            context.update(preview=result, upload=stored)
    return render(request, "households/roster_import.html", context, status=422 if context.get("error") else 200)


@require_POST
@login_required
def roster_confirm(request, pk):
    upload = RosterUpload.objects.filter(pk=pk, uploaded_by=request.user, applied_at__isnull=True).first()
    if upload is None or not may_import(request.user):
        raise Http404
    try:
        with upload.file.open("rb") as handle:
            counts = imports.apply(request.user, handle)
    except (UploadError, imports.RosterError) as exc:
        messages.error(request, str(exc))
        return redirect("households:import")
    upload.applied_at = timezone.now()
    upload.save(update_fields=["applied_at"])
    upload.file.delete(save=False)
    messages.success(request, f"导入完成：新增 {counts['new']} 户，变更 {counts['update']} 户，未变 {counts['skip']} 户。")
    return redirect("households:import")
