from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core import events, guards

from . import access, engine
from .definitions import content_hash
from .models import ChecklistTemplate, Question, Section, Submission, SubmissionEvent


class SubmissionStateError(Exception):
    """An action the submission's state or the user's part does not allow; the message is Chinese."""


class SubmissionForbidden(SubmissionStateError):
    """The actor may not fill (or review) this form: another unit's, or another department's."""


class StaleSubmission(SubmissionStateError):
    """Someone else saved the form since this page was opened."""


class SubmitRefused(SubmissionStateError):
    """A rule of the campaign (a required training, say) refuses this submitter; the answers are kept."""


class AlreadySubmitted(SubmissionStateError):
    """The same person sent the same form twice (double click, a retry, a second tab): it counts once."""


ALREADY_SUBMITTED = "该表已提交，等待审核。重复提交未再次生效，问题也未重复登记。"
CONFLICT = "该表已被他人于您打开页面后修改并保存。为避免覆盖对方的内容，本次保存未生效：请重新打开本表核对后再保存。"


@dataclass
class LoadOutcome:
    code: str
    version: int
    action: str  # created, replaced, new_version, unchanged


@transaction.atomic
def load_template(data: dict) -> LoadOutcome:
    """Create or update one template; a frozen template is never changed, a new version is made."""
    digest = content_hash(data)
    latest = ChecklistTemplate.objects.filter(code=data["code"]).order_by("-version").first()
    if latest and latest.content_hash == digest:
        return LoadOutcome(data["code"], latest.version, "unchanged")
    if latest and not latest.is_frozen():
        latest.sections.all().delete()
        template, action = latest, "replaced"
    else:
        template = ChecklistTemplate(code=data["code"], version=latest.version + 1 if latest else 1)
        action = "new_version" if latest else "created"
    template.name, template.source, template.level = data["name"], data["source"], data["level"]
    template.signatures = data.get("signatures", [])
    template.header_lines, template.columns = data.get("header_lines", []), data.get("columns", [])
    template.content_hash = digest
    template.save()
    _create_contents(template, data)
    return LoadOutcome(template.code, template.version, action)


def _create_contents(template: ChecklistTemplate, data: dict) -> None:
    position = 0
    for s_index, s in enumerate(data["sections"], start=1):
        section = Section.objects.create(template=template, position=s_index, title=s["title"], rules=s.get("rules", []))
        questions = []
        for q in s["questions"]:
            position += 1
            lead = q.get("department", s.get("department", ""))
            co = [name for name in q.get("co_departments", s.get("co_departments", [])) if name != lead]
            questions.append(Question(
                template=template, section=section, position=position, key=q["key"], text=q["text"], kind=q["kind"],
                unit=q.get("unit", ""), required=q.get("required", True), labels=q.get("labels", []),
                choices=q.get("choices", []), prefill=q.get("prefill", ""),
                category=q.get("category") or s.get("category") or s["title"],
                department=lead, co_departments=co, standard=q.get("standard", ""),
            ))
        Question.objects.bulk_create(questions)


def _write(submission: Submission, version: int, *, by, action: str, note: str = "", **fields) -> Submission:
    """Apply `fields` only if nobody saved since `version` was read (optimistic locking); every write of a
    form passes here, so a closed campaign's forms are refused here, once."""
    guards.require_open(submission.campaign_id)
    updated = Submission.objects.filter(pk=submission.pk, version=version).update(
        version=F("version") + 1, updated_by=by, updated_at=timezone.now(), **fields
    )
    if not updated:
        raise StaleSubmission(CONFLICT)
    SubmissionEvent.objects.create(submission=submission, action=action, by=by, note=note)
    events.publish(events.SubmissionChanged(submission.pk, campaign_id=submission.campaign_id,
                                            unit_id=submission.unit_id))
    submission.refresh_from_db()
    return submission


def _require_editable(submission: Submission) -> None:
    if not submission.is_editable:
        raise SubmissionStateError(f"该表{submission.get_status_display()}，不能再修改")


