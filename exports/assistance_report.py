"""回头帮 workbooks: a list as 且末's 回头帮成果统计表 (附件4–6) filled from the ledger, a plan as the office
prints it (title, unit, table, signature and date lines), and the year-end acceptance (验收) list.

Rows come through assistance.selectors (which read problems through rectification.selectors), so a
workbook holds exactly what its requester sees on the page. The result columns and their 完成情况 are
the ones of the typed form (checklists.definitions.RESULT_FIELDS): one definition of the table.
"""

import functools
import tempfile

from django.utils import timezone

from assistance import selectors
from assistance.models import LINE_FIELDS, TOWNSHIP_ANSWERS, Plan
from checklists.definitions import RESULT_FIELDS, load_all
from checklists.models import FormLevel
from core.excel import Column, Layout
from rectification.models import Measure
from rectification.selectors import problems_for
from units import codes
from units.models import AdminUnit, Department

from .jobs import write_workbook
from .tables import CHUNK, Table

def measure_contents(problem_ids) -> dict[int, str]:
    """problem id -> its 整改措施 (the 回头帮 measures) in order, as the appendix's one cell holds them."""
    contents: dict[int, list[str]] = {}
    for problem_id, content in (Measure.objects.filter(problem_id__in=problem_ids).order_by("problem_id", "position")
                                .values_list("problem_id", "content")):
        contents.setdefault(problem_id, []).append(content)
    return {pk: "；".join(texts) for pk, texts in contents.items()}


RESULT_GROUP = "“回头帮”成果"
LEAD = {
    FormLevel.HOUSEHOLD: ["序号", "乡镇(街道)", "村", "户主姓名"],
    FormLevel.VILLAGE: ["序号", "乡镇(街道)", "村"],
    FormLevel.TOWNSHIP: ["序号", "乡镇(街道)"],
}
DEFAULT_SIGNATURES = ["填表人(签字)", "负责人(签字)"]


@functools.cache
def result_table_codes() -> frozenset[str]:
    """The forms that are 回头帮 result tables (those defined `result_table_for` a baseline form)."""
    return frozenset(d["code"] for d in load_all() if d.get("result_table_for"))


def help_list_columns(level: str) -> list[Column]:
    columns = [Column(name, name, 6 if name == "序号" else 12) for name in LEAD[level]]
    columns += [Column("问题类别", "问题类别", 14, wrap=True), Column("问题描述", "问题描述", 30, wrap=True),
                Column("责任单位", "责任单位", 14)]
    return columns + [Column(RESULT_GROUP, f["text"], 24 if f["kind"] == "text" else 12, wrap=f["kind"] == "text")
                      for f in RESULT_FIELDS]


def help_list_table(user, help_list, level: str) -> Table:
    """One list's 回头帮 objects at this level (户 附件4, 村 附件5, 乡镇 附件6), as its responsible unit prints it."""
    problems = selectors.list_problems(user, help_list)
    heading = (f"单位：{help_list.unit.full_name}    责任单位：{help_list.responsible_label}    "
               f"完成时限：{help_list.deadline:%Y-%m-%d}")
    return result_table(help_list.campaign, level, problems, heading)


def unit_result_table(user, campaign, unit, level: str) -> Table:
    """村填报、乡镇汇总: every listed object of a village or township at this level, all responsible units."""
    return result_table(campaign, level, selectors.listed_problems(user, campaign, unit.code),
                        f"单位：{unit.full_name}")


def result_table(campaign, level: str, problems, heading: str) -> Table:
    """The 回头帮成果统计表 of the campaign at this level, its rows read from the ledger; titled and signed as the
    campaign's typed result form of that level when it has one."""
    template = (campaign.templates.filter(level=level, code__in=result_table_codes())
                .order_by("code", "-version").first())
    title = template.name if template else f"“回头帮”成果统计表（{FormLevel(level).label}）"
    signatures = [s["label"] for s in template.signatures] if template else DEFAULT_SIGNATURES
    problems = [p for p in problems if selectors.object_level(p.unit_id, p.household_id) == level]
    townships = dict(AdminUnit.objects.filter(code__in={codes.township_code(p.unit_id) for p in problems})
                     .values_list("code", "name"))
    subtitle = (f"{heading}    专项行动：{campaign.name}    导出时间：{timezone.localtime():%Y-%m-%d %H:%M}")

    measures = measure_contents([p.pk for p in problems])

    def rows():
        for index, p in enumerate(problems, start=1):
            lead = [index, townships.get(codes.township_code(p.unit_id), "")]
            if level != FormLevel.TOWNSHIP:
                lead.append(p.unit.name)
            if level == FormLevel.HOUSEHOLD:
                lead.append(p.household.head_name)
            yield "", lead + [p.category, p.description, p.lead_label, measures.get(p.pk, ""), p.deadline,
                              selectors.progress_label(p.status), p.evidence_text], False

    return Table(Layout(title, subtitle, help_list_columns(level), signatures, title_columns=len(LEAD[level])),
                 total=len(problems), groups={"": len(problems)}, rows=rows(), sheet_name=title[-20:])


