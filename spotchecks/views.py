from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from campaigns.access import get_campaign_for
from campaigns.phases import window_warning
from campaigns.presets import link_of
from checklists import engine
from checklists.prefill import prefilled_answers
from units.models import AdminUnit

from . import comparison, selectors, services
from .forms import AssignForm, SpotCheckForm
from .inspections import self_check_of


@login_required
def campaign_spot_checks(request, pk):
    campaign = get_campaign_for(request.user, pk)
    may_sample = selectors.may_draw_somewhere(request.user)
    form = SpotCheckForm(request.POST or None, campaign=campaign,
                         initial={"unit_code": campaign.scope_unit_id, "size_per_stratum": 5})
    if request.method == "POST" and may_sample and form.is_valid():
        data = form.cleaned_data
        try:
            spot_check = services.create_spot_check(
                by=request.user, campaign=campaign, unit=data["unit_code"], kind=data["kind"],
                subject=data["subject"], strata=data["strata"], size_per_stratum=data["size_per_stratum"],
                confidence=data["confidence"], margin=data["margin"],
                weight_key_households=data["weight_key_households"],
                weight_low_reporting=data["weight_low_reporting"], seed=data["seed"], templates=data["templates"])
        except services.SamplingError as exc:
            form.add_error(None, str(exc))
        else:
            links = {link_of(t) for t in spot_check.templates.all()}
            warning = window_warning(campaign.phases.all(), [selectors.PHASE[spot_check.kind]], doing="抽查",
                                     today=timezone.localdate(), link=links.pop() if len(links) == 1 else "")
            if warning:  # drawn all the same: the plan's dates guide, they do not forbid
                messages.warning(request, warning)
            return redirect(spot_check)
    return render(request, "spotchecks/campaign_spot_checks.html", {
        "campaign": campaign, "form": form, "may_sample": may_sample,
        "spot_checks": selectors.spot_checks_for(request.user, campaign),
    }, status=422 if form.errors else 200)


@login_required
def detail(request, pk):
    spot_check = selectors.get_spot_check_for(request.user, pk)
    items = spot_check.items.select_related("unit", "household")
    stored = {}
    for stratum, unit_code, household in items.values_list("stratum", "unit_id", "household_id"):
        stored.setdefault(stratum, []).append(f"{unit_code}:{household}" if household else unit_code)
    redrawn = services.drawn_items(spot_check)
    may_manage = selectors.may_manage(request.user, spot_check)
    strata = [{"code": code, "population": len(members), "sample": len(stored.get(code, []))}
              for code, members in sorted(spot_check.population.items())]
    return render(request, "spotchecks/detail.html", {
        "spot_check": spot_check, "strata": strata,
        "page": Paginator(items, 100).get_page(request.GET.get("page")),
        "redraw_matches": {k: sorted(v) for k, v in stored.items()} == {k: v for k, v in redrawn.items() if v},
        "is_drawer": spot_check.drawn_by_id == request.user.pk,
        "may_manage": may_manage,
        "assignments": spot_check.assignments.select_related("inspector").order_by("county_code", "inspector_id"),
        "forms": spot_check.templates.all(), "assign_form": AssignForm(),
        "inspector_suggestions": selectors.inspector_suggestions(spot_check) if may_manage else [],
    })


@require_POST
@login_required
def act(request, pk, action):
    spot_check = selectors.get_spot_check_for(request.user, pk)
    try:
        if action == "publish":
            spot_check = services.publish(spot_check, by=request.user)
            messages.success(request, f"已发布样本“{spot_check.title}：{spot_check.unit.name}”，共 "
                                      f"{spot_check.items.count()} 个样本，此后不再改变；可以安排检查人员。")
        elif action == "discard":
            campaign_id, name, size = spot_check.campaign_id, spot_check.title, spot_check.items.count()
            services.discard(spot_check, by=request.user)
            messages.success(request, f"已删除抽样草稿“{name}”（{size} 个样本），可以重新抽样。")
            return redirect("spotchecks:campaign", pk=campaign_id)
        else:
            raise Http404
    except services.SamplingError as exc:
        messages.error(request, str(exc))
    return redirect(spot_check)


@login_required
def inspection(request, pk):
    page = selectors.get_inspection_for(request.user, pk)
    item = page.inspection
    values, errors, status, conflict = item.answers or _prefill(item), {}, 200, ""
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        try:
            errors = services.save_inspection(item, by=request.user, data=request.POST,
                                              version=request.POST.get("version"), submit=submit)
        except services.InspectionError as exc:
            conflict, values = str(exc), request.POST
            status = 403 if isinstance(exc, services.NotAllowed) else 409
        else:
            if not errors:
                messages.success(request, "检查结果已提交。" if submit else "草稿已保存。")
                return redirect(item)
            values, status = request.POST, 422
    return render(request, "spotchecks/inspection.html", {
        "item": item, "sections": engine.layout(item.template, values, errors), "errors": errors,
        "may_fill": page.may_fill, "conflict": conflict, "self_check": self_check_of(item),
        "satisfaction": _satisfaction_values(item, request.POST if request.method == "POST" else None),
    }, status=status)


def _satisfaction_values(item, posted) -> dict:
    """What the satisfaction input shows: what was just sent, else what was recorded."""
    if posted is not None:
        return {field: posted.get(field, "") for field in services.SATISFACTION_FIELDS.values()}
    row = item.satisfaction
    if row is None:
        return {}
    return {services.SATISFACTION_FIELDS["knows_helper"]: "yes" if row.knows_helper else "no",
            services.SATISFACTION_FIELDS["satisfied"]: "yes" if row.satisfied else "no"}


def _prefill(item):
    return prefilled_answers(item.template, item.household)


@login_required
def my_inspections(request):
    rows = selectors.assigned_inspections(request.user)
    return render(request, "spotchecks/my_inspections.html",
                  {"page": Paginator(rows, 100).get_page(request.GET.get("page"))})


@require_POST
@login_required
def assign(request, pk):
    spot_check = selectors.get_spot_check_for(request.user, pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect(spot_check)
    try:
        assignment = services.assign_inspector(spot_check, by=request.user, **form.cleaned_data)
    except services.InspectionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已安排 {assignment.inspector.username} 检查该县样本。")
    return redirect(spot_check)


@login_required
def report(request, pk):
    spot_check = selectors.get_spot_check_for(request.user, pk)
    result = comparison.compare(spot_check)
    unit = request.GET.get("unit", "").strip()
    items = comparison.items_within(result, spot_check, unit) if unit.isdigit() else result.items
    unit = unit if unit.isdigit() else ""
    codes = {*result.by_county, *result.by_township, *(code for code, _, _ in result.accountable), unit}
    names = dict(AdminUnit.objects.filter(code__in=codes).values_list("code", "name"))
    return render(request, "spotchecks/report.html", {
        "spot_check": spot_check, "report": result, "items": items, "unit": unit,
        "unit_name": names.get(unit, unit), "accountable": comparison.accountable_by_unit(result),
        "names": names,
        "progress": spot_check.inspections.values("status").annotate(n=Count("pk")).order_by("status"),
    })
