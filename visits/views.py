from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from units.models import AdminUnit

from . import selectors, services
from .forms import AssignForm, VisitForm, checked_ids
from .selectors import Month, Status

PER_PAGE = 50
VIEWS = [("household", "按户"), ("helper", "按帮扶责任人"), ("village", "按村")]


@login_required
def my_households(request):
    """我的帮扶户: the helper's own households, and whether each was visited this month."""
    month = Month.parse(None, timezone.localdate())
    households = selectors.helped_households(request.user).order_by("village_id", "number")
    page = Paginator(households, PER_PAGE).get_page(request.GET.get("page"))
    counts = selectors.month_status(request.user, month)
    for household in page:
        household.month_visits = counts.get(household.pk, 0)
    return render(request, "visits/my_households.html", {
        "page": page, "month": month, "may_report": selectors.may_report(request.user),
        "may_assign": selectors.may_assign(request.user),
    })


@login_required
def household_visits(request, pk):
    household = selectors.get_household_for_visits(request.user, pk)
    page = Paginator(selectors.visits_of(household), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "visits/household_visits.html", {
        "household": household, "page": page, "may_record": household.helper_id == request.user.pk,
    })


@login_required
def record(request, pk):
    """入户走访 and APP 签到: the form a helper fills at the door, on the phone."""
    household = selectors.get_helped_household(request.user, pk)
    form = VisitForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_visit(by=request.user, household=household, **form.service_arguments())
            except services.VisitError as exc:
                form.add_error(None, str(exc))
            except PermissionDenied:
                raise Http404(selectors.NOT_FOUND)
            else:
                messages.success(request, f"已签到并登记走访（{timezone.localtime():%m-%d %H:%M}）。")
                return redirect("visits:household", pk=household.pk)
        status = 422
    return render(request, "visits/record.html", {"household": household, "form": form}, status=status)


@login_required
def month(request):
    """Who visited which households in a month, and which households had no visit."""
    if not selectors.may_report(request.user):
        raise Http404(selectors.NOT_FOUND)
    unit = selectors.report_unit(request.user, request.GET.get("unit"))
    month = Month.parse(request.GET.get("month"), timezone.localdate())
    view = request.GET.get("view") if request.GET.get("view") in dict(VIEWS) else "household"
    helper, status = request.GET.get("helper", ""), request.GET.get("status", "")
    if view == "helper":
        rows = selectors.month_by_helper(request.user, unit, month)
    elif view == "village":
        rows = selectors.month_by_village(request.user, unit, month)
    else:
        rows = selectors.month_households(request.user, unit, month, helper=helper, status=status)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    if view == "household":
        page.object_list = list(page.object_list)
        visitors = selectors.visitors_of([h.pk for h in page.object_list], month)
        for household in page:
            household.visitors = visitors.get(household.pk, [])
    return render(request, "visits/month.html", {
        "unit": unit, "month": month, "view": view, "views": VIEWS, "page": page, "helper": helper,
        "status": status, "statuses": Status.CHOICES, "no_helper": selectors.NO_HELPER,
        "children": AdminUnit.objects.filter(parent=unit).order_by("code") if unit.level != "village" else [],
    })


@login_required
def assign(request):
    """The township or county office assigns helpers (accounts) to the households of a village."""
    if not selectors.may_assign(request.user):
        raise Http404(selectors.NOT_FOUND)
    unit = selectors.report_unit(request.user, request.GET.get("unit"))
    form = AssignForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            helper = None
            if data["action"] == "assign":
                helper = get_user_model().objects.filter(username=data["helper"].strip(), is_active=True).first()
            if data["action"] == "assign" and helper is None:
                form.add_error("helper", "没有这个账号，或账号已停用")
            else:
                try:
                    count = services.assign_helper(by=request.user, household_ids=checked_ids(
                        request.POST.getlist("ids")), helper=helper, name=data["name"], phone=data["phone"])
                except services.VisitError as exc:
                    form.add_error(None, str(exc))
                else:
                    done = f"已为 {count} 户指派帮扶责任人{helper.get_full_name()}" if helper else f"已解除 {count} 户的帮扶责任人"
                    messages.success(request, done + "。")
                    return redirect(f"{reverse('visits:assign')}?{request.GET.urlencode()}")
    unassigned = request.GET.get("unassigned") == "1"
    households = selectors.assignable_households(request.user, unassigned=unassigned).in_subtree(unit.code) \
        .order_by("village_id", "number")
    page = Paginator(households, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "visits/assign.html", {
        "unit": unit, "page": page, "form": form, "ticked": set(request.POST.getlist("ids")), "unassigned": unassigned,
        "children": AdminUnit.objects.filter(parent=unit).order_by("code") if unit.level != "village" else [],
    }, status=422 if form.errors else 200)
