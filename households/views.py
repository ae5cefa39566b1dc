from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from units.selectors import breadcrumbs

from .access import get_household_for


@login_required
def household_detail(request, pk):
    household = get_household_for(request.user, pk)
    return render(
        request,
        "households/household_detail.html",
        {"household": household, "crumbs": breadcrumbs(household.village, request.user)},
    )
