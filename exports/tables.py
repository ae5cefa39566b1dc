"""What goes into each export: a layout and a stream of rows, built from scoped querysets.

Rows come from `values_list(...).iterator()`, never as model instances, so memory stays flat.
"""

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from math import ceil
from typing import Iterator

from django.db.models import Count, F
from django.db.models.functions import Length, Substr
from django.utils import timezone

from checklists.models import FormLevel, QuestionKind, Submission
from core.excel import Column, Layout, fitted_width
from dashboards.models import Summary
from households.models import Household
from rectification.access import problems_for
from rectification.filters import ProblemFilter
from rectification.models import Measure, Problem, ProblemEvent
from units import codes
from units.models import AdminUnit, Department

KIND_LABELS = dict(Household.Kind.choices)
STATUS_LABELS = dict(Submission.Status.choices)
EXPORTED_STATUSES = [Submission.Status.SUBMITTED, Submission.Status.APPROVED]
CHUNK = 2000


@dataclass
class Table:
    layout: Layout
    total: int
    groups: dict  # group key -> number of rows (including its subtotal row)
    rows: Iterator  # yields (group key, values, is_subtotal)
    sheet_name: str


def _subtitle(unit, campaign) -> str:
    return f"单位：{unit.full_name}    专项行动：{campaign.name}（{campaign.document_number}）    " \
           f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}"


def header_width(label: str, *, least: int = 10, most: int = 30, lines: int = 6) -> int:
    """A column wide enough for its whole header in about `lines` wrapped lines (a Chinese character is
    two width units); a longer header wraps into more lines, it is never cut."""
    return min(most, max(least, ceil(len(label) * 2 / lines)))


def _names(code: str) -> dict[str, str]:
    return dict(AdminUnit.objects.in_subtree(code).values_list("code", "name"))


def _longest(queryset, field: str) -> str:
    """The longest value of `field` among the rows (one query, nothing loaded but that value)."""
    return queryset.annotate(_length=Length(field)).order_by("-_length").values_list(field, flat=True).first() or ""


def fit_columns(columns: list[Column], values: dict[str, list]) -> None:
    """Widen the named columns so their longest value prints whole (a village name, a 户编号)."""
    for column in columns:
        if column.label in values:
            column.width = max(column.width, fitted_width(values[column.label]))
            column.wrap = False  # shown whole on one line: never narrowed to fit the page


def _unit_names(names: dict[str, str], unit_ids) -> dict[str, list[str]]:
    """The township and village names the rows show, for fitting their columns."""
    unit_ids = set(unit_ids)
    return {"乡镇(街道)": [names.get(codes.township_code(u), "") for u in unit_ids if len(u) >= 9],
            "村": [names.get(u, "") for u in unit_ids], "村/单位": [names.get(u, "") for u in unit_ids],
            "县(市、区)": [names.get(u, "") for u in unit_ids]}


def _number(value):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return str(value)


