"""Writes on the problem ledger. Every change goes through one of these and leaves a ProblemEvent."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.roles import Capability
from accounts.unit_access import departments_for
from campaigns.access import campaigns_for
from campaigns.models import Campaign
from checklists import engine
from checklists.models import Submission
from core import events, guards
from core.crypto import encrypt_text
from units import codes, departments
from units.models import Department

from . import access, selectors
from .evidence import MAX_FILES, check_all
from .models import Evidence, Measure, Problem, ProblemCoDepartment, ProblemEvent

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
    """The county department of that name (or short name, 卫健 → 卫健委) in the county's list, where a
    problem of this unit is routed by default; a name the list lacks is added to it."""
    if not name or not codes.is_at_or_below(unit_code, codes.COUNTY):
        return None
    return departments.named(codes.county_code(unit_code), name)


def co_departments_for(unit_code: str, names, lead: Department | None) -> list[Department]:
    """The county's co-responsible units named by a form question, without the lead and without
    "各乡镇（街道）": the problem's township sees every problem of its villages anyway."""
    found = []
    for name in names or []:
        name = str(name).strip()
        if not name or "乡镇" in name:
            continue
        department = department_for(unit_code, name)
        if department is not None and department != lead and department not in found:
            found.append(department)
    return found


@dataclass
class NewMeasure:
    """A measure a problem is born with (a carried-over problem brings the measures still to do)."""

    content: str
    responsible_person: str = ""
    responsible_user_id: int | None = None
    deadline: object = None


@dataclass
class NewProblem:
    """What is known of a problem at its birth; `open_problems` gives it a number, its units and its first event."""

    campaign_id: int
    unit_id: str
    source: str
    category: str
    description: str
    household_id: int | None = None
    department: Department | None = None
    co_departments: list = field(default_factory=list)
    submission_id: int | None = None
    inspection_id: int | None = None
    question_key: str = ""
    question_text: str = ""
    responsible_person: str = ""
    responsible_user_id: int | None = None
    measures: list[NewMeasure] = field(default_factory=list)
    carried_from_id: int | None = None
    reporter_contact_cipher: str = ""
    note: str = ""


def open_problems(drafts: list[NewProblem], *, by) -> list[Problem]:
    """The one way a problem is born (form answer, spot check, 暗访, 举报, manual entry, carry-over).

    Callers are services that have already checked the actor; numbers are allocated per campaign,
    co-responsible units attached, and each problem's first event recorded.
    """
    if not drafts:
        return []
    now = timezone.now()
    numbers = {}
    for campaign_id in dict.fromkeys(d.campaign_id for d in drafts):
        guards.require_open(campaign_id)
        numbers[campaign_id] = iter(allocate_numbers(campaign_id, sum(d.campaign_id == campaign_id for d in drafts)))
    created = Problem.objects.bulk_create([
        Problem(
            campaign_id=d.campaign_id, number=next(numbers[d.campaign_id]), unit_id=d.unit_id,
            household_id=d.household_id, submission_id=d.submission_id, inspection_id=d.inspection_id,
            question_key=d.question_key, question_text=d.question_text, category=d.category.strip(),
            description=d.description.strip(), source=d.source, department=d.department,
            responsible_person=d.responsible_person, responsible_user_id=d.responsible_user_id,
            carried_from_id=d.carried_from_id, reporter_contact_cipher=d.reporter_contact_cipher,
            found_by=by, found_at=now,
        )
        for d in drafts
    ])
    ProblemCoDepartment.objects.bulk_create([
        ProblemCoDepartment(problem=p, department=c)
        for p, d in zip(created, drafts)
        for c in dict.fromkeys(d.co_departments) if c != d.department
    ])
    Measure.objects.bulk_create([
        Measure(problem=p, position=position, content=m.content, responsible_person=m.responsible_person,
                responsible_user_id=m.responsible_user_id, deadline=m.deadline, created_by=by)
        for p, d in zip(created, drafts)
        for position, m in enumerate(d.measures, start=1)
    ])
    ProblemEvent.objects.bulk_create([
        ProblemEvent(problem=p, action=A.CARRY_OVER if d.carried_from_id else A.CREATE, to_status=p.status, by=by,
                     note=d.note or p.get_source_display())
        for p, d in zip(created, drafts)
    ])
    opened_in = {}
    for p in created:
        opened_in.setdefault((p.campaign_id, p.unit_id), []).append(p.pk)
    for (campaign_id, unit_id), problem_ids in opened_in.items():
        events.publish(events.ProblemOpened(tuple(problem_ids), campaign_id=campaign_id, unit_id=unit_id))
    return created


