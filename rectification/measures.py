"""整改措施: a problem's measures, each with its person, deadline, evidence and completion.

The lead unit or the managing office sets them while the problem is being fixed; the lead or the
measure's named person records one done, with what was done and its evidence. 销号 waits for all.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from . import access
from .models import Measure, Problem, ProblemEvent
from .services import ProblemError, check_person, locked, record_event, require_status, store_files

S = Problem.Status
A = ProblemEvent.Action
PLANNABLE = (S.OPEN, S.RECTIFYING)


def _checked_fields(problem: Problem, *, content: str, responsible_user, responsible_person: str, deadline):
    if not content.strip():
        raise ProblemError("请填写措施内容")
    check_person(problem, responsible_user, with_co=True)
    person = responsible_person.strip() or (
        (responsible_user.get_full_name() or responsible_user.username) if responsible_user else "")
    if not person:
        raise ProblemError("请指定措施责任人（选择账号或填写姓名）")
    if deadline is None:
        raise ProblemError("请填写措施完成时限")
    return {"content": content.strip(), "responsible_user": responsible_user, "responsible_person": person,
            "deadline": deadline}


def _require_planner(by, problem: Problem) -> None:
    if not access.plans(by, problem):
        raise ProblemError("只有牵头责任单位和县级及以上办公室可以制定整改措施")
    require_status(problem, *PLANNABLE)


def _note(measure: Measure) -> str:
    parts = [f"措施{measure.position}：{measure.content}", f"责任人：{measure.responsible_name}"]
    if measure.deadline:
        parts.append(f"时限：{measure.deadline:%Y-%m-%d}")
    return "；".join(parts)


@transaction.atomic
def add_measure(problem: Problem, *, by, content: str, responsible_user=None, responsible_person: str = "",
                deadline=None) -> Measure:
    problem = locked(problem)
    _require_planner(by, problem)
    fields = _checked_fields(problem, content=content, responsible_user=responsible_user,
                             responsible_person=responsible_person, deadline=deadline)
    position = (problem.measures.aggregate(last=Max("position"))["last"] or 0) + 1
    measure = Measure.objects.create(problem=problem, position=position, created_by=by, **fields)
    record_event(problem, by=by, action=A.MEASURE_ADD, before=problem.status, note=_note(measure))
    return measure


@transaction.atomic
def update_measure(measure: Measure, *, by, content: str, responsible_user=None, responsible_person: str = "",
                   deadline=None) -> Measure:
    """Change a measure not yet done: its content, person or deadline."""
    problem = locked(measure.problem)
    measure = Measure.objects.select_for_update().get(pk=measure.pk, problem=problem)
    _require_planner(by, problem)
    if measure.done_at:
        raise ProblemError(f"措施{measure.position}已完成，不能再修改；如需补充请新增措施")
    fields = _checked_fields(problem, content=content, responsible_user=responsible_user,
                             responsible_person=responsible_person, deadline=deadline)
    for name, value in fields.items():
        setattr(measure, name, value)
    measure.save(update_fields=list(fields))
    record_event(problem, by=by, action=A.MEASURE_UPDATE, before=problem.status, note=_note(measure))
    return measure


@transaction.atomic
def complete_measure(measure: Measure, *, by, result: str, files=()) -> Measure:
    """A measure done: by the lead unit or the measure's person, saying what was done, with its evidence."""
    problem = locked(measure.problem)
    measure = Measure.objects.select_for_update().get(pk=measure.pk, problem=problem)
    measure.problem = problem
    if not access.completes(by, measure):
        raise ProblemError("只有牵头责任单位或该措施的责任人可以登记措施完成")
    require_status(problem, *PLANNABLE)
    if measure.done_at:
        raise ProblemError(f"措施{measure.position}已登记完成")
    if not result.strip():
        raise ProblemError("请填写措施完成情况")
    store_files(problem, files, by=by, measure=measure)
    measure.done_at, measure.done_by, measure.result = timezone.now(), by, result.strip()
    measure.save(update_fields=["done_at", "done_by", "result"])
    record_event(problem, by=by, action=A.MEASURE_DONE, before=problem.status,
                 note=f"措施{measure.position}完成：{measure.result}")
    return measure
