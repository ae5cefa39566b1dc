from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from households.access import households_for
from households.filters import HouseholdFilter

from .access import get_unit_for
from .selectors import breadcrumbs, children_with_counts

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
        },
    )