def appendix_table(campaign, template, unit) -> Table:
    """One row per household (or village, township, county) with every answer and the descriptions."""
    lead = {
        FormLevel.HOUSEHOLD: ["序号", "乡镇(街道)", "村", "户编号", "户主姓名", "户类型"],
        FormLevel.VILLAGE: ["序号", "乡镇(街道)", "村", "村类型"],
        FormLevel.TOWNSHIP: ["序号", "乡镇(街道)"],
        FormLevel.COUNTY: ["序号", "县(市、区)"],
    }[template.level]
    columns = [Column(name, name, 6 if name == "序号" else 12) for name in lead]
    plan = []  # (kind, question or section) per answer column
    questions = list(template.questions.select_related("section").order_by("position"))
    for section in template.sections.order_by("position"):
        group = f"{section.position}. {section.title}"
        section_questions = [q for q in questions if q.section_id == section.pk]
        for q in section_questions:
            label = q.text + (f"（{q.unit}）" if q.unit else "")
            long_answer = q.kind == QuestionKind.TEXT
            columns.append(Column(group, label, header_width(label, least=24 if long_answer else 10), wrap=long_answer))
            plan.append(("question", q))
        if any(q.is_flag for q in section_questions):
            columns.append(Column(group, "问题描述", 24, wrap=True))
            plan.append(("description", section_questions))
    columns += [Column(name, name, 17 if name.endswith("时间") else 10)
                for name in ["排查人员", "提交时间", "审核人员", "审核时间", "状态"]]

    forms = (Submission.objects.filter(campaign=campaign, template=template, unit__code__subtree=unit.code,
                                       status__in=EXPORTED_STATUSES)
             .order_by("unit_id", "household__number", F("department__name").asc(nulls_first=True), "pk"))
    subtotals = template.level in (FormLevel.HOUSEHOLD, FormLevel.VILLAGE) and len(unit.code) < 9
    groups = dict(forms.annotate(g=Substr("unit_id", 1, 9)).values_list("g").annotate(n=Count("pk"))
                  .values_list("g", "n").order_by())
    if subtotals:
        groups = {g: n + 1 for g, n in groups.items()}
    names = _names(unit.code)
    village_types = dict(AdminUnit.VillageType.choices)
    fit_columns(columns, {**_unit_names(names, forms.order_by().values_list("unit_id", flat=True).distinct()),
                          "户编号": [_longest(forms, "household__number")],
                          "户主姓名": [_longest(forms, "household__head_name")]})

    def rows():
        fields = ["unit_id", "answers", "status", "submitted_at", "reviewed_at", "checker__username",
                  "reviewer__username", "household__number", "household__head_name", "household__kind",
                  "unit__village_type", "department__name"]
        current, totals, index = None, None, 0
        for values in forms.values_list(*fields).iterator(chunk_size=CHUNK):
            (unit_id, answers, status, submitted_at, reviewed_at, checker, reviewer, number, head, kind,
             village_type, department) = values
            township = codes.township_code(unit_id)
            if township != current:
                if subtotals and current is not None:
                    yield current, _subtotal_row(names, current, lead, plan, totals), True
                current, totals = township, Counter()
            index += 1
            row = [index, names.get(township, "")]
            if template.level == FormLevel.HOUSEHOLD:
                row += [names.get(unit_id, ""), number, head, KIND_LABELS.get(kind, "")]
            elif template.level == FormLevel.VILLAGE:
                row += [names.get(unit_id, ""), village_types.get(village_type, "")]
            elif template.level == FormLevel.COUNTY:  # the county, or one of its departments (方城县教体局)
                row = [index, names.get(unit_id, "") + (department or "")]
            for position, (kind_, item) in enumerate(plan):
                value = _answer_cell(kind_, item, answers)
                row.append(value)
                if kind_ == "question":
                    if value == "是" and item.is_flag:
                        totals[position] += 1
                    elif isinstance(value, Decimal):
                        totals[position] += value
            row += [checker or "", submitted_at and timezone.localtime(submitted_at).replace(tzinfo=None),
                    reviewer or "", reviewed_at and timezone.localtime(reviewed_at).replace(tzinfo=None),
                    STATUS_LABELS.get(status, status)]
            yield township, row, False
        if subtotals and current is not None:
            yield current, _subtotal_row(names, current, lead, plan, totals), True

    # The wide household and village tables print on A3, one township to a page.
    wide = template.level in (FormLevel.HOUSEHOLD, FormLevel.VILLAGE)
    return Table(Layout(template.name, _subtitle(unit, campaign), columns,
                        [s["label"] for s in template.signatures], title_columns=len(lead),
                        paper="A3" if wide else "A4", page_per_group=wide),
                 total=sum(groups.values()), groups=groups, rows=rows(), sheet_name=template.name[-20:])


