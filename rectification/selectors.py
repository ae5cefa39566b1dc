"""The read gate of the ledger: every page, export and task reaches problems through these."""

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, Exists, OuterRef, Q, Value, When
from django.http import Http404

from accounts.roles import ROLE_CAPABILITIES, UNIT_ROLES, Capability, unit_permission
from accounts.scoping import can, department_ids, grants_of, scope, scope_codes

from .models import (DEADLINE_KEY, Evidence, ExtensionRequest, Measure, Notification, Problem, ProblemCoDepartment,
                     measure_overdue_condition, overdue_condition)

HIDDEN = "不存在或不在您的管辖范围内"


def _co_of(departments) -> Exists:
    return Exists(ProblemCoDepartment.objects.filter(problem=OuterRef("pk"), department_id__in=departments))


def problems_for(user, capability: str = Capability.VIEW):
    """Problems in the user's units, plus those whose lead or co-responsible unit is the user's department."""
    scoped = scope(user, Problem.objects.all(), capability)
    if not user.is_active or user.is_superuser:
        return scoped
    departments = department_ids(user, capability)
    if not departments:
        return scoped
    return scoped | Problem.objects.filter(_co_of(departments))


def get_problem_for(user, pk, perm: str = Capability.VIEW) -> Problem:
    try:
        problem = (
            problems_for(user, perm)
            .select_related("campaign", "unit", "household", "department", "found_by", "rectified_by", "closed_by",
                            "responsible_user")
            .prefetch_related("co_departments")
            .filter(pk=pk)
            .first()
        )
    except (ValueError, TypeError):
        problem = None
    if problem is None:
        raise Http404(HIDDEN)
    return problem


def get_evidence_for(user, pk) -> Evidence:
    evidence = Evidence.objects.select_related("problem").filter(pk=pk, problem__in=problems_for(user)).first()
    if evidence is None:
        raise Http404(HIDDEN)
    return evidence


def get_extension_request_for(user, problem: Problem, pk) -> ExtensionRequest:
    """A request of a problem the caller already reached through get_problem_for."""
    request = problem.extension_requests.filter(pk=pk).first() if str(pk).isdigit() else None
    if request is None:
        raise Http404(HIDDEN)
    return request


def responsible_problems(user):
    """The inbox: unresolved problems the user's unit leads or co-operates on (its department's, its township's)."""
    condition = Q()
    departments = department_ids(user, Capability.RECTIFY)
    if departments:
        condition |= Q(department_id__in=departments) | _co_of(departments)
    for code in led_townships(user):
        condition |= Q(unit__code__subtree=code, department__isnull=True)
    if not condition:
        return Problem.objects.none()
    return problems_for(user, Capability.RECTIFY).filter(condition).unresolved()


def led_townships(user) -> list[str]:
    """Townships whose office answers for the problems left with the township (not through a department)."""
    return [g.unit_code for g in grants_of(user)
            if not g.department_id and len(g.unit_code) == 9 and Capability.RECTIFY in ROLE_CAPABILITIES[g.role]]


def managed_overdue_count(user) -> int:
    if not scope_codes(user, Capability.MANAGE):
        return 0
    return problems_for(user, Capability.MANAGE).overdue().count()


def unread_notifications(user):
    return Notification.objects.filter(user=user, read_at__isnull=True).select_related("problem", "problem__campaign",
                                                                                     "measure")


# The unit roles that fix a township's own problems (today the township office): a grant of one of them on
# the township is what "works for the township" means, for the 责任人 choice and the reminders alike.
TOWNSHIP_RECTIFY_PERMISSIONS = [unit_permission(r) for r in UNIT_ROLES if Capability.RECTIFY in ROLE_CAPABILITIES[r]]


def staff_condition(departments=(), township_codes=()) -> Q:
    """Users who act for these departments or these townships' offices (a condition on the user table)."""
    condition = Q(pk__in=[])
    if departments:
        condition |= Q(departmentgrant__content_object_id__in=list(departments))
    if township_codes:
        condition |= Q(unitgrant__content_object_id__in=list(township_codes),
                       unitgrant__permission__codename__in=TOWNSHIP_RECTIFY_PERMISSIONS)
    return condition


def responsible_candidates(problem: Problem, *, with_co: bool = False):
    """Who may be named 责任人: the staff of the lead unit (its department, or the township office when the
    problem stays with the township); for a measure (`with_co`) also the staff of the co-responsible units.
    Only active accounts; a person without an account is typed as a name instead."""
    departments = [problem.department_id] if problem.department_id else []
    if with_co:
        departments += [d.pk for d in problem.co_departments.all()]
    townships = [problem.township_code] if not problem.department_id and problem.township_code else []
    if not departments and not townships:
        return get_user_model().objects.none()
    return (get_user_model().objects.filter(is_active=True)
            .filter(staff_condition(departments, townships)).distinct().order_by("username"))


def my_problems(user, today=None):
    """我的整改: the unresolved problems the user is named 责任人 of, overdue first, then by deadline."""
    return (problems_for(user).filter(responsible_user=user).unresolved()
            .annotate(late=Case(When(overdue_condition(today), then=Value(0)), default=Value(1)),
                      deadline_key=DEADLINE_KEY, measures_total=Count("measures"),
                      measures_done=Count("measures", filter=Q(measures__done_at__isnull=False)))
            .select_related("campaign", "unit", "department", "household").prefetch_related("co_departments")
            .order_by("late", "deadline_key", "pk"))


def my_measures(user, today=None):
    """The measures not yet done the user is named 责任人 of (of problems they may see), overdue first."""
    return (Measure.objects.filter(responsible_user=user, problem__in=problems_for(user)).pending()
            .annotate(late=Case(When(measure_overdue_condition(today), then=Value(0)), default=Value(1)),
                      deadline_key=DEADLINE_KEY)
            .select_related("problem", "problem__campaign", "problem__unit")
            .order_by("late", "deadline_key", "pk"))


def get_measure_for(problem: Problem, pk) -> Measure:
    """A measure of a problem the caller already reached through get_problem_for."""
    measure = problem.measures.filter(pk=pk).first() if str(pk).isdigit() else None
    if measure is None:
        raise Http404(HIDDEN)
    measure.problem = problem
    return measure


def export_unit_for(user, campaign, unit_code: str = "") -> str:
    """The unit a ledger export covers: the unit filter, else the campaign's scope, else the user's first unit."""
    if unit_code:
        return unit_code
    if campaign and can(user, campaign.scope_unit_id):
        return campaign.scope_unit_id
    codes = scope_codes(user)
    return codes[0] if codes else ""
