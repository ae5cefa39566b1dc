from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.roles import Capability
from accounts.scoping import holds
from accounts.unit_access import departments_for, get_unit_for
from campaigns.access import campaigns_for, get_campaign_for
from core.crypto import decrypt_text
from core.htmx import render_page_or_part
from core.keyset import InvalidCursor, keyset_page
from households.models import Household
from units import codes
from units.models import AdminUnit

from . import access, extensions, measures, selectors, services
from .filters import ProblemFilter
from .forms import (AssignForm, BulkForm, ExtensionDecisionForm, ExtensionRequestForm, MeasureDoneForm, MeasureForm,
                    NoteForm, PlanForm, ProblemEntryForm, ReasonForm, RectifyForm)
from .models import DEADLINE_KEY, ExtensionRequest, Problem, ProblemEvent

PAGE_SIZE = 50
SORTS = {
    "newest": ("pk", True, "最新登记"),
    "deadline": ("deadline_key", False, "整改时限"),
    "unit": ("unit_id", False, "单位"),
}
BAD_CURSOR = "分页参数无效（链接可能被截断或改动），请从第一页重新浏览。"


@login_required
def ledger(request):
    problems = (selectors.problems_for(request.user)
                .select_related("campaign", "unit", "unit__parent", "department", "household", "responsible_user")
                .prefetch_related("co_departments"))
    filters = ProblemFilter(request.GET, queryset=problems, campaigns=campaigns_for(request.user),
                            departments=departments_for(request.user))
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "newest"
    key, descending, _ = SORTS[sort]
    rows = filters.qs.annotate(deadline_key=DEADLINE_KEY)
    status, error = 200, ""
    try:
        page, next_cursor = keyset_page(rows, key=key, descending=descending, cursor=request.GET.get("after"),
                                        size=PAGE_SIZE)
    except InvalidCursor:
        page, next_cursor = keyset_page(rows, key=key, descending=descending, cursor=None, size=PAGE_SIZE)
        status, error = 400, BAD_CURSOR
    may_manage = holds(request.user, Capability.MANAGE)
    campaign = filters.form.cleaned_data.get("campaign") if filters.is_bound and filters.form.is_valid() else None
    # a changed filter, sent by htmx: only the results (the filter form stays as the user set it)
    return render_page_or_part(request, "rectification/ledger.html", "results", {
        "filters": filters, "page": page, "next_cursor": next_cursor, "sort": sort, "cursor_error": error,
        "sorts": [(k, v[2]) for k, v in SORTS.items()], "may_manage": may_manage,
        "departments": departments_for(request.user) if may_manage else [],
        "export_unit": selectors.export_unit_for(request.user, campaign, request.GET.get("unit", "")),
        "totals": status_totals(filters.qs),
    }, status=status)


def status_totals(problems) -> list[tuple[str, str, int]]:
    """How many of the filtered problems are in each status (status, label, count), in the status order."""
    counts = dict(problems.order_by().values_list("status").annotate(n=Count("pk")))
    return [(value, label, counts.get(value, 0)) for value, label in Problem.Status.choices]


@require_POST
@login_required
def bulk(request):
    if not holds(request.user, Capability.MANAGE):
        raise Http404
    problems = selectors.problems_for(request.user, Capability.MANAGE)
    form = BulkForm(request.POST, problems=problems, departments=departments_for(request.user))
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect(_back(request))
    data = form.cleaned_data
    try:
        if data["action"] == "close":
            done = services.bulk_close(data["ids"], by=request.user, note=data["opinion"])
            messages.success(request, f"已将 {done} 个问题销号。")
        else:
            changes = ({"department": data["department"]} if data["action"] == "reassign"
                       else {"mode": "deadline", "deadline": data["deadline"]})
            done = services.bulk_assign(data["ids"], by=request.user, **changes)
            messages.success(request, f"已处理 {done} 条问题。")
    except services.ProblemError as exc:
        messages.error(request, str(exc))
    return redirect(_back(request))


def _back(request) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/problems/") else "/problems/"


@login_required
def detail(request, pk):
    problem = selectors.get_problem_for(request.user, pk)
    return render(request, "rectification/problem_detail.html", _detail_context(request, problem))


