from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.roles import Capability
from accounts.scoping import holds
from campaigns.access import campaigns_for, get_campaign_for
from core.crypto import decrypt_text
from core.keyset import keyset_page
from households.models import Household
from units.access import departments_for, get_unit_for

from . import access, services
from .filters import ProblemFilter
from .forms import AssignForm, BulkForm, ProblemEntryForm, ReasonForm, RectifyForm
from .models import DEADLINE_KEY, Problem

PAGE_SIZE = 50
SORTS = {
    "newest": ("pk", True, "最新登记"),
    "deadline": ("deadline_key", False, "整改时限"),
    "unit": ("unit_id", False, "单位"),
}


@login_required
def ledger(request):
    problems = access.problems_for(request.user).select_related("campaign", "unit", "department", "household")
    filters = ProblemFilter(request.GET, queryset=problems, campaigns=campaigns_for(request.user),
                            departments=departments_for(request.user))
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "newest"
    key, descending, _ = SORTS[sort]
    rows = filters.qs.annotate(deadline_key=DEADLINE_KEY)
    page, next_cursor = keyset_page(rows, key=key, descending=descending, cursor=request.GET.get("after"),
                                    size=PAGE_SIZE)
    may_manage = holds(request.user, Capability.MANAGE)
    return render(request, "rectification/ledger.html", {
        "filters": filters, "page": page, "next_cursor": next_cursor, "sort": sort,
        "sorts": [(k, v[2]) for k, v in SORTS.items()], "may_manage": may_manage,
        "departments": departments_for(request.user) if may_manage else [],
        "export_unit": _export_unit(request, filters),
    })


def _export_unit(request, filters) -> str:
    """The unit a ledger export covers: the unit filter, else the campaign's scope, else the user's first unit."""
    from accounts.scoping import scope_codes

    if request.GET.get("unit"):
        return request.GET["unit"]
    codes = scope_codes(request.user)
    campaign = filters.form.cleaned_data.get("campaign") if filters.is_bound and filters.form.is_valid() else None
    if campaign and (request.user.is_superuser or any(campaign.scope_unit_id.startswith(c) for c in codes)):
        return campaign.scope_unit_id
    return codes[0] if codes else ""


@require_POST
@login_required
def bulk(request):
    if not holds(request.user, Capability.MANAGE):
        raise Http404
    problems = access.problems_for(request.user, Capability.MANAGE)
    form = BulkForm(request.POST, problems=problems, departments=departments_for(request.user))
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect(_back(request))
    done, failed = 0, []
    for problem in form.cleaned_data["ids"]:
        try:
            if form.cleaned_data["action"] == "reassign":
                services.assign(problem, by=request.user, department=form.cleaned_data["department"])
            else:
                services.assign(problem, by=request.user, mode=Problem.Mode.DEADLINE,
                                deadline=form.cleaned_data["deadline"])
            done += 1
        except services.ProblemError as exc:
            failed.append(f"{problem.display_number}：{exc}")
    messages.success(request, f"已处理 {done} 条问题。")
    for line in failed:
        messages.error(request, line)
    return redirect(_back(request))


def _back(request) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/problems/") else "/problems/"


@login_required
def detail(request, pk):
    problem = access.get_problem_for(request.user, pk)
    return render(request, "rectification/problem_detail.html", _detail_context(request, problem))


def _detail_context(request, problem, **forms):
    user = request.user
    departments = departments_for(user).filter(county_id=problem.unit_id[:6])
    manager = access.manages(user, problem)
    return {
        "problem": problem,
        "events": problem.events.select_related("by"),
        "evidence": problem.evidence.all(),
        "carried_into": problem.carried_into.select_related("campaign"),
        "reporter_contact": decrypt_text(problem.reporter_contact_cipher)
        if manager and problem.reporter_contact_cipher else "",
        "may_assign": manager or access.is_responsible(user, problem),
        "may_route": manager,
        "responsible": access.is_responsible(user, problem),
        "verifier": access.verifies(user, problem) and problem.rectified_by_id != user.pk,
        "manager": manager,
        "assign_form": forms.get("assign_form") or AssignForm(departments=departments, initial={
            "department": problem.department_id, "responsible_person": problem.responsible_person,
            "mode": problem.mode, "deadline": problem.deadline, "measure": problem.measure}),
        "rectify_form": forms.get("rectify_form") or RectifyForm(),
        "departments": departments,
    }