def open_problem(draft: NewProblem, *, by) -> Problem:
    [problem] = open_problems([draft], by=by)
    return problem


def record_event(problem: Problem, *, by, action: str, before: str = "", note: str = "") -> None:
    # Every change of a problem is recorded here: a closed campaign's ledger refuses it, once. Carrying
    # its unfinished problems into next year's campaign only marks them, and stays allowed.
    if action != A.CARRY_OVER:
        guards.require_open(problem.campaign_id)
    ProblemEvent.objects.create(problem=problem, action=action, from_status=before, to_status=problem.status,
                                by=by, note=note)
    if action == A.CLOSE:
        events.publish(events.ProblemClosed(problem.pk, campaign_id=problem.campaign_id, unit_id=problem.unit_id))
    else:
        events.publish(events.ProblemChanged(problem.pk, campaign_id=problem.campaign_id, unit_id=problem.unit_id,
                                             action=action))


def locked(problem: Problem) -> Problem:
    return Problem.objects.select_for_update().select_related("campaign").get(pk=problem.pk)


def on_submission_submitted(event: events.SubmissionSubmitted) -> None:
    """Subscribed inside the submit's transaction: the ledger stands or falls with the form."""
    submission = Submission.objects.select_related("template", "department").get(pk=event.submission_id)
    sync_problems_from_submission(submission, by=get_user_model().objects.get(pk=event.by_id))


def _routing(submission, question) -> dict:
    """Lead and co-responsible units of a problem a form raised: the question's own units, but on a
    department's form that department leads (it reported the gap in its remit) and the question's
    units work with it."""
    if submission.department_id:
        lead = submission.department
        names = [question.department, *question.co_departments]
    else:
        lead, names = department_for(submission.unit_id, question.department), question.co_departments
    return {"department": lead, "co_departments": co_departments_for(submission.unit_id, names, lead)}


@transaction.atomic
def sync_problems_from_submission(submission, *, by) -> list[Problem]:
    """One problem per question answered 是; re-submitting updates them, never duplicates.

    A problem whose question is no longer answered 是 is withdrawn while nobody has worked on it.
    """
    questions = engine.structure(submission.template)[1]
    flagged = engine.flagged(questions, submission.answers)
    existing = {p.question_key: p for p in submission.problems.select_for_update()}
    created = open_problems([
        NewProblem(
            campaign_id=submission.campaign_id, unit_id=submission.unit_id, household_id=submission.household_id,
            submission_id=submission.pk, question_key=q.key, question_text=q.text, category=q.category,
            description=description, source=Problem.Source.SELF_CHECK, note="排查表提交",
            **_routing(submission, q),
        )
        for q, description in flagged if q.key not in existing
    ], by=by)
    still_flagged = {q.key: d for q, d in flagged}
    for key, problem in existing.items():
        before = problem.status
        if key in still_flagged:
            problem.description = still_flagged[key]
            if problem.status == S.WITHDRAWN:
                problem.status = S.OPEN
            problem.save(update_fields=["description", "status"])
            record_event(problem, by=by, action=A.UPDATE, before=before, note="排查表重新提交")
        elif problem.status == S.OPEN:
            problem.status = S.WITHDRAWN
            problem.save(update_fields=["status"])
            record_event(problem, by=by, action=A.WITHDRAW, before=before, note="重新提交时该项改为“否”")
    return created