def _answer_cell(kind, item, answers):
    if kind == "description":
        texts = [answers.get(q.key + "__desc", "") for q in item if q.is_flag and answers.get(q.key) == "yes"]
        return "；".join(t for t in texts if t)
    q = item
    value = answers.get(q.key)
    if q.kind in (QuestionKind.FLAG, QuestionKind.YES_NO):
        yes, no = q.yes_no_labels
        return {"yes": yes, "no": no}.get(value, "")
    if q.kind in (QuestionKind.NUMBER, QuestionKind.MONEY):
        return _number(value)
    if q.kind == QuestionKind.DATE and value:
        return date.fromisoformat(value)
    return "" if value is None else str(value)


def _subtotal_row(names, township, lead, plan, totals):
    row = ["", f"{names.get(township, township)}合计"] + [""] * (len(lead) - 2)
    for position, (kind, item) in enumerate(plan):
        row.append(totals.get(position, 0) if kind == "question" and (item.is_flag or item.kind in (
            QuestionKind.NUMBER, QuestionKind.MONEY)) else "")
    return row + [""] * 5


LEDGER_COLUMNS = [
    Column("序号", "序号", 6), Column("问题编号", "问题编号", 15), Column("乡镇(街道)", "乡镇(街道)", 12),
    Column("村/单位", "村/单位", 16, wrap=True), Column("农户", "农户", 10), Column("问题类别", "问题类别", 12),
    Column("问题描述", "问题描述", 30, wrap=True), Column("来源", "来源", 10),
    Column("整改责任", "责任单位", 12), Column("整改责任", "责任人", 10), Column("整改责任", "整改方式", 10),
    Column("整改责任", "整改时限", 12),
    Column("整改措施", "措施（责任人、时限、完成情况）", 40, wrap=True), Column("整改措施", "已完成/措施数", 10),
    Column("整改进度", "状态", 12), Column("整改进度", "整改完成时间", 17), Column("整改进度", "销号时间", 17),
    Column("整改进度", "核验意见", 24, wrap=True),
]


def measure_line(position, content, person, deadline, done_at) -> str:
    """One measure as the ledger prints it: 1. 内容（责任人，时限；完成情况）."""
    when = f"，{deadline:%Y-%m-%d}前" if deadline else ""
    done = f"已完成 {timezone.localtime(done_at):%Y-%m-%d}" if done_at else "未完成"
    return f"{position}. {content}（{person or '未指定'}{when}；{done}）"


def _measure_texts(problem_ids) -> dict[int, tuple[str, str]]:
    """problem id -> (its measures, one a line; "done/total") for one chunk of the ledger."""
    lines: dict[int, list[str]] = {}
    done: Counter = Counter()
    for problem_id, position, content, person, deadline, done_at in Measure.objects.filter(
            problem_id__in=problem_ids).order_by("problem_id", "position").values_list(
            "problem_id", "position", "content", "responsible_person", "deadline", "done_at"):
        lines.setdefault(problem_id, []).append(measure_line(position, content, person, deadline, done_at))
        done[problem_id] += done_at is not None
    return {pk: ("\n".join(texts), f"{done[pk]}/{len(texts)}") for pk, texts in lines.items()}


def _opinions(problem_ids) -> dict[int, str]:
    """problem id -> the verification opinion (核验意见) of its latest 销号."""
    return dict(ProblemEvent.objects.filter(problem_id__in=problem_ids, action=ProblemEvent.Action.CLOSE)
                .order_by("problem_id", "at", "pk").values_list("problem_id", "note"))


