"""Validating a filled form against its template, and laying it out for the page.

The page renders questions through a plain template loop (Django's widget rendering of
dozens of radio groups costs ~24 ms of CPU per page); validation uses a Django form
built once per template version.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from django import forms

from .models import ChecklistTemplate, Question, QuestionKind, Section

YES, NO = "yes", "no"
DESC_SUFFIX = "__desc"
DESC_REQUIRED = "选“是”时必须填写问题描述"


def _field(q: Question, final: bool) -> forms.Field:
    required = final and q.required
    if q.kind in (QuestionKind.FLAG, QuestionKind.YES_NO):
        yes, no = q.yes_no_labels
        return forms.ChoiceField(choices=[(YES, yes), (NO, no)], required=required,
                                 error_messages={"required": f"请选择“{yes}”或“{no}”"})
    if q.kind == QuestionKind.NUMBER:
        return forms.IntegerField(min_value=0, required=required, error_messages={
            "required": "请填写", "invalid": "请填写整数", "min_value": "不能为负数"})
    if q.kind == QuestionKind.MONEY:
        return forms.DecimalField(min_value=0, max_digits=14, decimal_places=2, required=required, error_messages={
            "required": "请填写金额（没有填 0）", "invalid": "请填写金额（数字）", "min_value": "金额不能为负数",
            "max_decimal_places": "金额最多两位小数", "max_digits": "金额过大"})
    if q.kind == QuestionKind.CHOICE:
        return forms.ChoiceField(choices=[(c, c) for c in q.choices], required=required,
                                 error_messages={"required": "请选择", "invalid_choice": "请从选项中选择"})
    if q.kind == QuestionKind.DATE:
        return forms.DateField(input_formats=["%Y-%m-%d"], required=required,
                               error_messages={"required": "请填写日期", "invalid": "日期格式应为 年-月-日"})
    max_length = 50 if q.kind == QuestionKind.SIGNATURE else 2000
    return forms.CharField(max_length=max_length, required=required, error_messages={
        "required": "请签字（填写姓名）" if q.kind == QuestionKind.SIGNATURE else "请填写",
        "max_length": f"不超过 {max_length} 字"})


def structure(template: ChecklistTemplate) -> tuple[list[Section], list[Question]]:
    """The template's sections and questions in order, read once per process: a template's
    content changes only together with its content_hash, which is part of the key."""
    return _structure(template.pk, template.content_hash)


@lru_cache(maxsize=64)
def _structure(template_id: int, content_hash: str) -> tuple[list[Section], list[Question]]:
    return (list(Section.objects.filter(template_id=template_id).order_by("position")),
            list(Question.objects.filter(template_id=template_id).order_by("position")))


@lru_cache(maxsize=64)
def _form_class(template_id: int, content_hash: str, final: bool) -> type[forms.Form]:
    sections, questions = _structure(template_id, content_hash)
    rules = [rule for section in sections for rule in section.rules]
    fields = {}
    for q in questions:
        fields[q.key] = _field(q, final)
        if q.is_flag:
            fields[q.key + DESC_SUFFIX] = forms.CharField(max_length=2000, required=False)

    def clean(form):
        data = forms.Form.clean(form)
        if final:
            for q in questions:
                if q.is_flag and data.get(q.key) == YES and not (data.get(q.key + DESC_SUFFIX) or "").strip():
                    form.add_error(q.key + DESC_SUFFIX, DESC_REQUIRED)
            for rule in rules:
                _apply_rule(form, data, rule)
        return data

    return type("ChecklistForm", (forms.Form,), {**fields, "clean": clean})


def _value(data, ref):
    if isinstance(ref, (int, float)):
        return ref
    return data.get(ref)


def _apply_rule(form, data, rule):
    kind, field, message = rule["rule"], rule.get("field"), rule["message"]
    if field and field in form.errors:
        return
    if kind == "sum":
        parts = [data.get(p) for p in rule["parts"]]
        total = data.get(rule["total"])
        if total is not None and None not in parts and sum(parts) != total:
            form.add_error(rule["total"], message)
    elif kind == "lte":
        value, limit = data.get(field), _value(data, rule["limit"])
        if value is not None and limit is not None and value > limit:
            form.add_error(field, message)
    elif kind == "range":
        value = data.get(field)
        if value is not None and not (rule["min"] <= value <= rule["max"]):
            form.add_error(field, message)
    elif kind == "required_if":
        if data.get(rule["when"]) == YES and data.get(field) in (None, ""):
            form.add_error(field, message)
    elif kind == "required_if_filled":
        if data.get(rule["when"]) and data.get(field) in (None, ""):
            form.add_error(field, message)
    elif kind == "flag_if_below":
        value = data.get(field)
        if value is not None and value < rule["limit"] and data.get(rule["flag"]) != YES:
            form.add_error(rule["flag"], message)
    elif kind == "implies":
        conditions = [(c.lstrip("!"), NO if c.startswith("!") else YES) for c in rule["when"]]
        if all(data.get(key) == expected for key, expected in conditions) and data.get(rule["then"]) != YES:
            form.add_error(rule["then"], message)


def validate(template: ChecklistTemplate, data, *, final: bool) -> tuple[dict, dict]:
    """(answers, errors). `final` checks what a submission needs; a draft checks only types."""
    form = _form_class(template.pk, template.content_hash, final)(data)
    if not form.is_valid():
        return {}, {key: " ".join(messages) for key, messages in form.errors.items()}
    return {k: _serialise(v) for k, v in form.cleaned_data.items() if v not in (None, "")}, {}


def _serialise(value):
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral() else format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def flagged(template_questions, answers: dict) -> list[tuple[Question, str]]:
    """The problem questions answered 是, each with its description."""
    return [
        (q, answers.get(q.key + DESC_SUFFIX, "").strip())
        for q in template_questions
        if q.is_flag and answers.get(q.key) == YES
    ]


@dataclass
class Row:
    question: Question
    value: str
    description: str
    error: str
    description_error: str


def layout(template: ChecklistTemplate, values: dict, errors: dict) -> list[tuple]:
    """Sections with their rows of (question, current value, description, errors) for the page."""
    sections, questions = structure(template)
    questions_by_section: dict[int, list[Question]] = {}
    for q in questions:
        questions_by_section.setdefault(q.section_id, []).append(q)
    result = []
    for section in sections:
        rows = [
            Row(q, _display(values.get(q.key)), values.get(q.key + DESC_SUFFIX, ""),
                errors.get(q.key, ""), errors.get(q.key + DESC_SUFFIX, ""))
            for q in questions_by_section.get(section.pk, [])
        ]
        result.append((section, rows))
    return result


def _display(value) -> str:
    return "" if value is None else str(value)