@transaction.atomic
def record_problem(*, by, campaign: Campaign, unit, source: str, category: str, description: str,
                   household=None, department=None, co_departments=(), reporter_contact: str = "") -> Problem:
    """A problem entered by hand: 暗访, 群众举报, 县级复核, 市级抽查, 乡县自查发现.

    The actor is checked against the unit, the campaign, the household and every responsible unit named.
    """
    if not access.may_record(by, unit.code, source):
        raise ProblemError("您无权在该单位登记这一来源的问题")
    if not campaigns_for(by).filter(pk=campaign.pk).exists():
        raise ProblemError("专项行动不存在或不在您的管辖范围内")
    if not unit.is_within(campaign.scope_unit_id):
        raise ProblemError("该单位不在专项行动的实施范围内")
    if source == Problem.Source.SELF_CHECK or source == Problem.Source.CARRY_OVER:
        raise ProblemError("排查表和结转的问题由系统生成，不能手工登记")
    if household is not None and household.village_id != unit.code:
        raise ProblemError("农户不属于所选的村")
    co_departments = [d for d in dict.fromkeys(co_departments) if d != department]
    for candidate in [department, *co_departments]:
        if candidate is not None:
            _check_department(by, unit.code, candidate)
    problem = open_problem(NewProblem(
        campaign_id=campaign.pk, unit_id=unit.code, household_id=household.pk if household else None,
        category=category, description=description, source=source, department=department,
        co_departments=co_departments,
        reporter_contact_cipher=encrypt_text(reporter_contact.strip()) if reporter_contact.strip() else "",
    ), by=by)
    return problem


def _check_department(by, unit_code: str, department: Department) -> None:
    """A problem goes only to a department of its own county, and one the actor can see."""
    if not codes.is_at_or_below(unit_code, codes.COUNTY) or department.county_id != codes.county_code(unit_code):
        raise ProblemError(f"责任单位“{department.name}”不属于问题所在的县")
    if not departments_for(by).filter(pk=department.pk).exists():
        raise ProblemError(f"责任单位“{department.name}”不在您的管辖范围内")


@transaction.atomic
def assign(problem: Problem, *, by, responsible_person=None, mode=None, deadline=None,
           department=..., co_departments=None, responsible_user=..., note: str = "") -> Problem:
    """交办. The county office (or above) routes the problem (lead and co-units) and sets the mode and
    deadline; the county or the lead unit names the 责任人, one of the lead's staff (or a typed name).
    Measures are set apart (measures.py). A department that needs more time asks for it (request_extension)."""
    problem = locked(problem)
    if problem.status in (S.CLOSED, S.WITHDRAWN):
        raise ProblemError(f"问题{problem.get_status_display()}，不能再交办")
    manager = access.manages(by, problem)
    if not (manager or access.leads(by, problem)):
        raise ProblemError("您不是该问题的牵头责任单位")
    routing = {
        "department": department is not ... and department != problem.department,
        "co_departments": co_departments is not None and set(co_departments) != set(problem.co_departments.all()),
        "mode": mode is not None and mode != problem.mode,
        "deadline": deadline is not None and deadline != problem.deadline,
    }
    if any(routing.values()) and not manager:
        if routing["mode"] or routing["deadline"]:
            raise ProblemError("整改方式和整改时限由县级及以上办公室设定；如需延期，请提交延期申请")
        raise ProblemError("只有县级及以上办公室可以改派责任单位")
    if routing["department"]:
        if department is not None:
            _check_department(by, problem.unit_id, department)
        problem.department = department
    lead = problem.department
    if co_departments is not None:
        co_departments = [d for d in dict.fromkeys(co_departments) if d != lead]
        for co in co_departments:
            _check_department(by, problem.unit_id, co)
    elif routing["department"] and lead is not None:
        co_departments = [d for d in problem.co_departments.all() if d != lead]  # the new lead leaves the co-units
    if co_departments is not None:
        problem.co_departments.set(co_departments)
    if routing["department"] and responsible_user is ... and problem.responsible_user_id and not (
            selectors.responsible_candidates(problem).filter(pk=problem.responsible_user_id).exists()):
        problem.responsible_user, problem.responsible_person = None, ""  # the new lead names its own person
    if responsible_user is not ... and responsible_user != problem.responsible_user:
        check_person(problem, responsible_user)
        problem.responsible_user = responsible_user
        if responsible_user is not None and not (responsible_person or "").strip():
            responsible_person = responsible_user.get_full_name() or responsible_user.username
    changes = {"responsible_person": responsible_person, "mode": mode, "deadline": deadline}
    for field, value in changes.items():
        if value is not None:
            setattr(problem, field, value.strip() if isinstance(value, str) else value)
    if problem.mode == Problem.Mode.DEADLINE and problem.deadline is None and problem.status != S.OPEN:
        raise ProblemError("限期整改的问题必须设定整改时限")
    problem.save()
    record_event(problem, by=by, action=A.ASSIGN, before=problem.status, note=note or _assignment_note(problem))
    return problem


