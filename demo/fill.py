"""Realistic filled forms and problems for a demo or benchmark campaign, written in bulk."""

import csv
import io
import json
import random
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from checklists.engine import DESC_SUFFIX, NO, YES, structure
from checklists.models import FormLevel, QuestionKind, Submission
from rectification.models import Problem, ProblemEvent
from rectification.services import allocate_numbers, department_for
from units import codes

DESCRIPTIONS = {
    "住房保障": "东屋墙体有明显裂缝，未做安全鉴定", "教育帮扶": "家中有学生未享受教育资助",
    "健康帮扶": "家庭成员慢性病未鉴定办卡", "安全饮水": "自备井水浑浊，雨季无法饮用",
    "综合保障": "符合低保条件尚未纳入", "技能培训": "有劳动能力人员未参加培训",
    "档卡资料": "明白卡未上墙，算账明细缺失", "帮扶责任": "帮扶责任人本季度未入户算账",
}
# `showcase` (a village code): its first forms take these statuses, so the demo checker and reviewer have work
SHOWCASE = (Submission.Status.SUBMITTED, Submission.Status.RETURNED, Submission.Status.DRAFT, Submission.Status.SUBMITTED)
STATUS_WEIGHTS = [(Submission.Status.DRAFT, 10), (Submission.Status.SUBMITTED, 30),
                  (Submission.Status.APPROVED, 55), (Submission.Status.RETURNED, 5)]
PROBLEM_SHARE = 0.01  # share of 是 answers per problem question


def demo_answers(questions, household, rng) -> tuple[dict, list]:
    """Plausible answers to `questions` (about 1 % of problem questions 是) and the questions flagged."""
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


FORM_COLUMNS = ["answers", "status", "checker_id", "submitted_at", "reviewer_id", "reviewed_at", "return_reason",
                "version"]
CHUNK = 20_000  # forms filled, written and turned into problems at a time: memory stays flat for a province


def _form_row(form) -> list:
    return [json.dumps(form.answers, ensure_ascii=False), form.status, form.checker.pk if form.checker else None,
            form.submitted_at, form.reviewer.pk if form.reviewer else None, form.reviewed_at, form.return_reason,
            form.version, form.pk]


def _update_forms(forms) -> None:
    """Write the filled forms: on PostgreSQL COPY into a temporary table and one UPDATE … FROM it;
    elsewhere one parametrised UPDATE per form (bulk_update's CASE WHEN per column is
    quadratic-ish and took 40 s for 8,000 forms on SQLite)."""
    table = Submission._meta.db_table
    rows = [_form_row(f) for f in forms]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in FORM_COLUMNS)} WHERE id = %s", rows)
            return
        cursor.execute("""CREATE TEMPORARY TABLE IF NOT EXISTS filled_forms (answers jsonb, status varchar(12),
                           checker_id integer, submitted_at timestamptz, reviewer_id integer, reviewed_at timestamptz,
                           return_reason text, version integer, id bigint) ON COMMIT DROP""")
        cursor.execute("TRUNCATE filled_forms")
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        buffer.seek(0)
        cursor.copy_expert("COPY filled_forms FROM STDIN WITH (FORMAT csv)", buffer)
        assignments = ", ".join(f"{c} = COALESCE(f.{c}, '')" if c == "return_reason" else f"{c} = f.{c}"
                                for c in FORM_COLUMNS)  # CSV reads an empty field as NULL
        cursor.execute(f"UPDATE {table} AS s SET {assignments} FROM filled_forms AS f WHERE s.id = f.id")