def _require_filler(submission: Submission, by) -> None:
    if not access.fills(by, submission):
        raise SubmissionForbidden("您不能填报该表")


def _locked(submission: Submission) -> Submission:
    """The row, locked until the transaction ends: two requests for one form take turns."""
    return Submission.objects.select_for_update(of=("self",)).select_related("template").get(pk=submission.pk)


def _repeats_last_write(submission: Submission, *, by, version: int, action: str, answers: dict) -> bool:
    """This write was already made: the form is one version past the one it was read at, by this person's
    same action with the same answers."""
    if submission.version != version + 1 or submission.answers != answers:
        return False
    last = submission.events.order_by("-at", "-pk").values_list("action", "by_id").first()
    return last == (action, by.pk)


@transaction.atomic
def save_draft(submission: Submission, *, by, data, version: int) -> tuple[Submission, dict]:
    submission = _locked(submission)
    _require_filler(submission, by)
    answers, errors = engine.validate(submission.template, data, final=False)
    if not errors and _repeats_last_write(submission, by=by, version=version, action=SubmissionEvent.Action.SAVE,
                                          answers=answers):
        return submission, {}
    _require_editable(submission)
    if errors:
        return submission, errors
    return _write(submission, version, by=by, action=SubmissionEvent.Action.SAVE,
                  answers=answers, status=Submission.Status.DRAFT), {}


@transaction.atomic
def submit(submission: Submission, *, by, data, version: int) -> tuple[Submission, dict]:
    """谁排查、谁签字: the submitter is recorded as the checker; each 是 becomes a ledger problem.

    Idempotent: the same submit sent again (same person, same version read, same answers) raises
    AlreadySubmitted and changes nothing; the row lock makes a concurrent second request wait for the
    first and then see it.
    """
    submission = _locked(submission)
    _require_filler(submission, by)
    answers, errors = engine.validate(submission.template, data, final=True)
    if (not errors and submission.status == Submission.Status.SUBMITTED
            and _repeats_last_write(submission, by=by, version=version, action=SubmissionEvent.Action.SUBMIT,
                                    answers=answers)):
        raise AlreadySubmitted(ALREADY_SUBMITTED)
    _require_editable(submission)
    if errors:
        return submission, errors
    refusal = guards.submit_refusal(submission, by)
    if refusal:
        raise SubmitRefused(refusal)
    submission = _write(
        submission, version, by=by, action=SubmissionEvent.Action.SUBMIT, answers=answers,
        status=Submission.Status.SUBMITTED, checker=by, submitted_at=timezone.now(), return_reason="",
        reviewer=None, reviewed_at=None,
    )
    events.publish(events.SubmissionSubmitted(submission.pk, campaign_id=submission.campaign_id,
                                              unit_id=submission.unit_id, by_id=by.pk))
    return submission, {}


@transaction.atomic
def approve(submission: Submission, *, by, version: int) -> Submission:
    _require_reviewable(submission, by)
    return _write(submission, version, by=by, action=SubmissionEvent.Action.APPROVE,
                  status=Submission.Status.APPROVED, reviewer=by, reviewed_at=timezone.now())


@transaction.atomic
def return_to_checker(submission: Submission, *, by, version: int, reason: str) -> Submission:
    _require_reviewable(submission, by)
    if not reason.strip():
        raise SubmissionStateError("退回时必须填写退回原因")
    return _write(submission, version, by=by, action=SubmissionEvent.Action.RETURN, note=reason.strip(),
                  status=Submission.Status.RETURNED, return_reason=reason.strip(), reviewer=by,
                  reviewed_at=timezone.now())


def _require_reviewable(submission: Submission, by) -> None:
    if not access.reviews(by, submission):
        raise SubmissionForbidden("您不能审核该表")
    if submission.status != Submission.Status.SUBMITTED:
        raise SubmissionStateError(f"只有待审核的表才能审核，该表{submission.get_status_display()}")
    if submission.checker_id == by.pk:
        raise SubmissionStateError("审核人不能是排查人本人")