@transaction.atomic
def bulk_assign(problems, *, by, department=..., mode=None, deadline=None) -> int:
    """The ledger's bulk 改派 / 设定时限: every problem and the department are checked first, and one
    refusal refuses the whole batch (nothing changes)."""
    problems = list(problems)
    if not problems:
        raise ProblemError("请先勾选问题")
    refusals = []
    for problem in problems:
        if not access.manages(by, problem):
            refusals.append(f"{problem.display_number}：您不能交办该问题")
        elif department not in (..., None):
            try:
                _check_department(by, problem.unit_id, department)
            except ProblemError as exc:
                refusals.append(f"{problem.display_number}：{exc}")
    if refusals:
        raise ProblemError("整批未执行。" + "；".join(refusals))
    for problem in problems:
        assign(problem, by=by, department=department, mode=mode, deadline=deadline)
    return len(problems)


def check_person(problem: Problem, user, *, with_co: bool = False) -> None:
    """A named 责任人 account must act for the lead unit (for a measure, or a co-responsible unit)."""
    if user is None:
        return
    if not selectors.responsible_candidates(problem, with_co=with_co).filter(pk=user.pk).exists():
        units = "牵头责任单位或配合单位" if with_co else "牵头责任单位"
        raise ProblemError(f"责任人“{user.get_full_name() or user.username}”不是{units}（{problem.lead_label}）的工作人员；"
                           "没有账号的人员请直接填写姓名")


def _assignment_note(problem: Problem) -> str:
    parts = [f"责任单位：{problem.responsible_label}", problem.get_mode_display()]
    if problem.deadline:
        parts.append(f"时限：{problem.deadline:%Y-%m-%d}")
    if problem.responsible_person:
        parts.append(f"责任人：{problem.responsible_person}")
    return "；".join(parts)


@transaction.atomic
def start(problem: Problem, *, by) -> Problem:
    problem = locked(problem)
    require_lead(by, problem)
    require_status(problem, S.OPEN)
    if problem.mode == Problem.Mode.DEADLINE and problem.deadline is None:
        raise ProblemError("限期整改的问题须先设定整改时限")
    problem.status = S.RECTIFYING
    problem.save(update_fields=["status"])
    record_event(problem, by=by, action=A.START, before=S.OPEN)
    return problem


@transaction.atomic
def mark_rectified(problem: Problem, *, by, evidence_text: str, files=()) -> Problem:
    """整改完成, by the lead unit, with a written account and photos or documents; the files are checked first."""
    problem = locked(problem)
    require_lead(by, problem)
    require_status(problem, S.OPEN, S.RECTIFYING)
    if problem.status == S.OPEN and problem.mode != Problem.Mode.IMMEDIATE:
        raise ProblemError("限期整改的问题请先“开始整改”")
    if not evidence_text.strip():
        raise ProblemError("请填写整改情况说明")
    unfinished = problem.unfinished_measures()
    if unfinished:
        raise ProblemError("整改措施尚未全部完成：" + "、".join(f"措施{m.position}" for m in unfinished))
    store_files(problem, files, by=by)
    before = problem.status
    problem.status, problem.rectified_by, problem.rectified_at = S.RECTIFIED, by, timezone.now()
    problem.evidence_text = evidence_text.strip()
    problem.save(update_fields=["status", "rectified_by", "rectified_at", "evidence_text"])
    record_event(problem, by=by, action=A.RECTIFY, before=before, note=problem.evidence_text)
    return problem


