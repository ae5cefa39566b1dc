"""The read gate of 回头帮: lists, plans and the problems they cover, scoped like the ledger.

A department sees the lists handed to it and its own plans, a township office its township's, the
county office its county's (`accounts.scoping.scope` with DEPARTMENT_FIELD). Problems are read only
through `rectification.selectors`, so a page never shows a problem its reader could not open.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404

from accounts.roles import Capability
from accounts.scoping import can, scope
from checklists.definitions import RESULT_FIELDS
from checklists.models import FormLevel
from campaigns.selectors import campaigns_for
from rectification import selectors as ledger
from rectification.models import Problem
from units import codes
from units.models import AdminUnit, Department

from .models import HelpList, HelpListItem, Plan, PlanLine, PlanLineProblem

HIDDEN = ledger.HIDDEN


def help_lists_for(user):
    return (scope(user, HelpList.objects.all())
            .select_related("campaign", "unit", "department").annotate(size=Count("items"))
            .order_by("-campaign__year", "campaign_id", "unit_id", "department__name", "pk"))


def _one_or_404(queryset, pk):
    """Hidden and missing are the same 404, and so is an id no column holds."""
    try:
        found = queryset.filter(pk=pk).first() if str(pk).isdigit() else None
    except (ValueError, TypeError, OverflowError):
        found = None
    if found is None:
        raise Http404(HIDDEN)
    return found


def get_help_list_for(user, pk) -> HelpList:
    return _one_or_404(help_lists_for(user), pk)


def list_problems(user, help_list: HelpList):
    """The list's problems the user may see, as the ledger holds them now (measure, deadline, status)."""
    return (ledger.problems_for(user)
            .filter(pk__in=HelpListItem.objects.filter(help_list=help_list).values("problem_id"))
            .select_related("campaign", "unit", "household", "department").prefetch_related("measures")
            .order_by("unit_id", "number"))


# Where a 回头帮 object is counted, as 且末 counts them: a household's gap (附件4), a village's (附件5),
# a township's (附件6). The page and the Excel both ask here.
LEVEL_ORDER = [FormLevel.HOUSEHOLD, FormLevel.VILLAGE, FormLevel.TOWNSHIP]


def object_level(unit_id: str, household_id) -> str:
    if household_id:
        return FormLevel.HOUSEHOLD
    return FormLevel.VILLAGE if codes.is_at_or_below(unit_id, codes.VILLAGE) else FormLevel.TOWNSHIP


def levels_of(problems) -> list[tuple[str, str]]:
    present = {object_level(p.unit_id, p.household_id) for p in problems}
    return [(level, FormLevel(level).label) for level in LEVEL_ORDER if level in present]


# 完成情况 of the 回头帮成果统计表 (the choices of checklists.definitions.RESULT_FIELDS), read from the ledger:
# closed is done, not started is still open, anything between is under way.
DONE, UNDER_WAY, NOT_STARTED = next(f for f in RESULT_FIELDS if f["key"] == "progress")["choices"]


def progress_label(status: str) -> str:
    if status == Problem.Status.CLOSED:
        return DONE
    if status == Problem.Status.WITHDRAWN:
        return Problem.Status.WITHDRAWN.label
    return NOT_STARTED if status == Problem.Status.OPEN else UNDER_WAY


def listed_problems(user, campaign, unit_code: str):
    """The campaign's 回头帮 objects under a unit in the lists the user sees (a department: its own lists)."""
    listed = HelpListItem.objects.filter(help_list__in=help_lists_for(user).filter(campaign=campaign))
    return (ledger.problems_for(user).filter(pk__in=listed.values("problem_id"), unit__code__subtree=unit_code)
            .select_related("campaign", "unit", "household", "department").order_by("unit_id", "number"))


def plans_for(user):
    return scope(user, Plan.objects.all()).select_related("unit", "department", "created_by", "decided_by")


def get_plan_for(user, pk) -> Plan:
    return _one_or_404(plans_for(user), pk)


def get_line_for(plan: Plan, pk) -> PlanLine:
    """A line of a plan the caller already reached through get_plan_for."""
    return _one_or_404(plan.lines.all(), pk)


def writes(user, plan: Plan) -> bool:
    """The unit whose plan it is: the department's staff, or the township's office."""
    if plan.kind == Plan.Kind.DEPARTMENT:
        return plan.department_id in ledger.department_ids(user, Capability.RECTIFY)
    return plan.unit_id in ledger.led_townships(user)


def decides(user, plan: Plan) -> bool:
    """The county office (or above) over the plan's county approves or returns it."""
    return can(user, codes.county_code(plan.unit_id), Capability.MANAGE)


def coverable_problems(user, plan: Plan):
    """Problems a line of this plan may cover: the user's, within the plan's reach (its department's problems
    in its county, or the township's problems), not withdrawn."""
    problems = ledger.problems_for(user).exclude(status=Problem.Status.WITHDRAWN)
    if plan.kind == Plan.Kind.DEPARTMENT:
        return problems.filter(department_id=plan.department_id, unit__code__subtree=plan.unit_id)
    return problems.filter(unit__code__subtree=plan.unit_id)


def coverable_lists(user, plan: Plan):
    """The lists a line may take whole: those handed to the plan's department, or those of the township."""
    lists = help_lists_for(user).filter(unit__code__subtree=plan.unit_id)
    return lists.filter(department_id=plan.department_id) if plan.kind == Plan.Kind.DEPARTMENT else lists


