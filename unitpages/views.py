from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.db.models import Count
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.scoping import can, holds
from accounts.unit_access import breadcrumbs, get_unit_for
from households.access import households_for
from households.filters import HouseholdFilter
from units.roles import Capability
from units.status_roster import MAX_ERRORS, RosterFileError, check_rows, read_table

from units.departments import departments_of

from .picker import picker_units
from .selectors import children_with_counts
from .services import (DepartmentError, VillageStatusError, add_department, may_edit as may_edit_departments,
                       merge_departments, rename_department, set_village_statuses)

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
def picker(request):
    """The unit picker's JSON: ?parent=code (its children), ?q=name (matches), or the user's top units."""
    return JsonResponse(picker_units(request.user, parent=request.GET.get("parent", "").strip(),
                                     query=request.GET.get("q", "")[:50], above=request.GET.get("above") == "1"),
                        json_dumps_params={"ensure_ascii": False})


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


def _county_departments(request, code):
    county = get_unit_for(request.user, code, Capability.MANAGE)
    if not may_edit_departments(request.user, county.code):
        raise Http404
    return county, list(departments_of(county.code).annotate(members=Count("departmentgrant", distinct=True)))


@login_required
def departments(request, code):
    """The county's list of departments (责任单位): the county office adds, renames and merges."""
    county, listed = _county_departments(request, code)
    return render(request, "units/departments.html", {"county": county, "departments": listed})


@login_required
@require_POST
def departments_change(request, code):
    county, listed = _county_departments(request, code)
    action, pk = request.POST.get("action"), request.POST.get("department")
    by_pk = {str(d.pk): d for d in listed}
    try:
        if action == "add":
            added = add_department(county_code=county.code, name=request.POST.get("name", ""), by=request.user)
            messages.success(request, f"已添加责任单位“{added.name}”")
        elif action == "rename" and pk in by_pk:
            old = by_pk[pk].name
            renamed = rename_department(by_pk[pk], name=request.POST.get("name", ""), by=request.user)
            messages.success(request, f"已将“{old}”改名为“{renamed.name}”")
        elif action == "merge" and pk in by_pk and request.POST.get("into") in by_pk:
            source, into = by_pk[pk], by_pk[request.POST["into"]]
            moved = merge_departments(source, into=into, by=request.user)
            messages.success(request, f"已将“{source.name}”并入“{into.name}”，转移 {moved} 条记录")
        else:
            raise DepartmentError("请选择要修改的部门")
    except DepartmentError as exc:
        return render(request, "units/departments.html", {
            "county": county, "departments": listed, "error": str(exc), "posted": request.POST,
        }, status=422)
    return redirect("units:departments", county.code)