@transaction.atomic
def add_note(problem: Problem, *, by, text: str, files=()) -> Problem:
    """配合说明: the lead, a co-responsible unit or the managing office adds what it did, with evidence.
    The status does not move: only the lead marks the problem rectified."""
    problem = locked(problem)
    if not access.participates(by, problem):
        raise ProblemError("只有牵头单位、配合单位和县级办公室可以提交配合说明")
    if problem.status in Problem.RESOLVED:
        raise ProblemError(f"问题{problem.get_status_display()}，不能再提交说明")
    if not text.strip():
        raise ProblemError("请填写说明")
    store_files(problem, files, by=by)
    record_event(problem, by=by, action=A.NOTE, before=problem.status, note=text.strip())
    return problem


def store_files(problem: Problem, files, *, by, measure: Measure | None = None) -> None:
    """Check every upload first, then store them all; one bad file stores none. The count is per problem."""
    files = list(files)
    if len(files) + problem.evidence.count() > MAX_FILES:
        raise ProblemError(f"每个问题最多上传 {MAX_FILES} 个佐证文件")
    def store(upload, content_type, stored_name):
        evidence = Evidence(problem=problem, measure=measure, original_name=upload.name[:200], content_type=content_type,
                            size=upload.size, uploaded_by=by)
        evidence.file.save(stored_name, upload, save=False)
        evidence.save()

    check_all(files, store, error=ProblemError)


@transaction.atomic
def close(problem: Problem, *, by, note: str = "") -> Problem:
    """销号: only a rectified problem whose every measure is done, with its evidence, verified by someone else
    at the level above, who writes the verification opinion (核验意见, kept on the close event)."""
    problem = locked(problem)
    _require_verifier(by, problem)
    require_status(problem, S.RECTIFIED)
    if not note.strip():
        raise ProblemError("销号须填写核验意见")
    blockers = problem.close_blockers()
    if blockers:
        raise ProblemError("不能销号：" + "；".join(blockers))
    problem.status, problem.closed_by, problem.closed_at = S.CLOSED, by, timezone.now()
    problem.save(update_fields=["status", "closed_by", "closed_at"])
    record_event(problem, by=by, action=A.CLOSE, before=S.RECTIFIED, note=note.strip())
    return problem


@transaction.atomic
def bulk_close(problems, *, by, note: str) -> int:
    """The ledger's bulk 销号 with one verification opinion: every problem is checked first, and one refusal
    refuses the whole batch (nothing is closed)."""
    problems = list(problems)
    if not problems:
        raise ProblemError("请先勾选问题")
    if not note.strip():
        raise ProblemError("销号须填写核验意见")
    refusals = []
    for problem in problems:
        try:
            _require_verifier(by, problem)
            require_status(problem, S.RECTIFIED)
            blockers = problem.close_blockers()
            if blockers:
                raise ProblemError("；".join(blockers))
        except ProblemError as exc:
            refusals.append(f"{problem.display_number}：{exc}")
    if refusals:
        raise ProblemError("整批未销号。" + "；".join(refusals))
    for problem in problems:
        close(problem, by=by, note=note)
    return len(problems)


@transaction.atomic
def send_back(problem: Problem, *, by, reason: str) -> Problem:
    problem = locked(problem)
    _require_verifier(by, problem)
    return _move_with_reason(problem, by=by, before=S.RECTIFIED, after=S.RECTIFYING, action=A.SEND_BACK,
                             reason=reason, missing="退回时必须说明原因")


@transaction.atomic
def reopen(problem: Problem, *, by, reason: str) -> Problem:
    """A closed problem found again (e.g. by a spot check) goes back to rectification, history kept."""
    problem = locked(problem)
    if not access.manages(by, problem):
        raise ProblemError("只有县级及以上办公室可以重新打开已销号的问题")
    return _move_with_reason(problem, by=by, before=S.CLOSED, after=S.RECTIFYING, action=A.REOPEN,
                             reason=reason, missing="重新打开时必须说明原因", cleared=("closed_by", "closed_at"))


