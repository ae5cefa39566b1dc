from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from accounts.scoping import can, holds
from accounts.unit_access import breadcrumbs, get_unit_for
from households.access import households_for
from households.filters import HouseholdFilter
from units.roles import Capability
from units.status_roster import MAX_ERRORS, RosterFileError, check_rows, read_table

from .selectors import children_with_counts
from .services import VillageStatusError, set_village_statuses

PAGE_SIZE = 50


@login_required
def unit_detail(request, code):
    unit = get_unit_for(request.user, code)
    households = households_for(request.user).in_subtree(unit.code).select_related("village")
    filters = HouseholdFilter(request.GET, queryset=households)
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "crumbs": breadcrumbs(unit, request.user),
            "children": children_with_counts(unit),
            "filters": filters,
            "page": page,
            "may_import_statuses": unit.level != "village" and can(request.user, unit.code, Capability.MANAGE),
        },
    )


@login_required
def village_status_import(request):
    """A county (or city) office uploads which of its villages were 贫困村 and when each exited."""
    if not holds(request.user, Capability.MANAGE):
        raise Http404
    context = {"max_errors": MAX_ERRORS}
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise RosterFileError("请选择要导入的文件")
            rows, errors = check_rows(read_table(upload.name, upload),
                                      allowed=lambda code: can(request.user, code, Capability.MANAGE))
            if errors:
                context["errors"] = errors
            else:
                context["result"] = set_village_statuses(rows, by=request.user)
        except (RosterFileError, VillageStatusError) as exc:
            context["error"] = str(exc)
    failed = context.get("error") or context.get("errors")
    return render(request, "units/village_status_import.html", context, status=422 if failed else 200)
