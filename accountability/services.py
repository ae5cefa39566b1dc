"""Writes on 问责 cases. Each checks the actor once at its entrance: only an office that holds to account
(county or city office) over the case's handling unit may write; the discipline office reads."""

from django.db import transaction
from django.utils import timezone

from accounts.roles import Capability
from accounts.scoping import can
from campaigns.selectors import campaigns_for
from rectification.evidence import MAX_FILES, check_all

from . import rules
from .models import AccountabilityCase, CaseStep, Clue, handling_code

Case, Kind = AccountabilityCase, CaseStep.Kind


class CaseError(ValueError):
    pass


class NotAllowed(CaseError):
    pass


def may_handle(user, case: AccountabilityCase) -> bool:
    return can(user, case.handling_unit_id, Capability.HOLD_ACCOUNTABLE)


def _require_handler(user, case: AccountabilityCase) -> None:
    if not may_handle(user, case):
        raise NotAllowed("只有办理单位（县级、市级办公室）可以处理该问责案件")


def _locked(case: AccountabilityCase, *allowed: str) -> AccountabilityCase:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status not in allowed:
        raise CaseError(f"案件当前状态为“{case.get_status_display()}”，不能进行此操作")
    return case


def _check_date(day):
    if day is None:
        raise CaseError("请填写日期")
    if day > timezone.localdate():
        raise CaseError("日期不能晚于今天")
    return day


@transaction.atomic
def apply_rules(campaign, today=None) -> list[AccountabilityCase]:
    """Open a draft for each new finding of the rules; a draft already there gets the fresh figures, a case
    a person has confirmed or dismissed is left as it is. Running it twice gives the same cases."""
    opened = []
    for proposal in rules.proposals(campaign, today):
        case = Case.objects.select_for_update().filter(rule_key=proposal.rule_key).first()
        fields = {"summary": proposal.summary[:200], "evidence": proposal.evidence}
        if case is None:
            case = Case.objects.create(
                rule_key=proposal.rule_key, reason=proposal.reason, campaign_id=proposal.campaign_id,
                unit_id=proposal.unit_code, department_id=proposal.department_id, person=proposal.person,
                handling_unit_id=proposal.handling_code, spot_check_id=proposal.spot_check_id, **fields)
            opened.append(case)
        elif case.status == Case.Status.DRAFT and any(getattr(case, k) != v for k, v in fields.items()):
            for name, value in fields.items():
                setattr(case, name, value)
            case.save(update_fields=list(fields))
        if case.status == Case.Status.DRAFT and proposal.problem_ids:
            case.problems.set(proposal.problem_ids)
    return opened


@transaction.atomic
def open_case(*, by, reason: str, unit, summary: str, evidence_text: str = "", department=None, person: str = "",
              campaign=None, problems=(), happened_on=None, files=()) -> AccountabilityCase:
    """A case a person opens (暗访 findings, a 举报, …): open at once, with its first step."""
    if reason not in Case.Reason.values:
        raise CaseError("请选择问责事由")
    if department is not None and department.county_id != unit.code:
        raise CaseError("被问责部门不属于该县")
    handler = department.county_id if department is not None else handling_code(unit.code)
    if not can(by, handler, Capability.HOLD_ACCOUNTABLE):
        raise NotAllowed("只能对下级单位或本县部门立案（对本级单位的问责由上级办理）")
    if campaign is not None and not campaigns_for(by).filter(pk=campaign.pk).exists():
        raise NotAllowed("专项行动不存在或不在您的管辖范围内")
    problems = list(problems)
    if any(not can(by, p.unit_id, Capability.HOLD_ACCOUNTABLE) for p in problems):
        raise NotAllowed("相关问题不在您的管辖范围内")
    if not summary.strip():
        raise CaseError("请填写案由")
    case = Case.objects.create(
        reason=reason, unit=unit, department=department, person=person.strip(), handling_unit_id=handler,
        summary=summary.strip()[:200], evidence_text=evidence_text.strip(), campaign=campaign,
        status=Case.Status.OPEN, opened_by=by, confirmed_by=by, confirmed_at=timezone.now())
    case.problems.set(problems)
    step = CaseStep.objects.create(case=case, kind=Kind.OPEN, happened_on=_check_date(happened_on
                                                                                       or timezone.localdate()),
                                   note=evidence_text.strip(), by=by)
    _store_clues(case, step, files, by=by)
    return case


