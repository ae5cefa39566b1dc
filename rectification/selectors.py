"""The read gate of the ledger: every page, export and task reaches problems through these."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from accounts.roles import ROLE_CAPABILITIES, Capability
from accounts.scoping import can, department_ids, grants_of, scope, scope_codes
from units import codes

from .models import Evidence, ExtensionRequest, Notification, Problem, ProblemCoDepartment

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
    return Notification.objects.filter(user=user, read_at__isnull=True).select_related("problem", "problem__campaign")


def responsible_candidates(problem: Problem):
    """Users who may be named 责任人: a role on the problem's unit (above or below it), or in its lead or co-units."""
    unit_codes = [*codes.ancestor_codes(problem.unit_id), problem.unit_id]
    departments = [problem.department_id, *(d.pk for d in problem.co_departments.all())]
    return (
        get_user_model().objects.filter(is_active=True).filter(
            Q(unitgrant__content_object_id__in=unit_codes)
            | Q(unitgrant__content_object__code__subtree=problem.unit_id)
            | Q(departmentgrant__content_object_id__in=[d for d in departments if d])
        ).distinct().order_by("username")
    )


def export_unit_for(user, campaign, unit_code: str = "") -> str:
    """The unit a ledger export covers: the unit filter, else the campaign's scope, else the user's first unit."""
    if unit_code:
        return unit_code
    if campaign and can(user, campaign.scope_unit_id):
        return campaign.scope_unit_id
    codes = scope_codes(user)
    return codes[0] if codes else ""
