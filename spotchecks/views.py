from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.http import Http404
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.roles import Capability
from accounts.scoping import get_in_scope_or_404, holds, scope
from campaigns.access import get_campaign_for
from units.access import get_unit_for

from checklists import engine
from units.models import AdminUnit

from . import comparison, inspections, services
from .forms import SpotCheckForm
from .models import SpotCheck


def _may_sample(user) -> bool:
    return holds(user, Capability.SAMPLE, Capability.MANAGE)


@login_required
def campaign_spot_checks(request, pk):
    campaign = get_campaign_for(request.user, pk)
    form = SpotCheckForm(request.POST or None, campaign=campaign,
                         initial={"unit_code": campaign.scope_unit_id, "size_per_stratum": 5})
    if request.method == "POST" and _may_sample(request.user) and form.is_valid():
        data = form.cleaned_data
        try:
            unit = get_unit_for(request.user, data["unit_code"].strip())
        except Exception:  # noqa: BLE001 - a hidden unit reads like a missing one
            form.add_error("unit_code", "区划代码不存在或不在您的管辖范围内")
        else:
            try:
                spot_check = services.create_spot_check(
                    by=request.user, campaign=campaign, unit=unit, kind=data["kind"], subject=data["subject"],
                    strata=data["strata"], size_per_stratum=data["size_per_stratum"], confidence=data["confidence"],
                    margin=data["margin"], weight_key_households=data["weight_key_households"],
                    weight_low_reporting=data["weight_low_reporting"], seed=data["seed"],
                    templates=data["templates"])
            except services.SamplingError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect(spot_check)
    spot_checks = scope(request.user, SpotCheck.objects.filter(campaign=campaign)).select_related("unit", "drawn_by")
    return render(request, "spotchecks/campaign_spot_checks.html", {
        "campaign": campaign, "form": form, "spot_checks": spot_checks, "may_sample": _may_sample(request.user),
    }, status=422 if form.errors else 200)


@login_required
def detail(request, pk):
    spot_check = get_in_scope_or_404(request.user, SpotCheck.objects.select_related("campaign", "unit", "drawn_by"),
                                     pk=pk)
    items = spot_check.items.select_related("unit", "household")
    stored = {}
    for stratum, village, household in items.values_list("stratum", "unit_id", "household_id"):
        stored.setdefault(stratum, []).append(f"{village}:{household}" if household else village)
    redrawn = services.drawn_items(spot_check)
    strata = [{"code": code, "population": len(spot_check.population.get(code, [])), "sample": len(stored.get(code, []))}
              for code in sorted(spot_check.population)]
    return render(request, "spotchecks/detail.html", {
        "spot_check": spot_check, "strata": strata,
        "page": Paginator(items, 100).get_page(request.GET.get("page")),
        "redraw_matches": {k: sorted(v) for k, v in stored.items()} == {k: v for k, v in redrawn.items() if v},
        "is_drawer": spot_check.drawn_by_id == request.user.pk,
    })


@require_POST
@login_required
def act(request, pk, action):
    spot_check = get_in_scope_or_404(request.user, SpotCheck.objects.all(), pk=pk)
    try:
        if action == "publish":
            services.publish(spot_check, by=request.user)
            messages.success(request, "样本已发布，此后不再改变。")
        elif action == "discard":
            campaign_id = spot_check.campaign_id
            services.discard(spot_check, by=request.user)
            messages.success(request, "草稿已删除，可以重新抽样。")
            return redirect("spotchecks:campaign", pk=campaign_id)
    except services.SamplingError as exc:
        messages.error(request, str(exc))
    return redirect(spot_check)