PLAN_TAIL = [Column("进度", "涉及问题", 18, wrap=True), Column("进度", "已销号/总数", 10),
             Column("进度", "逾期", 8)]


def plan_columns(plan: Plan) -> list[Column]:
    widths = {"target": 30, "standard": 24, "schedule": 20, "evaluation": 20, "accountability": 20,
              "deadline": 12, "persons": 14}
    return ([Column("序号", "序号", 6)]
            + [Column(label, label, widths[name], wrap=name not in ("deadline", "persons"))
               for name, label in LINE_FIELDS[plan.kind]] + PLAN_TAIL)


def plan_table(user, plan: Plan) -> Table:
    lines = list(plan.lines.all())
    progress = selectors.line_progress(user, plan)
    covered = selectors.line_problem_ids(plan)
    numbers = dict(problems_for(user).filter(pk__in={p for ids in covered.values() for p in ids})
                   .values_list("pk", "number"))
    decided = (f"    审批：{plan.get_status_display()} {timezone.localtime(plan.decided_at):%Y-%m-%d}"
               if plan.decided_at else f"    状态：{plan.get_status_display()}")
    subtitle = f"编制单位：{plan.writer_label}（{plan.unit.full_name}）    年度：{plan.year}{decided}"

    def rows():
        for line in lines:
            figures = progress[line.pk]
            shown = sorted(numbers[p] for p in covered.get(line.pk, []) if p in numbers)
            yield "", [line.position, *(getattr(line, name) for name, _ in LINE_FIELDS[plan.kind]),
                       "、".join(f"{n:06d}" for n in shown), figures.label, figures.overdue], False

    signatures = ["编制单位负责人(签字)", "县扶贫办审核(签字)"]
    return Table(Layout(plan.title, subtitle, plan_columns(plan), signatures), total=len(lines),
                 groups={"": len(lines)}, rows=rows(), sheet_name=plan.get_kind_display()[-20:])


ACCEPTANCE_COLUMNS = [Column(n, n, w, wrap=w >= 20) for n, w in [
    ("序号", 6), ("问题编号", 15), ("乡镇(街道)", 12), ("村/单位", 14), ("户主姓名", 10), ("问题类别", 14),
    ("问题描述", 30), ("责任单位", 14), ("“回头帮”措施（补课清单）", 24), ("完成时限", 12), ("验收结果", 20)]]


def acceptance_table(user, year: int) -> Table:
    """Every 回头帮 object of the year and its result; rows read as values, not objects (a county has thousands)."""
    problems = selectors.acceptance_problems(user, year).order_by("unit_id", "campaign_id", "number")
    carried = selectors.carried_to(user, problems)
    departments = dict(Department.objects.filter(pk__in=problems.values("department_id")).values_list("pk", "name"))
    fields = ["pk", "campaign__year", "campaign_id", "number", "unit_id", "unit__name", "household__head_name",
              "category", "description", "department_id", "deadline", "status"]
    total = problems.count()
    measures = measure_contents(problems.values_list("pk", flat=True))

    def rows():
        townships = {}
        for index, (pk, campaign_year, campaign_id, number, unit_id, unit_name, head, category, description,
                    department_id, deadline, status) in enumerate(
                problems.values_list(*fields).iterator(chunk_size=CHUNK), start=1):
            township = codes.township_code(unit_id) if codes.is_at_or_below(unit_id, codes.TOWNSHIP) else ""
            if township not in townships:
                townships[township] = AdminUnit.objects.filter(code=township).values_list("name", flat=True).first()
            yield "", [index, f"{campaign_year}-{campaign_id}-{number:06d}", townships[township] or "", unit_name,
                       head or "", category, description, departments.get(department_id, TOWNSHIP_ANSWERS), measures.get(pk, ""),
                       deadline, selectors.acceptance_result(status, carried.get(pk))], False

    return Table(Layout(f"{year}年度“回头帮”对象验收表", f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}",
                        ACCEPTANCE_COLUMNS, ["验收人(签字)", "审核人(签字)"]),
                 total=total, groups={"": total}, rows=rows(), sheet_name="验收")


def workbook_file(table: Table):
    """The table written into an open temporary .xlsx, ready to be sent."""
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")
    write_workbook(table, handle.name)
    handle.seek(0)
    return handle