def problems_of_lists(user, lists) -> list[int]:
    return list(ledger.problems_for(user).filter(
        pk__in=HelpListItem.objects.filter(help_list__in=lists).values("problem_id")).values_list("pk", flat=True))


def problems_to_plan(user, plan: Plan, keep=()):
    """The problems offered one by one on the line form: unresolved, not yet in another line of the plan,
    plus those in `keep` (the line being edited); sorted by category for grouping."""
    taken = PlanLineProblem.objects.filter(line__plan=plan).exclude(problem_id__in=keep).values("problem_id")
    return (coverable_problems(user, plan).filter(Q(pk__in=keep) | (~Q(pk__in=taken) & ~Q(status__in=Problem.RESOLVED)))
            .select_related("campaign", "unit").order_by("category", "unit_id", "number"))


def plan_choices(user) -> dict:
    """What plans the user may start: {"departments": [(id, name)], "townships": [code]}."""
    departments = ledger.department_ids(user, Capability.RECTIFY)
    return {
        "departments": list(Department.objects.filter(pk__in=departments).values_list("pk", "name")),
        "townships": list(AdminUnit.objects.filter(code__in=ledger.led_townships(user)).values_list("code", "name")),
    }


@dataclass(frozen=True)
class Progress:
    """A line's progress, read from the problems it covers: closed of total, and how many are overdue."""

    total: int
    closed: int
    overdue: int

    @property
    def percent(self) -> int:
        return round(100 * self.closed / self.total) if self.total else 0

    @property
    def label(self) -> str:
        return f"{self.closed}/{self.total}"


def line_progress(user, plan: Plan, today=None) -> dict[int, Progress]:
    """{line id: Progress} for every line of the plan, in two queries."""
    links = list(PlanLineProblem.objects.filter(line__plan=plan).values_list("line_id", "problem_id"))
    problems = ledger.problems_for(user).filter(pk__in={p for _, p in links})
    closed = set(problems.filter(status=Problem.Status.CLOSED).values_list("pk", flat=True))
    overdue = set(problems.overdue(today).values_list("pk", flat=True))
    seen = set(problems.values_list("pk", flat=True))
    result = {}
    for line_id in plan.lines.values_list("pk", flat=True):
        covered = [p for line, p in links if line == line_id and p in seen]
        result[line_id] = Progress(len(covered), sum(p in closed for p in covered), sum(p in overdue for p in covered))
    return result


def line_problem_ids(plan: Plan) -> dict[int, list[int]]:
    ids: dict[int, list[int]] = {}
    for line_id, problem_id in PlanLineProblem.objects.filter(line__plan=plan).values_list("line_id", "problem_id"):
        ids.setdefault(line_id, []).append(problem_id)
    return ids


# 验收: the year-end check of every 回头帮 object (a problem in a list of the year's campaigns)
class Result:
    CLOSED = "已整改销号"
    CARRIED = "未完成，已结转"
    PENDING = "未完成"
    WITHDRAWN = "已撤销"


def acceptance_problems(user, year: int):
    """The distinct problems of the year's lists that the user may see."""
    listed = HelpListItem.objects.filter(help_list__in=help_lists_for(user).filter(campaign__year=year).order_by())
    return ledger.problems_for(user).filter(pk__in=listed.values("problem_id"))


def carried_to(user, problems) -> dict[int, str]:
    """{problem id: the campaign it was carried into} (the carry-over lives in rectification); `problems` is a
    queryset or a list of ids."""
    return dict(ledger.problems_for(user).filter(carried_from__in=problems)
                .values_list("carried_from_id", "campaign__name"))


def acceptance_result(status: str, carried_into: str | None) -> str:
    """One object's 验收 result: closed, withdrawn, carried into next year's 回头帮, or not (yet) carried."""
    if status == Problem.Status.CLOSED:
        return Result.CLOSED
    if status == Problem.Status.WITHDRAWN:
        return Result.WITHDRAWN
    if carried_into:
        return f"{Result.CARRIED}至{carried_into}"
    return Result.PENDING


def acceptance_years(user) -> list[int]:
    return sorted(set(help_lists_for(user).order_by().values_list("campaign__year", flat=True)), reverse=True)


def acceptance_counts(user, problems) -> dict[str, int]:
    """How many objects closed, withdrawn, carried and still pending, counted in the database."""
    carried = ledger.problems_for(user).filter(carried_from__in=problems).values("carried_from_id")
    counts = problems.aggregate(
        total=Count("pk"), closed=Count("pk", filter=Q(status=Problem.Status.CLOSED)),
        withdrawn=Count("pk", filter=Q(status=Problem.Status.WITHDRAWN)),
        carried=Count("pk", filter=Q(pk__in=carried) & ~Q(status__in=Problem.RESOLVED)))
    counts["pending"] = counts["total"] - counts["closed"] - counts["withdrawn"] - counts["carried"]
    return counts


def source_campaigns(user, year: int):
    """The campaigns of the year's lists, whose unfinished problems the office may carry over."""
    return campaigns_for(user).filter(pk__in=help_lists_for(user).filter(campaign__year=year).values("campaign_id"))


def later_campaigns(user, year: int):
    return campaigns_for(user).filter(year__gt=year)