def _detail_context(request, problem, **forms):
    user = request.user
    manager = access.manages(user, problem)
    lead = access.leads(user, problem)
    measure_list = list(problem.measures.select_related("responsible_user", "done_by").prefetch_related("evidence"))
    for m in measure_list:
        m.problem = problem
        m.may_complete = access.completes(user, m)
    planner = access.plans(user, problem) and problem.status in measures.PLANNABLE
    edited = forms.get("edited_measure")
    return {
        "problem": problem,
        "events": problem.events.select_related("by"),
        "evidence": problem.evidence.filter(measure__isnull=True),
        "measures": measure_list,
        "edited_measure": edited,
        "verifications": list(problem.events.filter(action=ProblemEvent.Action.CLOSE).select_related("by")),
        "close_blockers": problem.close_blockers() if problem.status == problem.Status.RECTIFIED else [],
        "planner": planner,
        "measure_form": forms.get("measure_form") or (
            MeasureForm(candidates=selectors.responsible_candidates(problem, with_co=True)) if planner else None),
        "done_form": forms.get("done_form") or MeasureDoneForm(),
        "carried_into": problem.carried_into.select_related("campaign"),
        "extension_requests": problem.extension_requests.select_related("requested_by", "decided_by"),
        "pending_extension": problem.extension_requests.filter(status=ExtensionRequest.Status.PENDING).first(),
        "reporter_contact": decrypt_text(problem.reporter_contact_cipher)
        if manager and problem.reporter_contact_cipher else "",
        "manager": manager,
        "responsible": lead,
        "participant": manager or lead or access.co_responsible(user, problem),
        "verifier": access.verifies(user, problem) and problem.rectified_by_id != user.pk,
        "assign_form": forms.get("assign_form") or (_assign_form(user, problem) if manager else None),
        "plan_form": forms.get("plan_form") or _plan_form(problem),
        "rectify_form": forms.get("rectify_form") or RectifyForm(),
        "note_form": forms.get("note_form") or NoteForm(),
        "extension_form": forms.get("extension_form") or ExtensionRequestForm(),
    }


def _assign_form(user, problem, data=None) -> AssignForm:
    departments = departments_for(user).filter(county_id=problem.county_code)
    return AssignForm(data, departments=departments, candidates=selectors.responsible_candidates(problem), initial={
        "department": problem.department_id, "co_departments": [d.pk for d in problem.co_departments.all()],
        "responsible_user": problem.responsible_user_id, "responsible_person": problem.responsible_person,
        "mode": problem.mode, "deadline": problem.deadline})


def _plan_form(problem, data=None) -> PlanForm:
    return PlanForm(data, candidates=selectors.responsible_candidates(problem), initial={
        "responsible_user": problem.responsible_user_id, "responsible_person": problem.responsible_person})


def _invalid(request, problem, **forms):
    return render(request, "rectification/problem_detail.html", _detail_context(request, problem, **forms),
                  status=422)


@require_POST
@login_required
def act(request, pk, action):
    problem = selectors.get_problem_for(request.user, pk)
    reason = ReasonForm(request.POST)
    reason.is_valid()
    note = reason.cleaned_data.get("reason", "")
    try:
        if action == "assign":
            if access.manages(request.user, problem):
                form = _assign_form(request.user, problem, request.POST)
                if not form.is_valid():
                    return _invalid(request, problem, assign_form=form)
                services.assign(problem, by=request.user, **form.cleaned_data)
            else:
                form = _plan_form(problem, request.POST)
                if not form.is_valid():
                    return _invalid(request, problem, plan_form=form)
                data = form.cleaned_data
                services.assign(problem, by=request.user, responsible_person=data["responsible_person"],
                                responsible_user=data["responsible_user"], mode=data["mode"] or None,
                                deadline=data["deadline"])
        elif action == "start":
            services.start(problem, by=request.user)
        elif action == "rectify":
            form = RectifyForm(request.POST)
            if not form.is_valid():
                return _invalid(request, problem, rectify_form=form)
            services.mark_rectified(problem, by=request.user, evidence_text=form.cleaned_data["evidence_text"],
                                    files=request.FILES.getlist("files"))
        elif action == "note":
            form = NoteForm(request.POST)
            if not form.is_valid():
                return _invalid(request, problem, note_form=form)
            services.add_note(problem, by=request.user, text=form.cleaned_data["text"],
                              files=request.FILES.getlist("files"))
        elif action == "extend":
            form = ExtensionRequestForm(request.POST)
            if not form.is_valid():
                return _invalid(request, problem, extension_form=form)
            extensions.request_extension(problem, by=request.user, **form.cleaned_data)
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
    messages.success(request, DONE_MESSAGES[action].format(number=problem.display_number))
    return redirect(problem)


