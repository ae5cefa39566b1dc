"""Checks a lower app runs at one of its steps without knowing which higher app asks for them.

checklists (below campaigns) must refuse a submit when the campaign requires a training the
checker lacks, and warn when a form is filled outside its campaign's window; the campaign's
rules live in campaigns. campaigns registers its checks here in `AppConfig.ready`, checklists
asks here. Like `core.events`, no Django app is imported here.

- a *submit gate* answers the Chinese reason a submit is refused, or "" to let it through;
- a *submission notice* answers warnings to show on the form (never a refusal).
"""

from collections.abc import Callable

SubmitGate = Callable[[object, object], str]
SubmissionNotice = Callable[[object, object], list[str]]

_submit_gates: list[SubmitGate] = []
_submission_notices: list[SubmissionNotice] = []


def add_submit_gate(gate: SubmitGate) -> None:
    if gate not in _submit_gates:
        _submit_gates.append(gate)


def add_submission_notice(notice: SubmissionNotice) -> None:
    if notice not in _submission_notices:
        _submission_notices.append(notice)


def submit_refusal(submission, by) -> str:
    """The first gate's reason to refuse `by` submitting `submission`; "" when every gate lets it through."""
    for gate in _submit_gates:
        reason = gate(submission, by)
        if reason:
            return reason
    return ""


def submission_notices(submission, today) -> list[str]:
    """Every warning about filling `submission` on `today` (outside its window, say)."""
    return [message for notice in _submission_notices for message in notice(submission, today)]


# Closed campaigns (归档): every write to a campaign's forms, problems and spot checks asks here first.
# archives answers with the reason a closed campaign refuses writes; nothing answers for an open one.

class CampaignFrozen(Exception):
    """A write to a closed, archived campaign; the message says so in Chinese."""


FreezeCheck = Callable[[int], str]
_freeze_checks: list[FreezeCheck] = []


def add_freeze_check(check: FreezeCheck) -> None:
    if check not in _freeze_checks:
        _freeze_checks.append(check)


def frozen_reason(campaign_id: int) -> str:
    """Why the campaign refuses writes ("" while it is open): for a page that leaves out what it cannot do."""
    for check in _freeze_checks:
        reason = check(campaign_id)
        if reason:
            return reason
    return ""


def require_open(campaign_id: int) -> None:
    """Raise CampaignFrozen when the campaign is closed: called at the entrance of every write service."""
    reason = frozen_reason(campaign_id)
    if reason:
        raise CampaignFrozen(reason)
