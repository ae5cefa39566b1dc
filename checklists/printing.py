"""A form as the seed prints it: title, unit line, every question with its box ticked, signatures.

One structure feeds the print page, the blank form and the PDF (checklists/pdf.py renders the
same HTML through WeasyPrint), so the three never disagree.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from core.pdf import render_pdf

from .engine import DESC_SUFFIX, YES, structure
from .models import ChecklistTemplate, QuestionKind, Submission

CHECKED, EMPTY = "☑", "□"
DEFAULT_COLUMNS = ["事项", "排查内容", "问题描述"]


def boxes(question, value) -> str:
    """(是☑否□) as the seed prints a 是/否 question, with the question's own labels."""
    yes, no = question.yes_no_labels
    return f"({yes}{CHECKED if value == YES else EMPTY}{no}{CHECKED if value == 'no' else EMPTY})"


@dataclass
class PrintedQuestion:
    text: str
    answer: str  # the ticked boxes, or the value filled in, "" when blank
    description: str = ""


@dataclass
class PrintedSection:
    title: str
    questions: list[PrintedQuestion] = field(default_factory=list)


@dataclass
class PrintedSignature:
    label: str
    name: str = ""
    date: str = ""


def _answer(question, answers: dict) -> str:
    value = answers.get(question.key)
    if question.kind in (QuestionKind.FLAG, QuestionKind.YES_NO):
        return boxes(question, value)
    if value in (None, ""):
        return ""
    return f"{value}{question.unit}" if question.kind in (QuestionKind.NUMBER, QuestionKind.MONEY) else str(value)


def printed_sections(template: ChecklistTemplate, answers: dict | None) -> list[PrintedSection]:
    """Every section and question of the form, answers ticked (`answers` None or {}: a blank form)."""
    answers = answers or {}
    sections, questions = structure(template)
    printed = []
    for section in sections:
        own = [q for q in questions if q.section_id == section.pk]
        printed.append(PrintedSection(f"{section.position}. {section.title}", [
            PrintedQuestion(q.text, _answer(q, answers),
                            answers.get(q.key + DESC_SUFFIX, "") if q.is_flag and answers.get(q.key) == YES else "")
            for q in own
        ]))
    return printed


def _day(moment) -> str:
    return f"{timezone.localtime(moment):%Y年%m月%d日}"


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def printed_signatures(template: ChecklistTemplate, submission: Submission | None) -> list[PrintedSignature]:
    """The form's signature lines (its YAML `signatures`), with who signed and when once signed."""
    signed = {}
    if submission is not None:
        if submission.checker_id and submission.submitted_at:
            signed["checker"] = (_person(submission.checker), _day(submission.submitted_at))
        if submission.status == Submission.Status.APPROVED and submission.reviewer_id:
            signed["reviewer"] = (_person(submission.reviewer), _day(submission.reviewed_at))
    return [PrintedSignature(sig["label"], *signed.get(sig["role"], ("", ""))) for sig in template.signatures]


def unit_line(submission: Submission) -> list[tuple[str, str]]:
    """The line above the seed's table, filled: 乡镇(街道)、村、户类型、户主姓名 (what applies)."""
    unit = submission.unit
    line = [("乡镇(街道)", u.name) for u in unit.ancestors() if u.level == "township"]
    village = unit.name + (f"（{unit.get_village_type_display()}）" if unit.village_type else "")
    line.append((unit.get_level_display(), village))
    if submission.department_id:
        line.append(("行业部门", submission.department.name))
    if submission.household_id:
        line += [("户类型", submission.household.get_kind_display()), ("户主姓名", submission.household.head_name),
                 ("户编号", submission.household.number)]
    return line


def print_context(template: ChecklistTemplate, submission: Submission | None = None) -> dict:
    return {
        "template": template,
        "submission": submission,
        "columns": (list(template.columns) + DEFAULT_COLUMNS[len(template.columns):])[:3],
        "unit_line": unit_line(submission) if submission else [],
        "sections": printed_sections(template, submission.answers if submission else None),
        "signatures": printed_signatures(template, submission),
    }


def submission_pdf(submission: Submission) -> bytes:
    """The PDF of one form: the print page's paper (checklists/print_paper.html) through WeasyPrint."""
    return render_pdf("checklists/print_document.html", print_context(submission.template, submission))


def pdf_filename(submission: Submission) -> str:
    return f"{submission.template.name}-{submission.unit.name}-{submission.subject_name}.pdf"
