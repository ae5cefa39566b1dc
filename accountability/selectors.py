"""The read gate of the 问责 cases: a case is seen by the offices that hold to account over its handling
unit and by the discipline office (纪委监委) of that scope, by nobody else. Hidden and missing are one 404."""

from django.db.models import Q
from django.http import Http404

from accounts.roles import Capability
from accounts.scoping import holds, scope
from campaigns.selectors import campaigns_for
from rectification.models import Problem
from rectification.selectors import problems_for
from units.models import Department

from .models import AccountabilityCase, Clue

HIDDEN = "不存在或不在您的管辖范围内"


def cases_for(user):
    return scope(user, AccountabilityCase.objects.all(), Capability.SEE_CASES)


def get_case_for(user, pk) -> AccountabilityCase:
    case = (cases_for(user).select_related("campaign", "unit", "department__county", "handling_unit", "spot_check",
                                           "opened_by", "confirmed_by")
            .filter(pk=pk).first()) if str(pk).isdigit() else None
    if case is None:
        raise Http404(HIDDEN)
    return case


def get_clue_for(user, pk) -> Clue:
    clue = Clue.objects.filter(pk=pk, case__in=cases_for(user)).first() if str(pk).isdigit() else None
    if clue is None:
        raise Http404(HIDDEN)
    return clue


def may_open_cases(user) -> bool:
    return holds(user, Capability.HOLD_ACCOUNTABLE)


def may_see_cases(user) -> bool:
    return holds(user, Capability.SEE_CASES)


def steps_of(case: AccountabilityCase):
    return case.steps.select_related("by").prefetch_related("clues")


def problems_of(user, case: AccountabilityCase):
    """The case's problems the reader may open (the discipline office sees the ledger of its scope)."""
    return problems_for(user).filter(pk__in=case.problems.values("pk")).select_related("unit", "department", "campaign")


def cases_of_spot_check(user, spot_check) -> dict[str, AccountabilityCase]:
    """{subject unit code: case} of the error-rate cases a spot check opened, those the user may see."""
    return {case.unit_id: case for case in cases_for(user).filter(
        reason=AccountabilityCase.Reason.ERROR_RATE, spot_check=spot_check, department__isnull=True)}


def campaign_choices(user):
    return campaigns_for(user).order_by("-year", "name")


def department_choices(user):
    return scope(user, Department.objects.select_related("county"), Capability.HOLD_ACCOUNTABLE)


def problems_by_number(user, numbers: list[tuple[int, int]]) -> list[Problem]:
    """The problems with these (campaign id, number) that the user holds to account over (a case's evidence)."""
    if not numbers:
        return []
    condition = Q()
    for campaign_id, number in numbers:
        condition |= Q(campaign_id=campaign_id, number=number)
    return list(scope(user, Problem.objects.filter(condition), Capability.HOLD_ACCOUNTABLE))