@transaction.atomic
def confirm(case: AccountabilityCase, *, by, note: str = "") -> AccountabilityCase:
    """A person takes a rule's draft up: the case is open."""
    _require_handler(by, case)
    case = _locked(case, Case.Status.DRAFT)
    case.status, case.confirmed_by, case.confirmed_at = Case.Status.OPEN, by, timezone.now()
    case.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    CaseStep.objects.create(case=case, kind=Kind.CONFIRM, happened_on=timezone.localdate(), note=note.strip(), by=by)
    return case


@transaction.atomic
def dismiss(case: AccountabilityCase, *, by, reason: str) -> AccountabilityCase:
    """不予问责: a draft the office finds unfounded; the reason is kept, and the rule does not reopen it."""
    _require_handler(by, case)
    if not reason.strip():
        raise CaseError("请填写不予问责的理由")
    case = _locked(case, Case.Status.DRAFT)
    case.status, case.closed_at, case.outcome = Case.Status.DISMISSED, timezone.now(), reason.strip()
    case.save(update_fields=["status", "closed_at", "outcome"])
    CaseStep.objects.create(case=case, kind=Kind.DISMISS, happened_on=timezone.localdate(), note=reason.strip(),
                            by=by)
    return case


@transaction.atomic
def add_step(case: AccountabilityCase, *, by, kind: str, happened_on, note: str, files=()) -> CaseStep:
    """约谈, 通报批评, 诫勉谈话, 启动问责程序 or a note, with its date and any files."""
    _require_handler(by, case)
    if kind not in CaseStep.MEASURES:
        raise CaseError("请选择问责措施")
    if not note.strip():
        raise CaseError("请填写情况")
    case = _locked(case, Case.Status.OPEN, Case.Status.TRANSFERRED)
    step = CaseStep.objects.create(case=case, kind=kind, happened_on=_check_date(happened_on), note=note.strip(),
                                   by=by)
    _store_clues(case, step, files, by=by)
    return step


@transaction.atomic
def transfer(case: AccountabilityCase, *, by, happened_on, note: str, files=()) -> AccountabilityCase:
    """移送纪检监察机关: irreversible; the clues go with it (at least one file, new or already attached)."""
    _require_handler(by, case)
    if not note.strip():
        raise CaseError("请填写移送的问题线索说明")
    case = _locked(case, Case.Status.OPEN)
    files = list(files)
    if not files and not case.clues.exists():
        raise CaseError("移送须附问题线索材料（至少一个文件）")
    step = CaseStep.objects.create(case=case, kind=Kind.TRANSFER, happened_on=_check_date(happened_on),
                                   note=note.strip(), by=by)
    _store_clues(case, step, files, by=by)
    case.status, case.transferred_at = Case.Status.TRANSFERRED, timezone.now()
    case.save(update_fields=["status", "transferred_at"])
    return case


@transaction.atomic
def close(case: AccountabilityCase, *, by, happened_on, outcome: str) -> AccountabilityCase:
    """办结 with the outcome (处理结果: 党纪政务处分, 组织处理, 免予处理 …)."""
    _require_handler(by, case)
    if not outcome.strip():
        raise CaseError("请填写处理结果")
    case = _locked(case, Case.Status.OPEN, Case.Status.TRANSFERRED)
    case.status, case.closed_at, case.outcome = Case.Status.CLOSED, timezone.now(), outcome.strip()
    case.save(update_fields=["status", "closed_at", "outcome"])
    CaseStep.objects.create(case=case, kind=Kind.CLOSE, happened_on=_check_date(happened_on), note=outcome.strip(),
                            by=by)
    return case


def _store_clues(case: AccountabilityCase, step: CaseStep, files, *, by) -> None:
    """Check every upload as the ledger's evidence is checked (type by content, size), then store them all;
    one bad file stores none."""
    files = list(files)
    if len(files) + case.clues.count() > MAX_FILES * 3:
        raise CaseError(f"每个案件最多上传 {MAX_FILES * 3} 个文件")
    def store(upload, content_type, stored_name):
        clue = Clue(case=case, step=step, original_name=upload.name[:200], content_type=content_type,
                    size=upload.size, uploaded_by=by)
        clue.file.save(stored_name, upload, save=False)
        clue.save()

    check_all(files, store, error=CaseError)

