"""Writes of 回头帮: handing lists to the responsible units, writing, submitting and deciding plans.

Each write checks the actor once at its entrance and then every object it touches against the actor:
the campaign, the unit, each department a list is handed to, each problem a list or a line covers.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.roles import Capability
from accounts.scoping import can
from audit.services import acting_as
from campaigns.selectors import campaigns_for
from rectification import selectors as ledger
from rectification.models import Problem
from units import codes

from . import selectors
from .models import LINE_FIELDS, REQUIRED_LINE_FIELDS, HelpList, HelpListItem, Plan, PlanLine, PlanLineProblem

S = Plan.Status


class AssistanceError(Exception):
    """A write the user's part or the object's state does not allow; the message is Chinese."""


def list_unit_code(problem_unit: str) -> str:
    """The unit whose list holds a problem: its village (households included), or its township; "" above."""
    if codes.is_at_or_below(problem_unit, codes.VILLAGE):
        return codes.cut_to(problem_unit, codes.VILLAGE)
    if codes.is_at_or_below(problem_unit, codes.TOWNSHIP):
        return codes.cut_to(problem_unit, codes.TOWNSHIP)
    return ""


@transaction.atomic
def hand_help_lists(*, by, campaign, unit, deadline: date, note: str = "") -> list[HelpList]:
    """五(二)(三): the campaign's problems under `unit`, one list per village or township and responsible unit,
    handed with a time limit. Running it again adds the problems found since and sets the new time limit;
    a problem is never listed twice."""
    if not campaigns_for(by).filter(pk=campaign.pk).exists():
        raise AssistanceError("专项行动不存在或不在您的管辖范围内")
    if not can(by, unit.code, Capability.MANAGE):
        raise AssistanceError("只有县级及以上办公室可以交办“回头帮”清单")
    if not unit.is_within(campaign.scope_unit_id) or not codes.is_at_or_below(unit.code, codes.COUNTY):
        raise AssistanceError("该单位不在本专项行动范围内，或不是县、乡镇、村")
    if deadline < timezone.localdate():
        raise AssistanceError("完成时限不能早于今天")
    problems = list(
        ledger.problems_for(by, Capability.MANAGE)
        .filter(campaign=campaign, unit__code__subtree=unit.code).exclude(status=Problem.Status.WITHDRAWN)
        .exclude(pk__in=HelpListItem.objects.filter(help_list__campaign=campaign).values("problem_id"))
        .select_related("department").order_by("unit_id", "number")
    )
    groups: dict[tuple[str, int | None], list[Problem]] = {}
    for problem in problems:
        where = list_unit_code(problem.unit_id)
        if where:
            groups.setdefault((where, problem.department_id), []).append(problem)
    for problem in problems:
        if problem.department_id and not can(by, problem.department.county_id, Capability.MANAGE):
            raise AssistanceError(f"责任单位 {problem.department.name} 不在您的管辖范围内")
    now = timezone.now()
    touched = []
    with acting_as(by):
        for (where, department_id), members in groups.items():
            help_list, _ = HelpList.objects.get_or_create(
                campaign=campaign, unit_id=where, department_id=department_id,
                defaults={"deadline": deadline, "note": note, "handed_by": by, "handed_at": now})
            HelpListItem.objects.bulk_create([HelpListItem(help_list=help_list, problem=p) for p in members])
            touched.append(help_list)
        for help_list in HelpList.objects.filter(campaign=campaign, unit__code__subtree=unit.code):
            if help_list.deadline != deadline or (note and help_list.note != note):
                help_list.deadline, help_list.note = deadline, note or help_list.note
                help_list.save(update_fields=["deadline", "note"])
                if help_list not in touched:
                    touched.append(help_list)
    return touched


def _require_writer(by, plan: Plan) -> None:
    if not selectors.writes(by, plan):
        raise AssistanceError("只有编制单位可以修改本方案")
    if not plan.editable:
        raise AssistanceError(f"方案{plan.get_status_display()}，不能修改")


@transaction.atomic
def create_plan(*, by, kind: str, year: int, department=None, township=None, title: str = "") -> Plan:
    """A department starts its yearly 回头帮 plan, or a township office its 专项整改方案."""
    if kind == Plan.Kind.DEPARTMENT:
        if department is None or department.pk not in ledger.department_ids(by, Capability.RECTIFY):
            raise AssistanceError("只有本部门工作人员可以编制本部门的“回头帮”年度实施方案")
        unit_id, writer = department.county_id, department.name
        exists = Plan.objects.filter(kind=kind, year=year, department=department)
    elif kind == Plan.Kind.TOWNSHIP:
        if township is None or township.code not in ledger.led_townships(by):
            raise AssistanceError("只有本乡镇（街道）办公室可以编制本乡镇的专项整改方案")
        unit_id, writer, department = township.code, township.name, None
        exists = Plan.objects.filter(kind=kind, year=year, unit=township)
    else:
        raise AssistanceError("未知的方案类型")
    if exists.exists():
        raise AssistanceError(f"{writer}{year}年度的{Plan.Kind(kind).label}已经存在")
    with acting_as(by):
        return Plan.objects.create(kind=kind, year=year, unit_id=unit_id, department=department, created_by=by,
                                   title=title.strip() or f"{writer}{year}年{Plan.Kind(kind).label}")


def _check_problems(by, plan: Plan, problems) -> list[Problem]:
    ids = {p.pk if isinstance(p, Problem) else int(p) for p in problems}
    allowed = set(selectors.coverable_problems(by, plan).filter(pk__in=ids).values_list("pk", flat=True))
    if ids - allowed:
        raise AssistanceError("所选问题不在本方案的范围内（只能选择本单位负责、且在您管辖范围内的问题）")
    return sorted(ids)


@transaction.atomic
def save_line(*, by, plan: Plan, line: PlanLine | None = None, data: dict, problems=()) -> PlanLine:
    """Add a line to a plan being written, or change one; `problems` are the ledger problems it covers."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _require_writer(by, plan)
    if line is not None and line.plan_id != plan.pk:
        raise AssistanceError("该条目不属于本方案")
    missing = [label for name, label in LINE_FIELDS[plan.kind] if name in REQUIRED_LINE_FIELDS and not data.get(name)]
    if missing:
        raise AssistanceError(f"请填写{'、'.join(missing)}")
    problem_ids = _check_problems(by, plan, problems)
    values = {name: data.get(name) or "" for name, _ in LINE_FIELDS[plan.kind]}
    with acting_as(by):
        if line is None:
            last = plan.lines.order_by("-position").values_list("position", flat=True).first() or 0
            line = PlanLine.objects.create(plan=plan, position=last + 1, **values)
        else:
            for name, value in values.items():
                setattr(line, name, value)
            line.save(update_fields=list(values))
            line.covered.exclude(problem_id__in=problem_ids).delete()
        known = set(line.covered.values_list("problem_id", flat=True))
        PlanLineProblem.objects.bulk_create([PlanLineProblem(line=line, problem_id=p) for p in problem_ids
                                             if p not in known])
    return line


