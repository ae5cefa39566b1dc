from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from accounts.roles import Capability
from accounts.scoping import holds
from campaigns.selectors import campaigns_for
from checklists.models import FormLevel
from units import codes
from accounts.unit_access import units_for
from units.models import AdminUnit, Department

from . import selectors, services
from .forms import DecideForm, HandForm, LineForm, PlanCreateForm
from .models import LINE_FIELDS, Plan

PAGE_SIZE = 50


def _hand_form(user, data=None):
    units = units_for(user, Capability.MANAGE).exclude(level__in=["province", "city"]).order_by("code")
    return HandForm(data, campaigns=campaigns_for(user), units=units)


@login_required
def lists(request):
    rows = selectors.help_lists_for(request.user)
    campaign = request.GET.get("campaign", "")
    if campaign.isdigit():
        rows = rows.filter(campaign_id=campaign)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    may_hand = holds(request.user, Capability.MANAGE)
    return render(request, "assistance/lists.html", {
        "page": page, "campaigns": campaigns_for(request.user), "campaign": campaign,
        "hand_form": _hand_form(request.user) if may_hand else None,
    })


@require_POST
@login_required
def hand(request):
    if not holds(request.user, Capability.MANAGE):
        raise Http404(selectors.HIDDEN)
    form = _hand_form(request.user, request.POST)
    if form.is_valid():
        try:
            touched = services.hand_help_lists(by=request.user, **form.cleaned_data)
        except services.AssistanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已交办 {len(touched)} 份“回头帮”清单。")
            return redirect("assistance:lists")
    page = Paginator(selectors.help_lists_for(request.user), PAGE_SIZE).get_page(1)
    return render(request, "assistance/lists.html", {
        "page": page, "campaigns": campaigns_for(request.user), "campaign": "", "hand_form": form}, status=400)


@login_required
def list_detail(request, pk):
    help_list = selectors.get_help_list_for(request.user, pk)
    problems = list(selectors.list_problems(request.user, help_list))
    today = timezone.localdate()
    return render(request, "assistance/list_detail.html", {
        "help_list": help_list, "problems": problems, "overdue": sum(p.is_overdue_on(today) for p in problems),
        "closed": sum(p.status == p.Status.CLOSED for p in problems),
        "levels": selectors.levels_of(problems), "aggregates": _aggregates(help_list),
    })


def _aggregates(help_list) -> list[tuple[str, str]]:
    """村填报、乡镇汇总: the village's tables over all its responsible units, and its township's."""
    township = codes.township_code(help_list.unit_id)
    units = [(help_list.unit_id, help_list.unit.name)] if help_list.unit_id != township else []
    units.append((township, "所在乡镇汇总"))
    links = []
    for code, name in units:
        for level in selectors.LEVEL_ORDER:
            if level != FormLevel.TOWNSHIP or code == township:
                links.append((f"{name}（{FormLevel(level).label}）",
                              reverse("assistance_reports:unit_help_lists", args=[help_list.campaign_id, code, level])))
    return links


@login_required
def plans(request):
    rows = selectors.plans_for(request.user)
    status = request.GET.get("status", "")
    if status in Plan.Status.values:
        rows = rows.filter(status=status)
    choices = selectors.plan_choices(request.user)
    may_write = bool(choices["departments"] or choices["townships"])
    return render(request, "assistance/plans.html", {
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")), "status": status,
        "statuses": Plan.Status.choices, "create_form": PlanCreateForm(choices=choices) if may_write else None,
    })


@require_POST
@login_required
def plan_create(request):
    choices = selectors.plan_choices(request.user)
    if not (choices["departments"] or choices["townships"]):
        raise Http404(selectors.HIDDEN)
    form = PlanCreateForm(request.POST, choices=choices)
    if form.is_valid():
        kind, _, key = form.cleaned_data["writer"].partition(":")
        try:
            plan = services.create_plan(
                by=request.user, kind=Plan.Kind.DEPARTMENT if kind == "d" else Plan.Kind.TOWNSHIP,
                year=form.cleaned_data["year"], title=form.cleaned_data["title"],
                department=Department.objects.filter(pk=key).first() if kind == "d" else None,
                township=AdminUnit.objects.filter(code=key).first() if kind == "t" else None)
        except services.AssistanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "方案已建立，请逐条填写。")
            return redirect(plan)
    return render(request, "assistance/plans.html", {
        "page": Paginator(selectors.plans_for(request.user), PAGE_SIZE).get_page(1), "status": "",
        "statuses": Plan.Status.choices, "create_form": form}, status=400)


def _line_form(request, plan, data=None, line=None):
    initial = {}
    if line is not None:
        initial = {name: getattr(line, name) for name, _ in LINE_FIELDS[plan.kind]}
        initial["problems"] = list(line.covered.values_list("problem_id", flat=True))
    return LineForm(data, plan=plan, problems=selectors.coverable_problems(request.user, plan),
                    lists=selectors.coverable_lists(request.user, plan), initial=initial)