class _Filler:
    """Fills forms chunk by chunk and records the problems their 是 answers raise."""

    def __init__(self, campaign, rng, checker, reviewer):
        self.campaign, self.rng, self.checker, self.reviewer = campaign, rng, checker, reviewer
        self.now, self.today = timezone.now(), timezone.localdate()
        self.questions = {t.pk: structure(t)[1] for t in campaign.templates.all()}
        self.statuses, self.weights = zip(*STATUS_WEIGHTS)
        self.departments = {}
        self.filled = self.problems = 0

    def fill(self, form, status: str = "") -> list:
        rng = self.rng
        form.answers, flagged = demo_answers(self.questions[form.template_id], form.household, rng)
        form.status = status or rng.choices(self.statuses, self.weights)[0]
        form.checker, form.submitted_at = self.checker, self.now - timedelta(days=rng.randint(0, 14))
        if form.status in (Submission.Status.APPROVED, Submission.Status.RETURNED):
            form.reviewer, form.reviewed_at = self.reviewer, form.submitted_at + timedelta(hours=rng.randint(1, 48))
            form.return_reason = "收入佐证不全，请补充" if form.status == Submission.Status.RETURNED else ""
        form.version += 1
        if form.status in (Submission.Status.SUBMITTED, Submission.Status.APPROVED):
            return [(form, q) for q in flagged]
        return []

    def write(self, forms, problems) -> None:
        # Not through rectification.services.open_problems, on purpose: demo problems are written as
        # they stand weeks into a campaign (rectifying, rectified, closed, with rectifier and closer),
        # 20,000 forms at a time for a province, and open_problems would write each one open and
        # then again to move it on. Numbers still come from allocate_numbers, and every row gets
        # its creation event, as open_problems gives it; no domain event is published, since
        # seed_demo rebuilds the figures itself once everything is written.
        _update_forms(forms)
        rows = [self._problem(form, q, number)
                for (form, q), number in zip(problems, allocate_numbers(self.campaign.pk, len(problems)))]
        Problem.objects.bulk_create(rows, batch_size=2000)
        ProblemEvent.objects.bulk_create(
            [ProblemEvent(problem=p, action=ProblemEvent.Action.CREATE, to_status=p.status, by=self.checker,
                          note="演示数据") for p in rows], batch_size=2000)
        self.filled += len(forms)
        self.problems += len(rows)

    def _problem(self, form, q, number) -> Problem:
        rng, now, key = self.rng, self.now, (codes.county_code(form.unit_id), q.department)
        if key not in self.departments:
            self.departments[key] = department_for(form.unit_id, q.department)
        status = rng.choices(["open", "rectifying", "rectified", "closed"], [25, 30, 15, 30])[0]
        mode = Problem.Mode.IMMEDIATE if rng.random() < 0.3 else Problem.Mode.DEADLINE
        done = status in ("rectified", "closed")
        return Problem(
            campaign=self.campaign, number=number, unit_id=form.unit_id, household_id=form.household_id,
            submission=form, question_key=q.key, question_text=q.text, category=q.category,
            description=form.answers[q.key + DESC_SUFFIX], source=Problem.Source.SELF_CHECK,
            department=self.departments[key], found_by=self.checker, found_at=form.submitted_at, status=status,
            mode=mode, deadline=self.today + timedelta(days=rng.randint(-10, 25)) if mode == Problem.Mode.DEADLINE
            else None,
            rectified_by=self.reviewer if done else None, rectified_at=now if done else None,
            evidence_text="已按要求整改到位" if done else "",
            closed_by=self.checker if status == "closed" else None, closed_at=now if status == "closed" else None,
        )


@transaction.atomic
def fill_campaign(campaign, *, share: float, seed: int, checker, reviewer, progress=None,
                  showcase: str = "") -> tuple[int, int]:
    """Fill `share` of the campaign's not-started household and village forms, `CHUNK` forms at a
    time (a province's two million forms in flat memory); returns (forms, problems).

    About 1 % of answers to each problem question are 是; submitted and approved forms raise
    their problems, some of them already past their deadline."""
    filler = _Filler(campaign, random.Random(seed), checker, reviewer)
    forms = (Submission.objects.filter(campaign=campaign, status=Submission.Status.NOT_STARTED,
                                       template__level__in=[FormLevel.HOUSEHOLD, FormLevel.VILLAGE])
             .select_related("household").order_by("pk"))
    seen, batch, problems = 0, [], []
    if showcase:  # the demo accounts' village: one form returned, one drafted, one waiting for review
        shown = list(forms.filter(unit_id=showcase, household__isnull=False)[:len(SHOWCASE)])
        for form, status in zip(shown, SHOWCASE):
            problems += filler.fill(form, status)
            batch.append(form)
        forms = forms.exclude(pk__in=[f.pk for f in shown])
    total = forms.count() if progress else 0
    for form in forms.iterator(chunk_size=2000):
        seen += 1
        if filler.rng.random() < share:
            problems += filler.fill(form)
            batch.append(form)
        if len(batch) >= CHUNK:
            filler.write(batch, problems)
            batch, problems = [], []
            if progress:
                progress(seen, total, filler.filled, filler.problems)
    filler.write(batch, problems)
    if progress:
        progress(total, total, filler.filled, filler.problems)
    return filler.filled, filler.problems