def ledger_table(campaign, unit, user, params: dict) -> Table:
    """问题台账: the ledger rows the user may see, with the filters they chose on the ledger page, each with
    its named person, its measures and, once closed, the verification opinion."""
    from accounts.unit_access import departments_for
    from campaigns.access import campaigns_for

    base = problems_for(user).filter(campaign=campaign, unit__code__subtree=unit.code)
    problems = ProblemFilter(params, queryset=base, campaigns=campaigns_for(user),
                             departments=departments_for(user)).qs.order_by("unit_id", "number")
    groups = dict(problems.annotate(g=Substr("unit_id", 1, 9)).values_list("g").annotate(n=Count("pk"))
                  .values_list("g", "n").order_by())
    names = _names(unit.code)
    columns = [replace(column) for column in LEDGER_COLUMNS]
    fit_columns(columns, {**_unit_names(names, problems.order_by().values_list("unit_id", flat=True).distinct()),
                          "农户": [_longest(problems, "household__head_name")]})
    departments = dict(Department.objects.filter(county__code__subtree=codes.county_code(unit.code)).values_list("pk", "name"))
    statuses, modes, sources = dict(Problem.Status.choices), dict(Problem.Mode.choices), dict(Problem.Source.choices)

    def chunks():
        fields = ["pk", "number", "unit_id", "household__head_name", "category", "description", "source",
                  "department_id", "responsible_person", "mode", "deadline", "status", "rectified_at", "closed_at"]
        chunk = []
        for row in problems.values_list(*fields).iterator(chunk_size=CHUNK):
            chunk.append(row)
            if len(chunk) == CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def rows():
        index = 0
        for chunk in chunks():
            ids = [row[0] for row in chunk]
            plans = _measure_texts(ids)
            opinions = _opinions([row[0] for row in chunk if row[11] == Problem.Status.CLOSED])
            for (pk, number, unit_id, head, category, description, source, department_id, person, mode, deadline,
                 status, rectified_at, closed_at) in chunk:
                index += 1
                township = codes.township_code(unit_id)
                measures, progress = plans.get(pk, ("", "0/0"))
                yield township, [
                    index, f"{campaign.year}-{campaign.pk}-{number:06d}", names.get(township, ""),
                    names.get(unit_id, ""),
                    head or "", category, description, sources.get(source, source),
                    departments.get(department_id, "所在乡镇（街道）"), person, modes.get(mode, mode), deadline,
                    measures, progress, statuses.get(status, status),
                    rectified_at and timezone.localtime(rectified_at).replace(tzinfo=None),
                    closed_at and timezone.localtime(closed_at).replace(tzinfo=None),
                    opinions.get(pk, ""),
                ], False

    return Table(Layout("问题台账", _subtitle(unit, campaign), columns, ["填报人", "审核人（单位负责人）"],
                        page_per_group=True),
                 total=sum(groups.values()), groups=groups, rows=rows(), sheet_name="问题台账")


SUMMARY_COLUMNS = [Column("单位", "单位", 16)] + [
    Column(group, label, 10) for group, label in [
        ("入户排查", "应查户"), ("入户排查", "已排查"), ("入户排查", "已提交"), ("入户排查", "已审核"),
        ("入户排查", "被退回"), ("入户排查", "覆盖率(%)"), ("重点户", "应到"), ("重点户", "已到"),
        ("村级排查", "应查村"), ("村级排查", "已提交"), ("问题整改", "问题数"), ("问题整改", "每百户"),
        ("问题整改", "已整改"), ("问题整改", "整改完成率(%)"), ("问题整改", "已销号"), ("问题整改", "逾期"),
    ]
]


def summary_table(campaign, unit) -> Table:
    """The dashboard's figures: one row per child unit and the unit's own total."""
    summaries = list(Summary.objects.filter(campaign=campaign, unit__parent=unit).select_related("unit")
                     .order_by("unit_id"))
    own = Summary.objects.filter(campaign=campaign, unit=unit).select_related("unit").first()

    def values(s, name):
        return [name, s.households_total, s.households_checked, s.households_submitted, s.households_approved,
                s.households_returned, s.coverage, s.key_total, s.key_done, s.villages_total, s.villages_submitted,
                s.problems_total, s.problems_per_100, s.problems_rectified, s.rectification_rate, s.problems_closed,
                s.problems_overdue]

    def rows():
        for s in summaries:
            yield "", values(s, s.unit.name), False
        if own:
            yield "", values(own, f"{unit.name}合计"), True

    computed = f"（汇总计算时间 {timezone.localtime(own.computed_at):%Y-%m-%d %H:%M}）" if own else ""
    return Table(Layout(f"{campaign.name}汇总表", _subtitle(unit, campaign) + computed, SUMMARY_COLUMNS,
                        ["填报人", "审核人"]),
                 total=len(summaries) + (1 if own else 0), groups={"": len(summaries) + 1}, rows=rows(),
                 sheet_name="汇总表")


