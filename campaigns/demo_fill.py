"""Realistic filled forms and problems for a demo or benchmark campaign, written in bulk."""

import json
import random
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from checklists.engine import DESC_SUFFIX, NO, YES
from checklists.models import FormLevel, QuestionKind, Submission
from rectification.models import Problem, ProblemEvent
from rectification.services import allocate_numbers, department_for

DESCRIPTIONS = {
    "住房保障": "东屋墙体有明显裂缝，未做安全鉴定", "教育帮扶": "家中有学生未享受教育资助",
    "健康帮扶": "家庭成员慢性病未鉴定办卡", "安全饮水": "自备井水浑浊，雨季无法饮用",
    "综合保障": "符合低保条件尚未纳入", "技能培训": "有劳动能力人员未参加培训",
    "档卡资料": "明白卡未上墙，算账明细缺失", "帮扶责任": "帮扶责任人本季度未入户算账",
}
STATUS_WEIGHTS = [(Submission.Status.DRAFT, 10), (Submission.Status.SUBMITTED, 30),
                  (Submission.Status.APPROVED, 55), (Submission.Status.RETURNED, 5)]
PROBLEM_SHARE = 0.01  # share of 是 answers per problem question


def _answers(questions, household, rng) -> tuple[dict, list]:
    answers, flagged = {}, []
    for q in questions:
        if q.kind == QuestionKind.FLAG:
            if rng.random() < PROBLEM_SHARE:
                answers[q.key] = YES
                answers[q.key + DESC_SUFFIX] = DESCRIPTIONS.get(q.category, f"{q.category}方面存在问题")
                flagged.append(q)
            else:
                answers[q.key] = NO
        elif q.kind == QuestionKind.YES_NO:
            answers[q.key] = NO
        elif q.kind in (QuestionKind.NUMBER, QuestionKind.MONEY) and q.required:
            answers[q.key] = 0
    if household is not None and "income_total" in answers:
        wage, business = rng.randrange(8000, 40000, 100), rng.randrange(0, 12000, 100)
        transfer, property_ = rng.randrange(1000, 6000, 100), rng.randrange(0, 2000, 100)
        answers.update(members=household.members, members_able_to_work=household.members_able_to_work,
                       income_wage=wage, income_business=business, income_transfer=transfer,
                       income_property=property_, income_total=wage + business + transfer + property_)
    return answers, flagged


def _update_forms(forms) -> None:
    """One parametrised UPDATE per form through executemany: bulk_update's CASE WHEN per column
    is quadratic-ish and took 40 s for 8,000 forms on SQLite."""
    table = Submission._meta.db_table
    rows = [(json.dumps(f.answers, ensure_ascii=False), f.status, f.checker.pk if f.checker else None,
             f.submitted_at, f.reviewer.pk if f.reviewer else None, f.reviewed_at, f.return_reason, f.version, f.pk)
            for f in forms]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET answers = %s, status = %s, checker_id = %s, submitted_at = %s, reviewer_id = %s, "
            f"reviewed_at = %s, return_reason = %s, version = %s WHERE id = %s", rows)


@transaction.atomic
def fill_campaign(campaign, *, share: float, seed: int, checker, reviewer) -> tuple[int, int]:
    """Fill `share` of the campaign's household and village forms; returns (forms, problems)."""
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    questions = {t.pk: list(t.questions.order_by("position")) for t in campaign.templates.all()}
    statuses, weights = zip(*STATUS_WEIGHTS)
    forms = (Submission.objects.filter(campaign=campaign, status=Submission.Status.NOT_STARTED,
                                       template__level__in=[FormLevel.HOUSEHOLD, FormLevel.VILLAGE])
             .select_related("household").order_by("pk"))
    filled, problems = [], []
    for form in forms.iterator(chunk_size=2000):
        if rng.random() >= share:
            continue
        form.answers, flagged = _answers(questions[form.template_id], form.household, rng)
        form.status = rng.choices(statuses, weights)[0]
        form.checker, form.submitted_at = checker, now - timedelta(days=rng.randint(0, 14))
        if form.status in (Submission.Status.APPROVED, Submission.Status.RETURNED):
            form.reviewer, form.reviewed_at = reviewer, form.submitted_at + timedelta(hours=rng.randint(1, 48))
            form.return_reason = "收入佐证不全，请补充" if form.status == Submission.Status.RETURNED else ""
        form.version += 1
        filled.append(form)
        if form.status in (Submission.Status.SUBMITTED, Submission.Status.APPROVED):
            problems += [(form, q) for q in flagged]
    _update_forms(filled)
    numbers = iter(allocate_numbers(campaign.pk, len(problems))) if problems else iter(())
    departments = {}
    rows = []
    for form, q in problems:
        key = (form.unit_id[:6], q.department)
        if key not in departments:
            departments[key] = department_for(form.unit_id, q.department)
        status = rng.choices(["open", "rectifying", "rectified", "closed"], [25, 30, 15, 30])[0]
        mode = Problem.Mode.IMMEDIATE if rng.random() < 0.3 else Problem.Mode.DEADLINE
        rows.append(Problem(
            campaign=campaign, number=next(numbers), unit_id=form.unit_id, household_id=form.household_id,
            submission=form, question_key=q.key, question_text=q.text, category=q.category,
            description=form.answers[q.key + DESC_SUFFIX], source=Problem.Source.SELF_CHECK,
            department=departments[key], found_by=checker, found_at=form.submitted_at, status=status, mode=mode,
            deadline=today + timedelta(days=rng.randint(-10, 25)) if mode == Problem.Mode.DEADLINE else None,
            rectified_by=reviewer if status in ("rectified", "closed") else None,
            rectified_at=now if status in ("rectified", "closed") else None,
            evidence_text="已按要求整改到位" if status in ("rectified", "closed") else "",
            closed_by=checker if status == "closed" else None, closed_at=now if status == "closed" else None,
        ))
    Problem.objects.bulk_create(rows, batch_size=2000)
    ProblemEvent.objects.bulk_create(
        [ProblemEvent(problem=p, action=ProblemEvent.Action.CREATE, to_status=p.status, by=checker,
                      note="演示数据") for p in rows], batch_size=2000)
    return len(filled), len(rows)