@transaction.atomic
def delete_line(*, by, line: PlanLine) -> None:
    plan = Plan.objects.select_for_update().get(pk=line.plan_id)
    _require_writer(by, plan)
    with acting_as(by):
        line.delete()
        # the printed plan numbers its lines 1, 2, 3 …: the lines after the deleted one move up
        for position, later in enumerate(plan.lines.order_by("position"), start=1):
            if later.position != position:
                later.position = position
                later.save(update_fields=["position"])


@transaction.atomic
def submit_plan(*, by, plan: Plan) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _require_writer(by, plan)
    if not plan.lines.exists():
        raise AssistanceError("方案还没有条目，不能报送")
    plan.status, plan.submitted_by, plan.submitted_at = S.SUBMITTED, by, timezone.now()
    with acting_as(by):
        plan.save(update_fields=["status", "submitted_by", "submitted_at"])
    return plan


@transaction.atomic
def decide_plan(*, by, plan: Plan, approve: bool, reason: str = "") -> Plan:
    """The county office approves a submitted plan, or returns it with the reason (the unit corrects and resubmits)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not selectors.decides(by, plan):
        raise AssistanceError("只有县级及以上办公室可以审批方案")
    if plan.status != S.SUBMITTED:
        raise AssistanceError(f"方案{plan.get_status_display()}，只有待审批的方案可以审批")
    if not approve and not reason.strip():
        raise AssistanceError("退回时必须说明原因")
    plan.status = S.APPROVED if approve else S.RETURNED
    plan.return_reason = "" if approve else reason.strip()
    plan.decided_by, plan.decided_at = by, timezone.now()
    with acting_as(by):
        plan.save(update_fields=["status", "return_reason", "decided_by", "decided_at"])
    return plan
