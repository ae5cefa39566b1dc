"""The 通报 as an office issues it: one list of blocks, written to .docx (python-docx) and to PDF
(WeasyPrint, from an HTML template: pango lays out the Chinese text, and the PDF keeps it as text).

The figures come from the frozen weekly ranking and from the ledger on the day of issue; they are
stored on the bulletin (`figures`), so the documents and the page say the same thing."""

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db.models import Count, Q
from django.template.loader import render_to_string

from dashboards.ranking import CRITERIA
from rectification.models import Problem
from rectification.selectors import problems_for

TOWNSHIP_HEADER = ["排名", "乡镇", "综合得分", "排查覆盖率（%）", "整改完成率（%）", "逾期问题", "问题总数", "已销号"]
DEPARTMENT_HEADER = ["责任单位", "牵头问题数", "已整改", "已销号", "逾期"]
CSS_PATH = Path(__file__).parent / "static" / "paperwork" / "bulletin_print.css"


def ledger_counts(problems, today: date) -> dict:
    """The ledger's counts, as the dashboards count them: withdrawn problems are no problems,
    已整改 includes 已销号, 逾期 is ProblemQuerySet.overdue()."""
    live = problems.exclude(status=Problem.Status.WITHDRAWN)
    counts = live.aggregate(
        total=Count("pk"),
        rectified=Count("pk", filter=Q(status__in=[Problem.Status.RECTIFIED, Problem.Status.CLOSED])),
        closed=Count("pk", filter=Q(status=Problem.Status.CLOSED)),
    )
    counts["overdue"] = live.overdue(today).count()
    return counts


def _number(value) -> str:
    return "—" if value is None else f"{value}"


def gather_figures(*, by, ranking, praised: list[str], criticized: list[str], today: date) -> dict:
    """Per township (frozen ranking + the ledger today) and per department (the ledger today)."""
    problems = problems_for(by).filter(campaign=ranking.campaign)
    townships = []
    for entry in ranking.entries.select_related("unit").order_by("rank"):
        counts = ledger_counts(problems.filter(unit__code__subtree=entry.unit.code), today)
        townships.append({
            "code": entry.unit.code, "name": entry.unit.name, "rank": entry.rank, "score": f"{entry.score}",
            "coverage": _number(entry.coverage), "rectification_rate": _number(entry.rectification_rate),
            "problems_overdue": entry.problems_overdue, "problems_total": counts["total"],
            "problems_closed": counts["closed"],
        })
    in_county = problems.filter(unit__code__subtree=ranking.unit.code, department__isnull=False)
    departments = []
    for department_id, name in (in_county.values_list("department_id", "department__name").distinct()
                                .order_by("department__name")):
        counts = ledger_counts(in_county.filter(department_id=department_id), today)
        departments.append({"name": name, "problems_total": counts["total"], "problems_rectified": counts["rectified"],
                            "problems_closed": counts["closed"], "problems_overdue": counts["overdue"]})
    names = {t["code"]: t["name"] for t in townships}
    return {"week": ranking.week.isoformat(), "townships": townships, "departments": departments,
            "praised": [names[c] for c in praised if c in names],
            "criticized": [names[c] for c in criticized if c in names]}


def township_rows(figures: dict) -> list[list[str]]:
    return [[str(t["rank"]), t["name"], t["score"], t["coverage"], t["rectification_rate"],
             str(t["problems_overdue"]), str(t["problems_total"]), str(t["problems_closed"])]
            for t in figures["townships"]]


def department_rows(figures: dict) -> list[list[str]]:
    return [[d["name"], str(d["problems_total"]), str(d["problems_rectified"]), str(d["problems_closed"]),
             str(d["problems_overdue"])] for d in figures["departments"]]


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass
class Block:
    kind: str  # title, number, para, heading, table, sign
    text: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def blocks(bulletin) -> list[Block]:
    """The document, top to bottom: the one content both files are written from."""
    figures = bulletin.figures
    period = f"{chinese_date(bulletin.period_start)}至{chinese_date(bulletin.period_end)}"
    praised = "、".join(figures["praised"])
    criticized = "、".join(figures["criticized"])
    out = [
        Block("title", bulletin.title),
        Block("number", bulletin.document_number),
        Block("para", f"各乡镇、县直有关单位：按照“{bulletin.campaign.name}”一周一调度一排队的要求，"
                      f"现将{period}工作进展情况通报如下。"),
        Block("heading", "一、乡镇排名"),
        Block("table", header=TOWNSHIP_HEADER, rows=township_rows(figures)),
        Block("para", f"排序规则：{CRITERIA}"),
        Block("heading", "二、行业部门问题整改情况"),
    ]
    if figures["departments"]:
        out.append(Block("table", header=DEPARTMENT_HEADER, rows=department_rows(figures)))
    else:
        out.append(Block("para", "本期没有派给行业部门的问题。"))
    out.append(Block("heading", "三、表扬与批评"))
    out.append(Block("para", f"对{praised}予以通报表扬。" if praised else "本期无通报表扬单位。"))
    out.append(Block("para", f"对{criticized}予以通报批评，请于一周内整改到位并书面说明情况。"
                             if criticized else "本期无通报批评单位。"))
    out.append(Block("sign", bulletin.issuing_office))
    out.append(Block("sign", chinese_date(bulletin.issued_on)))
    return out


def write_docx(bulletin) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "宋体"
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    for block in blocks(bulletin):
        if block.kind == "table":
            table = document.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header):
                cell.text = text
            for row in block.rows:
                for cell, text in zip(table.add_row().cells, row):
                    cell.text = text
            continue
        paragraph = document.add_paragraph()
        run = paragraph.add_run(block.text)
        if block.kind == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold, run.font.size = True, Pt(20)
        elif block.kind == "number":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif block.kind == "heading":
            run.bold = True
        elif block.kind == "sign":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_pdf(bulletin) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string("paperwork/bulletin_print.html", {"bulletin": bulletin, "blocks": blocks(bulletin)})
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(CSS_PATH))])
