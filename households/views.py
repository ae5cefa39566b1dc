import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.unit_access import breadcrumbs
from core.uploads import UploadError, check_xlsx

from . import imports, services
from .forms import RevealForm
from .history import presented
from .models import RosterUpload
from .selectors import get_household_for, history_for, may_import, may_reveal


def _detail(request, household, *, form=None, revealed=None, status=200):
    return render(request, "households/household_detail.html", {
        "household": household,
        "crumbs": breadcrumbs(household.village, request.user),
        "may_reveal": may_reveal(request.user, household),
        "reveal_form": form or RevealForm(),
        "revealed": revealed or {},
        "history": presented(history_for(request.user, household)),
    }, status=status)


@login_required
def household_detail(request, pk):
    return _detail(request, get_household_for(request.user, pk))


@never_cache  # the clear value is in this response only: no cache may keep it
@require_POST
@login_required
def reveal(request, pk):
    household = get_household_for(request.user, pk)
    form = RevealForm(request.POST)
    if not form.is_valid():
        return _detail(request, household, form=form, status=400)
    field = form.cleaned_data["field"]
    try:
        value = services.reveal_personal(household, by=request.user, field=field, reason=form.cleaned_data["reason"])
    except PermissionDenied:
        raise PermissionDenied("您的角色不能查看完整的个人信息")
    return _detail(request, household, revealed={field: value})


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
            counts = services.import_roster(handle, by=request.user)
    except (UploadError, imports.RosterError) as exc:
        messages.error(request, str(exc))
        return redirect("households:import")
    upload.applied_at = timezone.now()
    upload.save(update_fields=["applied_at"])
    upload.file.delete(save=False)
    messages.success(request, f"导入完成：新增 {counts['new']} 户，变更 {counts['update']} 户，未变 {counts['skip']} 户。")
    return redirect("households:import")
