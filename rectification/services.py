"""Writes on the problem ledger. Every change goes through one of these and leaves a ProblemEvent."""

from django.db import transaction
from django.utils import timezone

from campaigns.models import Campaign
from checklists import engine
from core.crypto import encrypt_text
from dashboards.tasks import schedule_refresh
from units.models import Department

from . import access
from .evidence import MAX_FILES, EvidenceError, check_upload
from .models import Evidence, Problem, ProblemEvent

S = Problem.Status
A = ProblemEvent.Action


class ProblemError(Exception):
    """An action the problem's state or the user's part does not allow; the message is Chinese."""


def allocate_numbers(campaign_id: int, count: int) -> range:
    """Reserve `count` consecutive problem numbers in the campaign (row-locked, so never twice)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
    first = campaign.problem_seq + 1
    campaign.problem_seq += count
    campaign.save(update_fields=["problem_seq"])
    return range(first, first + count)


def department_for(unit_code: str, name: str) -> Department | None:
    """The county department of that name, where a problem of this unit is routed by default."""
    if not name or len(unit_code) < 6:
        return None
    department, _ = Department.objects.get_or_create(county_id=unit_code[:6], name=name)
    return department


def _record(problem: Problem, *, by, action: str, before: str = "", note: str = "") -> None:
    ProblemEvent.objects.create(problem=problem, action=action, from_status=before, to_status=problem.status,
                                by=by, note=note)
    schedule_refresh(problem.campaign_id, problem.unit_id)


def _locked(problem: Problem) -> Problem:
    return Problem.objects.select_for_update().select_related("campaign").get(pk=problem.pk)


@transaction.atomic
def sync_problems_from_submission(submission, *, by) -> list[Problem]:
    """One problem per question answered 是; re-submitting updates them, never duplicates.

    A problem whose question is no longer answered 是 is withdrawn while nobody has worked on it.
    """
    questions = engine.structure(submission.template)[1]
    flagged = engine.flagged(questions, submission.answers)
    existing = {p.question_key: p for p in submission.problems.select_for_update()}
    now = timezone.now()
    new = [(q, d) for q, d in flagged if q.key not in existing]
    numbers = iter(allocate_numbers(submission.campaign_id, len(new))) if new else iter(())
    created = Problem.objects.bulk_create([
        Problem(
            campaign_id=submission.campaign_id, number=next(numbers), unit_id=submission.unit_id,
            household_id=submission.household_id, submission=submission, question_key=q.key, question_text=q.text,
            category=q.category, description=description, source=Problem.Source.SELF_CHECK,
            department=department_for(submission.unit_id, q.department), found_by=by, found_at=now,
        )
        for q, description in new
    ])
    ProblemEvent.objects.bulk_create([
        ProblemEvent(problem=p, action=A.CREATE, to_status=p.status, by=by, note="排查表提交") for p in created
    ])
    still_flagged = {q.key: d for q, d in flagged}
    for key, problem in existing.items():
        before = problem.status
        if key in still_flagged:
            problem.description = still_flagged[key]
            if problem.status == S.WITHDRAWN:
                problem.status = S.OPEN
            problem.save(update_fields=["description", "status"])
            _record(problem, by=by, action=A.UPDATE, before=before, note="排查表重新提交")
        elif problem.status == S.OPEN:
            problem.status = S.WITHDRAWN
            problem.save(update_fields=["status"])
            _record(problem, by=by, action=A.WITHDRAW, before=before, note="重新提交时该项改为“否”")
    return created


@transaction.atomic
def record_problem(*, by, campaign: Campaign, unit, source: str, category: str, description: str,
                   household=None, department=None, reporter_contact: str = "") -> Problem:
    """A problem entered by hand: 暗访, 群众举报, 县级复核, 市级抽查, 乡县自查发现."""
    if not unit.code.startswith(campaign.scope_unit_id):
        raise ProblemError("该单位不在专项行动的实施范围内")
    if source == Problem.Source.SELF_CHECK or source == Problem.Source.CARRY_OVER:
        raise ProblemError("排查表和结转的问题由系统生成，不能手工登记")
    if household is not None and household.village_id != unit.code:
        raise ProblemError("农户不属于所选的村")
    [number] = allocate_numbers(campaign.pk, 1)
    problem = Problem.objects.create(
        campaign=campaign, number=number, unit=unit, household=household, category=category.strip(),
        description=description.strip(), source=source, department=department, found_by=by, found_at=timezone.now(),
        reporter_contact_cipher=encrypt_text(reporter_contact.strip()) if reporter_contact.strip() else "",
    )
    _record(problem, by=by, action=A.CREATE, note=problem.get_source_display())
    return problem


@transaction.atomic
def assign(problem: Problem, *, by, responsible_person=None, mode=None, deadline=None, measure=None,
           department=..., note: str = "") -> Problem:
    """交办: who fixes it, how, by when. Only the county office (or above) may re-route to a department."""
    problem = _locked(problem)
    if problem.status in (S.CLOSED, S.WITHDRAWN):
        raise ProblemError(f"问题{problem.get_status_display()}，不能再交办")
    manager = access.manages(by, problem)
    if department is not ... and department != problem.department:
        if not manager:
            raise ProblemError("只有县级办公室可以改派责任单位")
        if department is not None and not problem.unit_id.startswith(department.county_id):
            raise ProblemError("责任单位必须属于问题所在的县")
        problem.department = department
    if not (manager or access.is_responsible(by, problem)):
        raise ProblemError("您不是该问题的责任单位")
    changes = {"responsible_person": responsible_person, "mode": mode, "deadline": deadline, "measure": measure}
    for field, value in changes.items():
        if value is not None:
            setattr(problem, field, value.strip() if isinstance(value, str) else value)
    if problem.mode == Problem.Mode.DEADLINE and problem.deadline is None and problem.status != S.OPEN:
        raise ProblemError("限期整改的问题必须设定整改时限")
    problem.save()
    _record(problem, by=by, action=A.ASSIGN, before=problem.status, note=note or _assignment_note(problem))
    return problem


def _assignment_note(problem: Problem) -> str:
    parts = [f"责任单位：{problem.responsible_label}", problem.get_mode_display()]
    if problem.deadline:
        parts.append(f"时限：{problem.deadline:%Y-%m-%d}")
    if problem.responsible_person:
        parts.append(f"责任人：{problem.responsible_person}")
    return "；".join(parts)


@transaction.atomic
def start(problem: Problem, *, by) -> Problem:
    problem = _locked(problem)
    _require_responsible(by, problem)
    _require_status(problem, S.OPEN)
    if problem.mode == Problem.Mode.DEADLINE and problem.deadline is None:
        raise ProblemError("限期整改的问题须先设定整改时限")
    problem.status = S.RECTIFYING
    problem.save(update_fields=["status"])
    _record(problem, by=by, action=A.START, before=S.OPEN)
    return problem


@transaction.atomic
def mark_rectified(problem: Problem, *, by, evidence_text: str, files=()) -> Problem:
    """整改完成, with a written account and photos or documents; the files are checked first."""
    problem = _locked(problem)
    _require_responsible(by, problem)
    _require_status(problem, S.OPEN, S.RECTIFYING)
    if problem.status == S.OPEN and problem.mode != Problem.Mode.IMMEDIATE:
        raise ProblemError("限期整改的问题请先“开始整改”")
    if not evidence_text.strip():
        raise ProblemError("请填写整改情况说明")
    files = list(files)
    if len(files) + problem.evidence.count() > MAX_FILES:
        raise ProblemError(f"每个问题最多上传 {MAX_FILES} 个佐证文件")
    checked = []
    for upload in files:
        try:
            checked.append((upload, *check_upload(upload)))
        except EvidenceError as exc:
            raise ProblemError(str(exc))
    for upload, content_type, stored_name in checked:
        evidence = Evidence(problem=problem, original_name=upload.name[:200], content_type=content_type,
                            size=upload.size, uploaded_by=by)
        evidence.file.save(stored_name, upload, save=False)
        evidence.save()
    before = problem.status
    problem.status, problem.rectified_by, problem.rectified_at = S.RECTIFIED, by, timezone.now()
    problem.evidence_text = evidence_text.strip()
    problem.save(update_fields=["status", "rectified_by", "rectified_at", "evidence_text"])
    _record(problem, by=by, action=A.RECTIFY, before=before, note=problem.evidence_text)
    return problem


@transaction.atomic
def close(problem: Problem, *, by, note: str = "") -> Problem:
    """销号: only a rectified problem, verified by someone else at the level above."""
    problem = _locked(problem)
    _require_verifier(by, problem)
    _require_status(problem, S.RECTIFIED)
    problem.status, problem.closed_by, problem.closed_at = S.CLOSED, by, timezone.now()
    problem.save(update_fields=["status", "closed_by", "closed_at"])
    _record(problem, by=by, action=A.CLOSE, before=S.RECTIFIED, note=note)
    return problem


@transaction.atomic
def send_back(problem: Problem, *, by, reason: str) -> Problem:
    problem = _locked(problem)
    _require_verifier(by, problem)
    return _move_with_reason(problem, by=by, before=S.RECTIFIED, after=S.RECTIFYING, action=A.SEND_BACK,
                             reason=reason, missing="退回时必须说明原因")


@transaction.atomic
def reopen(problem: Problem, *, by, reason: str) -> Problem:
    """A closed problem found again (e.g. by a spot check) goes back to rectification, history kept."""
    problem = _locked(problem)
    if not access.manages(by, problem):
        raise ProblemError("只有县级及以上办公室可以重新打开已销号的问题")
    return _move_with_reason(problem, by=by, before=S.CLOSED, after=S.RECTIFYING, action=A.REOPEN,
                             reason=reason, missing="重新打开时必须说明原因", cleared=("closed_by", "closed_at"))


@transaction.atomic
def withdraw(problem: Problem, *, by, reason: str) -> Problem:
    problem = _locked(problem)
    if not access.manages(by, problem):
        raise ProblemError("只有县级及以上办公室可以撤销问题")
    return _move_with_reason(problem, by=by, before=S.OPEN, after=S.WITHDRAWN, action=A.WITHDRAW,
                             reason=reason, missing="撤销时必须说明原因")


def _move_with_reason(problem: Problem, *, by, before: str, after: str, action: str, reason: str, missing: str,
                      cleared: tuple = ()) -> Problem:
    """A transition that must say why: checked, saved and recorded with its reason."""
    _require_status(problem, before)
    if not reason.strip():
        raise ProblemError(missing)
    problem.status = after
    for field in cleared:
        setattr(problem, field, None)
    problem.save(update_fields=["status", *cleared])
    _record(problem, by=by, action=action, before=before, note=reason.strip())
    return problem


@transaction.atomic
def carry_over(*, source: Campaign, target: Campaign, by) -> list[Problem]:
    """Problems still unresolved at the end of `source` go into `target`'s 回头帮 plan, linked back.

    Only problems within the user's scope and the target's scope; carrying twice adds nothing.
    """
    if source.pk == target.pk:
        raise ProblemError("不能结转到同一个专项行动")
    pending = [
        p for p in access.problems_for(by).filter(campaign=source, unit__code__subtree=target.scope_unit_id)
        .unresolved().exclude(carried_into__campaign=target).select_related("department").order_by("number")
        if access.manages(by, p)
    ]
    numbers = iter(allocate_numbers(target.pk, len(pending))) if pending else iter(())
    carried = []
    for old in pending:
        new = Problem.objects.create(
            campaign=target, number=next(numbers), unit_id=old.unit_id, household_id=old.household_id,
            question_key=old.question_key, question_text=old.question_text, category=old.category,
            description=old.description, source=Problem.Source.CARRY_OVER, found_by=by, found_at=timezone.now(),
            department=old.department, responsible_person=old.responsible_person, measure=old.measure,
            carried_from=old, reporter_contact_cipher=old.reporter_contact_cipher,
        )
        _record(new, by=by, action=A.CARRY_OVER, note=f"由 {source.name} {old.display_number} 结转")
        _record(old, by=by, action=A.CARRY_OVER, before=old.status, note=f"结转至 {target.name}")
        carried.append(new)
    return carried


def _require_status(problem: Problem, *allowed: str) -> None:
    if problem.status not in allowed:
        names = "、".join(S(s).label for s in allowed)
        raise ProblemError(f"该问题{problem.get_status_display()}，只有{names}的问题可以这样操作")


def _require_responsible(user, problem: Problem) -> None:
    if not access.is_responsible(user, problem):
        raise ProblemError("您不是该问题的责任单位")


def _require_verifier(user, problem: Problem) -> None:
    if not access.verifies(user, problem):
        raise ProblemError("销号须由上一级（县级及以上办公室）核验")
    if problem.rectified_by_id == user.pk:
        raise ProblemError("整改人不能为自己销号")
