"""Answers a form starts with, taken from the household registry."""

from households.models import Household

from .engine import NO, YES, structure

# Only a 监测户 is "已纳入" today; a 脱贫户 has exited (see checklists/data/city_identification.yaml).
REGISTERED_KINDS = {Household.Kind.MONITORED}
SOURCES = ("members", "members_able_to_work", "registered")  # what a question's `prefill` may name


def prefilled_answers(template, household) -> dict:
    """What a form of `template` about `household` starts with (a self-check or a spot check's inspection)."""
    if household is None:
        return {}
    sources = {
        "members": household.members,
        "members_able_to_work": household.members_able_to_work,
        "registered": YES if household.kind in REGISTERED_KINDS else NO,
    }
    return {
        q.key: sources[q.prefill]
        for q in structure(template)[1]
        if q.prefill and q.prefill in sources
    }