@transaction.atomic
def withdraw(problem: Problem, *, by, reason: str) -> Problem:
    problem = locked(problem)
    if not access.manages(by, problem):
        raise ProblemError("只有县级及以上办公室可以撤销问题")
    return _move_with_reason(problem, by=by, before=S.OPEN, after=S.WITHDRAWN, action=A.WITHDRAW,
                             reason=reason, missing="撤销时必须说明原因")


def _move_with_reason(problem: Problem, *, by, before: str, after: str, action: str, reason: str, missing: str,
                      cleared: tuple = ()) -> Problem:
    """A transition that must say why: checked, saved and recorded with its reason."""
    require_status(problem, before)
    if not reason.strip():
        raise ProblemError(missing)
    problem.status = after
    for field in cleared:
        setattr(problem, field, None)
    problem.save(update_fields=["status", *cleared])
    record_event(problem, by=by, action=action, before=before, note=reason.strip())
    return problem


@transaction.atomic
def carry_over(*, source: Campaign, target: Campaign, by) -> list[Problem]:
    """Problems still unresolved at the end of `source` go into `target`'s 回头帮 plan, linked back.

    Only problems within the user's scope and the target's scope; carrying twice adds nothing.
    """
    if source.pk == target.pk:
        raise ProblemError("不能结转到同一个专项行动")
    if campaigns_for(by).filter(pk__in=[source.pk, target.pk]).count() != 2:
        raise ProblemError("专项行动不存在或不在您的管辖范围内")
    pending = list(
        selectors.problems_for(by, Capability.MANAGE).filter(campaign=source, unit__code__subtree=target.scope_unit_id)
        .unresolved().exclude(carried_into__campaign=target).select_related("department")
        .prefetch_related("co_departments", "measures").order_by("number")
    )
    carried = open_problems([
        NewProblem(
            campaign_id=target.pk, unit_id=old.unit_id, household_id=old.household_id, question_key=old.question_key,
            question_text=old.question_text, category=old.category, description=old.description,
            source=Problem.Source.CARRY_OVER, department=old.department, co_departments=list(old.co_departments.all()),
            responsible_person=old.responsible_person, responsible_user_id=old.responsible_user_id,
            measures=[NewMeasure(m.content, m.responsible_person, m.responsible_user_id, m.deadline)
                      for m in old.unfinished_measures()],
            carried_from_id=old.pk, reporter_contact_cipher=old.reporter_contact_cipher,
            note=f"由 {source.name} {old.display_number} 结转",
        )
        for old in pending
    ], by=by)
    for old in pending:
        record_event(old, by=by, action=A.CARRY_OVER, before=old.status, note=f"结转至 {target.name}")
    return carried


def on_campaign_copied(event: events.CampaignCopied) -> None:
    """A campaign started like an earlier one takes the earlier one's unfinished problems, when asked,
    in the same transaction as the copy (the carry-over above, with the copying office as actor)."""
    if not event.carry_over:
        return
    carry_over(source=Campaign.objects.get(pk=event.source_id), target=Campaign.objects.get(pk=event.campaign_id),
               by=get_user_model().objects.get(pk=event.by_id))


def require_status(problem: Problem, *allowed: str) -> None:
    if problem.status not in allowed:
        names = "、".join(S(s).label for s in allowed)
        raise ProblemError(f"该问题{problem.get_status_display()}，只有{names}的问题可以这样操作")


def require_lead(user, problem: Problem) -> None:
    if not access.leads(user, problem):
        raise ProblemError("只有牵头责任单位可以这样操作；配合单位请提交配合说明")


def _require_verifier(user, problem: Problem) -> None:
    if not access.verifies(user, problem):
        raise ProblemError("销号须由上一级（县级及以上办公室）核验")
    if problem.rectified_by_id == user.pk:
        raise ProblemError("整改人不能为自己销号")
