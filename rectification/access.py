"""Who may see and act on problems: the only place that decides it."""

from django.http import Http404

from accounts.roles import Capability
from accounts.scoping import grants_of, scope, scope_codes

from .models import Evidence, Problem


def problems_for(user, capability: str = Capability.VIEW):
    return scope(user, Problem.objects.all(), capability)


def get_problem_for(user, pk, capability: str = Capability.VIEW) -> Problem:
    problem = (
        problems_for(user, capability)
        .select_related("campaign", "unit", "household", "department", "found_by", "rectified_by", "closed_by")
        .filter(pk=pk)
        .first()
    )
    if problem is None:
        raise Http404("不存在或不在您的管辖范围内")
    return problem


def get_evidence_for(user, pk) -> Evidence:
    evidence = scope(user, Evidence.objects.select_related("problem"), Capability.VIEW).filter(pk=pk).first()
    if evidence is None:
        raise Http404("不存在或不在您的管辖范围内")
    return evidence


def is_responsible(user, problem: Problem) -> bool:
    """The department the problem is routed to, or the township office when it stays with the township."""
    if problem.department_id:
        return any(g.department_id == problem.department_id for g in grants_of(user))
    township = problem.township_code
    return bool(township) and any(
        township.startswith(code) and len(code) == 9 for code in scope_codes(user, Capability.RECTIFY)
    )


def manages(user, problem: Problem) -> bool:
    """County office (or above) over the problem: routes, sets deadlines, enters findings."""
    return user.is_superuser or any(problem.unit_id.startswith(c) for c in scope_codes(user, Capability.MANAGE))


def verifies(user, problem: Problem) -> bool:
    """销号 is for the level above: a MANAGE role on a unit strictly above the problem's unit."""
    if user.is_superuser:
        return True
    return any(
        problem.unit_id.startswith(code) and len(code) < len(problem.unit_id)
        for code in scope_codes(user, Capability.MANAGE)
    )


def may_record(user, unit_code: str, source: str) -> bool:
    """County and city offices record any finding; those who fill forms only their own (乡县自查发现)."""
    if user.is_superuser or any(unit_code.startswith(c) for c in scope_codes(user, Capability.MANAGE)):
        return True
    return source == Problem.Source.FINDING and any(
        unit_code.startswith(c) for c in scope_codes(user, Capability.FILL)
    )