@require_POST
@login_required
def act(request, pk, action):
    problem = access.get_problem_for(request.user, pk)
    reason = ReasonForm(request.POST)
    reason.is_valid()
    note = reason.cleaned_data.get("reason", "")
    try:
        if action == "assign":
            departments = departments_for(request.user).filter(county_id=problem.unit_id[:6])
            form = AssignForm(request.POST, departments=departments)
            if not form.is_valid():
                return render(request, "rectification/problem_detail.html",
                              _detail_context(request, problem, assign_form=form), status=422)
            data = form.cleaned_data
            kwargs = {"department": data["department"]} if access.manages(request.user, problem) else {}
            services.assign(problem, by=request.user, responsible_person=data["responsible_person"],
                            mode=data["mode"], deadline=data["deadline"], measure=data["measure"], **kwargs)
        elif action == "start":
            services.start(problem, by=request.user)
        elif action == "rectify":
            form = RectifyForm(request.POST)
            if not form.is_valid():
                return render(request, "rectification/problem_detail.html",
                              _detail_context(request, problem, rectify_form=form), status=422)
            services.mark_rectified(problem, by=request.user, evidence_text=form.cleaned_data["evidence_text"],
                                    files=request.FILES.getlist("files"))
        elif action == "close":
            services.close(problem, by=request.user, note=note)
        elif action == "send_back":
            services.send_back(problem, by=request.user, reason=note)
        elif action == "reopen":
            services.reopen(problem, by=request.user, reason=note)
        elif action == "withdraw":
            services.withdraw(problem, by=request.user, reason=note)
        else:
            raise Http404
    except services.ProblemError as exc:
        messages.error(request, str(exc))
        return redirect(problem)
    messages.success(request, "已保存。")
    return redirect(problem)


@login_required
def evidence_file(request, pk):
    evidence = access.get_evidence_for(request.user, pk)
    return FileResponse(evidence.file.open("rb"), content_type=evidence.content_type,
                        as_attachment=not evidence.content_type.startswith("image/"),
                        filename=evidence.original_name)


@login_required
def record(request):
    campaigns = campaigns_for(request.user)
    form = ProblemEntryForm(request.POST or None, campaigns=campaigns, departments=departments_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = get_unit_for(request.user, data["unit_code"].strip())
        except Http404:
            form.add_error("unit_code", "区划代码不存在或不在您的管辖范围内")
        else:
            household = None
            if data["household_number"]:
                household = Household.objects.filter(number=data["household_number"].strip(), village=unit).first()
                if household is None:
                    form.add_error("household_number", "该村没有这个户编号")
            if not form.errors and not access.may_record(request.user, unit.code, data["source"]):
                form.add_error("source", "您无权在该单位登记这一来源的问题")
            if not form.errors:
                try:
                    problem = services.record_problem(
                        by=request.user, campaign=data["campaign"], unit=unit, source=data["source"],
                        category=data["category"], description=data["description"], household=household,
                        department=data["department"], reporter_contact=data["reporter_contact"])
                except services.ProblemError as exc:
                    form.add_error(None, str(exc))
                else:
                    messages.success(request, f"已登记问题 {problem.display_number}。")
                    return redirect(problem)
    return render(request, "rectification/problem_form.html", {"form": form}, status=422 if form.errors else 200)


@require_POST
@login_required
def carry_over(request, pk):
    source = get_campaign_for(request.user, pk)
    target = get_campaign_for(request.user, request.POST.get("target", "0") or 0)
    try:
        carried = services.carry_over(source=source, target=target, by=request.user)
    except services.ProblemError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已将 {len(carried)} 条未销号问题结转至 {target.name}。")
    return redirect(target)
