"""申请延期: the lead unit asks for a later deadline; the county office (or above) grants or refuses it.

Deadlines are the county's to set, so this is the only way a department's deadline moves.
"""

from django.db import transaction
from django.utils import timezone

from . import access
from .models import ExtensionRequest, Problem, ProblemEvent
from .services import ProblemError, locked, record_event, require_lead, require_status

S = Problem.Status
A = ProblemEvent.Action


@transaction.atomic
def request_extension(problem: Problem, *, by, proposed_deadline, reason: str) -> ExtensionRequest:
    """申请延期: the lead unit asks the county office for a later deadline, saying why."""
    problem = locked(problem)
    require_lead(by, problem)
    require_status(problem, S.OPEN, S.RECTIFYING)
    if problem.mode != Problem.Mode.DEADLINE or problem.deadline is None:
        raise ProblemError("只有已设定时限的限期整改问题可以申请延期")
    if proposed_deadline is None or proposed_deadline <= problem.deadline:
        raise ProblemError(f"申请的时限须晚于现时限 {problem.deadline:%Y-%m-%d}")
    if not reason.strip():
        raise ProblemError("申请延期必须说明理由")
    if problem.extension_requests.filter(status=ExtensionRequest.Status.PENDING).exists():
        raise ProblemError("该问题已有待审批的延期申请")
    request = ExtensionRequest.objects.create(problem=problem, current_deadline=problem.deadline,
                                              proposed_deadline=proposed_deadline, reason=reason.strip(),
                                              requested_by=by)
    record_event(problem, by=by, action=A.ASK_EXTENSION, before=problem.status,
            note=f"申请延至 {proposed_deadline:%Y-%m-%d}：{request.reason}")
    return request


@transaction.atomic
def decide_extension(request: ExtensionRequest, *, by, grant: bool, note: str = "") -> ExtensionRequest:
    """The county office (or above) grants (the deadline moves) or refuses (with a reason) an extension."""
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    problem = locked(request.problem)
    if not access.manages(by, problem):
        raise ProblemError("只有县级及以上办公室可以审批延期申请")
    if request.status != ExtensionRequest.Status.PENDING:
        raise ProblemError(f"该申请{request.get_status_display()}，不能再审批")
    if not grant and not note.strip():
        raise ProblemError("驳回延期申请必须说明理由")
    request.status = ExtensionRequest.Status.GRANTED if grant else ExtensionRequest.Status.REFUSED
    request.decided_by, request.decided_at, request.decision_note = by, timezone.now(), note.strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    if grant:
        problem.deadline = request.proposed_deadline
        problem.save(update_fields=["deadline"])
        text = f"同意延至 {request.proposed_deadline:%Y-%m-%d}（原时限 {request.current_deadline:%Y-%m-%d}）"
        record_event(problem, by=by, action=A.GRANT_EXTENSION, before=problem.status,
                note=f"{text}：{request.decision_note}" if request.decision_note else text)
    else:
        record_event(problem, by=by, action=A.REFUSE_EXTENSION, before=problem.status,
                note=f"驳回延期申请：{request.decision_note}")
    return request