def _plan_page(request, plan, *, line_form=None, editing=None, decide_form=None, status=200):
    user = request.user
    lines = list(plan.lines.all())
    progress = selectors.line_progress(user, plan)
    writer = selectors.writes(user, plan) and plan.editable
    today = timezone.localdate()
    line_form = line_form or (_line_form(request, plan) if writer else None)
    choices, selected = [], set()
    if line_form is not None:
        selected = line_form.selected_problem_ids()
        keep = list(editing.covered.values_list("problem_id", flat=True)) if editing else []
        choices = list(selectors.problems_to_plan(user, plan, keep=[*keep, *selected]))
    return render(request, "assistance/plan_detail.html", {
        "plan": plan, "fields": LINE_FIELDS[plan.kind], "problem_choices": choices, "selected": selected,
        "open_all": len(choices) <= 100,
        "rows": [(line, [getattr(line, name) for name, _ in LINE_FIELDS[plan.kind]], progress[line.pk],
                  line.deadline < today and progress[line.pk].closed < progress[line.pk].total) for line in lines],
        "writer": writer, "submittable": writer and bool(lines),
        "decider": selectors.decides(user, plan) and plan.status == Plan.Status.SUBMITTED,
        "line_form": line_form, "editing": editing,
        "decide_form": decide_form or DecideForm(),
    }, status=status)


@login_required
def plan_detail(request, pk):
    plan = selectors.get_plan_for(request.user, pk)
    editing = None
    if request.GET.get("edit") and selectors.writes(request.user, plan) and plan.editable:
        editing = selectors.get_line_for(plan, request.GET["edit"])
    return _plan_page(request, plan, editing=editing,
                      line_form=_line_form(request, plan, line=editing) if editing else None)


@require_POST
@login_required
def line_save(request, pk):
    plan = selectors.get_plan_for(request.user, pk)
    line = selectors.get_line_for(plan, request.POST["line"]) if request.POST.get("line") else None
    form = _line_form(request, plan, request.POST, line)
    if form.is_valid():
        data = form.cleaned_data
        try:
            problems = {p.pk for p in data["problems"]} | set(selectors.problems_of_lists(request.user, data["lists"]))
            services.save_line(by=request.user, plan=plan, line=line, data=data, problems=problems)
        except services.AssistanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存。")
            return redirect(plan)
    return _plan_page(request, plan, line_form=form, editing=line, status=400)


@require_POST
@login_required
def line_delete(request, pk, line_pk):
    plan = selectors.get_plan_for(request.user, pk)
    line = selectors.get_line_for(plan, line_pk)
    try:
        services.delete_line(by=request.user, line=line)
    except services.AssistanceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已删除第 {line.position} 条“{Truncator(line.target).chars(30)}”，后面的条目序号依次前移。")
    return redirect(plan)


@require_POST
@login_required
def plan_act(request, pk, action):
    plan = selectors.get_plan_for(request.user, pk)
    form = DecideForm(request.POST)
    form.is_valid()
    try:
        if action == "submit":
            services.submit_plan(by=request.user, plan=plan)
            messages.success(request, "方案已报送县级办公室审批。")
        elif action in ("approve", "return"):
            services.decide_plan(by=request.user, plan=plan, approve=action == "approve",
                                 reason=form.cleaned_data.get("reason", ""))
            messages.success(request, "方案已批准。" if action == "approve" else "方案已退回。")
        else:
            raise Http404(selectors.HIDDEN)
    except services.AssistanceError as exc:
        if action == "return" and selectors.decides(request.user, plan):
            form.add_error("reason", str(exc))
            return _plan_page(request, plan, decide_form=form, status=400)
        messages.error(request, str(exc))
    return redirect(plan)


@login_required
def acceptance(request):
    years = selectors.acceptance_years(request.user)
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else (years[0] if years else
                                                                                     timezone.localdate().year)
    problems = selectors.acceptance_problems(request.user, year)
    page = Paginator(problems.select_related("campaign", "unit", "household", "department").prefetch_related("measures")
                     .order_by("unit_id", "campaign_id", "number"), PAGE_SIZE).get_page(request.GET.get("page"))
    carried = selectors.carried_to(request.user, [p.pk for p in page])
    rows = [(p, selectors.acceptance_result(p.status, carried.get(p.pk))) for p in page]
    may_carry = holds(request.user, Capability.MANAGE)
    return render(request, "assistance/acceptance.html", {
        "year": year, "years": years, "page": page, "rows": rows,
        "counts": selectors.acceptance_counts(request.user, problems),
        "sources": selectors.source_campaigns(request.user, year) if may_carry else [],
        "targets": selectors.later_campaigns(request.user, year) if may_carry else [],
    })