@login_required
def inspection(request, pk):
    item = inspections.get_inspection_for(request.user, pk)
    may_fill = inspections.may_inspect(request.user, item)
    values, errors, status, conflict = item.answers or prefill_for(item), {}, 200, ""
    if request.method == "POST":
        if not may_fill:
            raise Http404
        try:
            errors = inspections.save(item, by=request.user, data=request.POST, version=int(
                request.POST.get("version", "-1") or -1), submit=request.POST.get("action") == "submit")
        except inspections.InspectionError as exc:
            conflict, values, status = str(exc), request.POST, 409
        else:
            if not errors:
                messages.success(request, "检查结果已提交。" if request.POST.get("action") == "submit" else "草稿已保存。")
                return redirect(item)
            values, status = request.POST, 422
    return render(request, "spotchecks/inspection.html", {
        "item": item, "sections": engine.layout(item.template, values, errors), "errors": errors,
        "may_fill": may_fill, "conflict": conflict, "self_check": inspections.self_check_of(item),
    }, status=status)


def prefill_for(item):
    from checklists.prefill import prefilled_answers

    class Subject:  # prefilled_answers reads the household and the template only
        household, template = item.household, item.template

    return prefilled_answers(Subject)


@login_required
def my_inspections(request):
    rows = inspections.inspections_for(request.user).filter(spot_check__assignments__inspector=request.user) \
        .select_related("unit", "household", "template", "spot_check").distinct()
    return render(request, "spotchecks/my_inspections.html",
                  {"page": Paginator(rows, 100).get_page(request.GET.get("page"))})


@require_POST
@login_required
def assign(request, pk):
    spot_check = get_in_scope_or_404(request.user, SpotCheck.objects.all(), pk=pk)
    inspector = get_user_model().objects.filter(username=request.POST.get("inspector", "").strip()).first()
    if inspector is None:
        messages.error(request, "找不到该检查人员（请先用 grant 或管理后台创建账号）")
        return redirect(spot_check)
    try:
        inspections.assign(spot_check, county_code=request.POST.get("county_code", "").strip(),
                           inspector=inspector, by=request.user)
        messages.success(request, f"已安排 {inspector.username} 检查该县样本。")
    except inspections.InspectionError as exc:
        messages.error(request, str(exc))
    return redirect(spot_check)


@login_required
def report(request, pk):
    spot_check = get_in_scope_or_404(request.user, SpotCheck.objects.select_related("campaign", "unit"), pk=pk)
    result = comparison.compare(spot_check)
    unit = request.GET.get("unit", "")
    items = [r for r in result.items if r.inspection.unit_id.startswith(unit)] if unit else result.items
    if request.GET.get("format") == "xlsx":
        return _report_workbook(spot_check, result)
    names = dict(AdminUnit.objects.in_subtree(spot_check.unit_id[:6] if len(spot_check.unit_id) > 6
                                              else spot_check.unit_id).values_list("code", "name"))
    return render(request, "spotchecks/report.html", {
        "spot_check": spot_check, "report": result, "items": items, "names": names, "unit": unit,
        "progress": spot_check.inspections.values("status").annotate(n=Count("pk")).order_by("status"),
    })


def _report_workbook(spot_check, result):
    import tempfile

    from django.http import FileResponse

    from core.excel import Column, Layout
    from exports.services import write_workbook
    from exports.tables import Table

    columns = [Column(n, n, w) for n, w in [("单位/人员/问题", 30), ("比对数", 10), ("有误差", 10),
                                            ("抽查误差率(%)", 12), ("识别误差率(%)", 12), ("退出误差率(%)", 12)]]
    names = dict(AdminUnit.objects.in_subtree(spot_check.unit_id[:4]).values_list("code", "name"))

    def rows():
        for title, rates in (("县", result.by_county), ("乡镇", result.by_township), ("排查人员", result.by_checker)):
            for key, rate in sorted(rates.items()):
                yield title, [f"{title}：{names.get(key, key)}", rate.compared, rate.errors, rate.rate,
                              rate.identification_rate, rate.exit_rate], False
        for key, (text, rate) in result.by_question.items():
            yield "问题", [f"问题：{text}", rate.compared, rate.errors, rate.rate, None, None], False

    layout = Layout(f"{spot_check.get_kind_display()}误差率比对表", f"专项行动：{spot_check.campaign.name}    "
                    f"抽样范围：{spot_check.unit.name}    随机种子：{spot_check.seed}", columns, ["检查人", "审核人"])
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")
    write_workbook(Table(layout, 0, {}, rows(), "误差率"), handle.name)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"抽查比对-{spot_check.pk}.xlsx")