DONE_MESSAGES = {
    "assign": "已保存交办。", "start": "已开始整改。", "rectify": "已提交整改结果，等待核验销号。",
    "note": "已提交配合说明。", "extend": "已提交延期申请。", "close": "问题 {number} 已销号。",
    "send_back": "已退回重改。", "reopen": "问题 {number} 已重新打开，原有措施、核验意见和处理记录均保留。",
    "withdraw": "问题 {number} 已撤销。",
}


@require_POST
@login_required
def measure(request, pk):
    """整改措施: add one, change one not yet done, or record one done (with its evidence)."""
    problem = selectors.get_problem_for(request.user, pk)
    op = request.POST.get("op", "")
    try:
        if op in ("add", "update"):
            target = selectors.get_measure_for(problem, request.POST.get("measure", "")) if op == "update" else None
            form = MeasureForm(request.POST, candidates=selectors.responsible_candidates(problem, with_co=True),
                               initial={"deadline": target.deadline} if target else None)
            if not form.is_valid():
                return _invalid(request, problem, measure_form=form, edited_measure=target)
            if target is None:
                done = measures.add_measure(problem, by=request.user, **form.cleaned_data)
                messages.success(request, f"已新增措施{done.position}。")
            else:
                measures.update_measure(target, by=request.user, **form.cleaned_data)
                messages.success(request, f"已修改措施{target.position}。")
        elif op == "done":
            target = selectors.get_measure_for(problem, request.POST.get("measure", ""))
            form = MeasureDoneForm(request.POST)
            if not form.is_valid():
                return _invalid(request, problem, done_form=form, edited_measure=target)
            measures.complete_measure(target, by=request.user, result=form.cleaned_data["result"],
                                      files=request.FILES.getlist("files"))
            messages.success(request, f"措施{target.position}已登记完成。")
        else:
            raise Http404
    except services.ProblemError as exc:
        messages.error(request, str(exc))
    return redirect(problem)


@login_required
def mine(request):
    """我的整改: what the user answers for by name, problems and measures, overdue first."""
    problems = Paginator(selectors.my_problems(request.user), PAGE_SIZE).get_page(request.GET.get("p"))
    measure_page = Paginator(selectors.my_measures(request.user), PAGE_SIZE).get_page(request.GET.get("m"))
    return render(request, "rectification/mine.html", {"problems": problems, "measures": measure_page})


@require_POST
@login_required
def decide_extension(request, pk, request_pk):
    problem = selectors.get_problem_for(request.user, pk)
    extension = selectors.get_extension_request_for(request.user, problem, request_pk)
    form = ExtensionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect(problem)
    try:
        extensions.decide_extension(extension, by=request.user, grant=form.cleaned_data["decision"] == "grant",
                                  note=form.cleaned_data["note"])
    except services.ProblemError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已审批延期申请。")
    return redirect(problem)


@login_required
def evidence_file(request, pk):
    evidence = selectors.get_evidence_for(request.user, pk)
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
            if not form.errors:
                try:
                    problem = services.record_problem(
                        by=request.user, campaign=data["campaign"], unit=unit, source=data["source"],
                        category=data["category"], description=data["description"], household=household,
                        department=data["department"], co_departments=data["co_departments"],
                        reporter_contact=data["reporter_contact"])
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


PRINT_LIMIT = 500
LEDGER_SIGNATURES = ["填报人", "审核人（单位负责人）"]  # as the ledger's Excel export signs it


@login_required
def ledger_print(request):
    """The ledger on A4 landscape as the seed's 问题台账 (rows of the ledger page's filters), with the
    signature lines; a longer ledger is printed from its Excel export."""
    problems = (selectors.problems_for(request.user).select_related("campaign", "unit", "department", "household")
                .prefetch_related("co_departments"))
    filters = ProblemFilter(request.GET, queryset=problems, campaigns=campaigns_for(request.user),
                            departments=departments_for(request.user))
    rows = list(filters.qs.order_by("campaign_id", "unit_id", "number")[:PRINT_LIMIT + 1])
    campaign = filters.form.cleaned_data.get("campaign") if filters.is_bound and filters.form.is_valid() else None
    townships = dict(AdminUnit.objects.filter(code__in={codes.township_code(p.unit_id) for p in rows})
                     .values_list("code", "name"))
    return render(request, "rectification/print_ledger.html", {
        "campaign": campaign, "rows": [(p, townships.get(codes.township_code(p.unit_id), "")) for p in rows[:PRINT_LIMIT]],
        "cut": len(rows) > PRINT_LIMIT, "limit": PRINT_LIMIT, "printed_at": timezone.localtime(),
        "query": request.GET.urlencode(), "signatures": LEDGER_SIGNATURES,
    })
