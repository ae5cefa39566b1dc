"""What a user's part is on one problem: lead, co-responsible unit, manager, verifier.

Reads go through selectors.py; these answer "may this user do that to this problem" for the
services (which enforce them) and the detail page (which only shows the allowed buttons).
"""

from accounts.roles import Capability
from accounts.scoping import can
from units.models import CODE_LENGTH

from . import selectors
from .models import Problem

# Kept for the callers outside this app (exports, dashboards) that import the read gate from here.
problems_for = selectors.problems_for
get_problem_for = selectors.get_problem_for
get_evidence_for = selectors.get_evidence_for


def leads(user, problem: Problem) -> bool:
    """The lead unit: the department the problem is routed to, or the township office when it stays there."""
    if problem.department_id:
        return problem.department_id in selectors.department_ids(user, Capability.RECTIFY)
    return bool(problem.township_code) and problem.township_code in selectors.led_townships(user)


def co_responsible(user, problem: Problem) -> bool:
    """A co-responsible unit (配合单位); reads the prefetched co_departments."""
    mine = set(selectors.department_ids(user, Capability.RECTIFY))
    return bool(mine) and any(d.pk in mine for d in problem.co_departments.all())


def participates(user, problem: Problem) -> bool:
    """May add notes and evidence: the lead, a co-responsible unit, or the office that manages the problem."""
    return leads(user, problem) or co_responsible(user, problem) or manages(user, problem)


# Kept under its old name: "responsible" always meant the unit that fixes the problem.
is_responsible = leads


def manages(user, problem: Problem) -> bool:
    """County office (or above) over the problem: routes it, sets deadlines and modes, decides extensions."""
    return can(user, problem.unit_id, Capability.MANAGE)


def plans(user, problem: Problem) -> bool:
    """May set the problem's measures (整改措施): the lead unit or the managing office."""
    return manages(user, problem) or leads(user, problem)


def completes(user, measure) -> bool:
    """May record a measure done: the lead unit, or the measure's named person while they still act for the
    lead or a co-responsible unit."""
    if leads(user, measure.problem):
        return True
    return (measure.responsible_user_id == user.pk and user.is_active
            and selectors.responsible_candidates(measure.problem, with_co=True).filter(pk=user.pk).exists())


def parent_code(code: str) -> str:
    lengths = [n for n in CODE_LENGTH.values() if n < len(code)]
    return code[:max(lengths)] if lengths else ""


def verifies(user, problem: Problem) -> bool:
    """销号 is for the level above: a MANAGE role on a unit strictly above the problem's unit."""
    if user.is_active and user.is_superuser:
        return True
    parent = parent_code(problem.unit_id)
    return bool(parent) and can(user, parent, Capability.MANAGE)


def may_record(user, unit_code: str, source: str) -> bool:
    """County and city offices record any finding; those who fill forms only their own (乡县自查发现)."""
    if can(user, unit_code, Capability.MANAGE):
        return True
    return source == Problem.Source.FINDING and can(user, unit_code, Capability.FILL)