# 附件3 县乡问题排查表 as the seed prints it: one table per county, its 县级 items then every township's
# 乡级 items, in three columns (排查层级 / 排查内容 / 备注), each answer box ticked.
BOXES = {"yes": "(是☑否□)", "no": "(是□否☑)"}
EMPTY_BOX = "(是□否□)"


@dataclass
class JointPart:
    """One unit's part of a joint table: its level as the seed names it and its items as (排查内容, 备注)."""

    level: str
    unit_name: str
    items: list[tuple[str, str]] = field(default_factory=list)


def joint_table(title: str, subtitle: str, columns: list[str], parts: list[JointPart],
                signatures: list[str]) -> Table:
    """Pure: the parts in, the appendix table out (write it with exports.jobs.write_workbook)."""
    widths = [12, 80, 30]
    layout = Layout(title, subtitle, [Column(name, name, width, wrap=True) for name, width in zip(columns, widths)],
                    signatures)

    def rows():
        for index, part in enumerate(parts):
            for position, (content, remark) in enumerate(part.items):
                level = f"{part.level}\n{part.unit_name}" if position == 0 else ""
                yield index, [level, content, remark], False

    return Table(layout, total=sum(len(p.items) for p in parts),
                 groups={index: len(p.items) for index, p in enumerate(parts)}, rows=rows(), sheet_name=title[-20:])


def _joint_items(sections, questions, answers: dict | None) -> list[tuple[str, str]]:
    items = []
    for section in sections:
        own = [q for q in questions if q.section_id == section.pk]
        asked = []
        for q in own:
            if not q.is_flag:
                continue
            value = (answers or {}).get(q.key)
            description = (answers or {}).get(q.key + "__desc", "") if value == "yes" else ""
            asked.append(q.text + BOXES.get(value, EMPTY_BOX) + (f"（问题描述：{description}）" if description else ""))
        remark = "；".join(str((answers or {}).get(q.key, "")) for q in own if q.kind == QuestionKind.TEXT
                          and (answers or {}).get(q.key))
        items.append((f"{section.position}. " + "；".join(asked), remark))
    return items


def joint_appendix_table(campaign, county_template, township_template, county) -> Table:
    """附件3 for one county: the county's part and every township's part of the campaign, as one table."""
    parts = []
    for template, forms in (
        (county_template, Submission.objects.filter(campaign=campaign, template=county_template, unit=county)
         .order_by(F("department__name").asc(nulls_first=True))),  # the county's own part, then its departments'
        (township_template, Submission.objects.filter(campaign=campaign, template=township_template,
                                                      unit__code__subtree=county.code).order_by("unit_id")),
    ):
        sections = list(template.sections.order_by("position"))
        questions = list(template.questions.order_by("position"))
        for form in forms.select_related("unit", "department"):
            answers = form.answers if form.status in EXPORTED_STATUSES else None
            status = "" if answers is not None else f"（{STATUS_LABELS.get(form.status, form.status)}）"
            level = sections[0].title if sections else ""
            parts.append(JointPart(level, form.subject_name + status, _joint_items(sections, questions, answers)))
    title = re.sub(r"（[^（）]*）$", "", county_template.name)
    return joint_table(title, _subtitle(county, campaign), county_template.columns or ["排查层级", "排查内容", "备注"],
                       parts, [s["label"] for s in county_template.signatures])
