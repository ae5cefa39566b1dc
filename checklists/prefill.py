"""Answers a form starts with, taken from the household registry."""

from households.models import Household

from .engine import NO, YES

REGISTERED_KINDS = {Household.Kind.POVERTY_EXITED, Household.Kind.MONITORED}


def prefilled_answers(submission) -> dict:
    household = submission.household
    if household is None:
        return {}
    sources = {
        "members": household.members,
        "members_able_to_work": household.members_able_to_work,
        "registered": YES if household.kind in REGISTERED_KINDS else NO,
    }
    return {
        q.key: sources[q.prefill]
        for q in submission.template.questions.exclude(prefill="")
        if q.prefill in sources
    }
