from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from units.models import AdminUnit

from . import selectors, services
from .forms import CaseForm, CloseForm, DecisionForm, FilterForm, StepForm, TransferForm


@login_required
def case_list(request):
    if not selectors.may_see_cases(request.user):
        raise Http404(selectors.HIDDEN)
    filters = FilterForm(request.GET or None, campaigns=selectors.campaign_choices(request.user))
    cases = filters.apply(selectors.cases_for(request.user)).select_related("unit", "department__county")
    return render(request, "accountability/case_list.html", {
        "filters": filters, "page": Paginator(cases, 50).get_page(request.GET.get("page")),
        "may_open": selectors.may_open_cases(request.user),
    })


@login_required
def case_create(request):
    if not selectors.may_open_cases(request.user):
        raise Http404(selectors.HIDDEN)
    form = CaseForm(request.POST or None, departments=selectors.department_choices(request.user),
                    campaigns=selectors.campaign_choices(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = AdminUnit.objects.filter(code=data["unit_code"]).first()
        problems = selectors.problems_by_number(request.user, data["problem_numbers"])
        if unit is None:
            form.add_error("unit_code", "区划代码不存在或不在您的管辖范围内")
        elif len(problems) != len(data["problem_numbers"]):
            form.add_error("problem_numbers", "有问题编号不存在或不在您的管辖范围内")
        else:
            try:
                case = services.open_case(
                    by=request.user, reason=data["reason"], unit=unit, department=data["department"],
                    person=data["person"], campaign=data["campaign"], summary=data["summary"],
                    evidence_text=data["evidence_text"], problems=problems, happened_on=data["happened_on"],
                    files=request.FILES.getlist("files"))
            except services.CaseError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "问责案件已立案。")
                return redirect(case)
    return render(request, "accountability/case_form.html", {"form": form},
                  status=422 if form.errors else 200)


def _detail_context(request, case, **forms) -> dict:
    handler = services.may_handle(request.user, case)
    return {
        "case": case, "steps": selectors.steps_of(case), "clues": case.clues.all(),
        "problems": selectors.problems_of(request.user, case), "handler": handler,
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "step_form": forms.get("step_form") or StepForm(),
        "close_form": forms.get("close_form") or CloseForm(),
    }


@login_required
def case_detail(request, pk):
    case = selectors.get_case_for(request.user, pk)
    return render(request, "accountability/case_detail.html", _detail_context(request, case))


@require_POST
@login_required
def case_act(request, pk, action):
    """确认 / 不予问责 / add a step / 办结; a refusal is shown on the page, with what was typed."""
    case = selectors.get_case_for(request.user, pk)
    if action not in ("confirm", "dismiss", "step", "close"):
        raise Http404(selectors.HIDDEN)
    if not services.may_handle(request.user, case):
        raise Http404(selectors.HIDDEN)
    form_class, name = {"confirm": (DecisionForm, "decision_form"), "dismiss": (DecisionForm, "decision_form"),
                        "step": (StepForm, "step_form"), "close": (CloseForm, "close_form")}[action]
    form = form_class(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "confirm":
                services.confirm(case, by=request.user, note=data["note"])
                messages.success(request, "已确认问责，案件进入办理。")
            elif action == "dismiss":
                services.dismiss(case, by=request.user, reason=data["note"])
                messages.success(request, "已决定不予问责。")
            elif action == "step":
                services.add_step(case, by=request.user, kind=data["kind"], happened_on=data["happened_on"],
                                  note=data["note"], files=request.FILES.getlist("files"))
                messages.success(request, "已记录问责措施。")
            else:
                services.close(case, by=request.user, happened_on=data["happened_on"], outcome=data["outcome"])
                messages.success(request, "案件已办结。")
        except services.CaseError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(case)
    return render(request, "accountability/case_detail.html", _detail_context(request, case, **{name: form}),
                  status=422)


@login_required
def transfer(request, pk):
    """移送纪检监察机关: a page of its own that shows what goes with the case, and asks to confirm."""
    case = selectors.get_case_for(request.user, pk)
    if not services.may_handle(request.user, case):
        raise Http404(selectors.HIDDEN)
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.transfer(case, by=request.user, happened_on=data["happened_on"], note=data["note"],
                              files=request.FILES.getlist("files"))
        except services.CaseError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已移送纪检监察机关。")
            return redirect(case)
    return render(request, "accountability/transfer.html", {"case": case, "form": form, "clues": case.clues.all()},
                  status=422 if form.errors else 200)


@login_required
def clue_file(request, pk):
    clue = selectors.get_clue_for(request.user, pk)
    return FileResponse(clue.file.open("rb"), content_type=clue.content_type,
                        as_attachment=not clue.content_type.startswith("image/"), filename=clue.original_name)
