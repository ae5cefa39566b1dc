"""Kills the mutants of checklists/engine.py that the behaviour tests let live (tests/README.md):
each rule kind at, just under and just over its limit, money with cents round-tripped, the
problem description a 是 needs, drafts that check types only, and the page layout."""

from datetime import date
from decimal import Decimal

import pytest

from checklists import engine
from checklists.definitions import check
from checklists.models import ChecklistTemplate
from checklists.services import load_template

DEFINITION = {
    "code": "rules", "name": "规则", "source": "测试", "level": "village",
    "sections": [
        {"title": "收入", "questions": [
            {"key": "total", "kind": "money", "text": "纯收入"},
            {"key": "wage", "kind": "money", "text": "工资性收入"},
            {"key": "other", "kind": "money", "text": "其他收入"},
            {"key": "members", "kind": "number", "text": "人口"},
            {"key": "workers", "kind": "number", "text": "劳动力"},
            {"key": "rate", "kind": "number", "text": "参保率"},
            {"key": "low_income", "kind": "flag", "text": "收入是否偏低"},
        ], "rules": [
            {"rule": "sum", "total": "total", "parts": ["wage", "other"], "message": "收入之和不符"},
            {"rule": "lte", "field": "workers", "limit": "members", "message": "劳动力不能多于人口"},
            {"rule": "lte", "field": "members", "limit": 10, "message": "人口不超过10"},
            {"rule": "range", "field": "rate", "min": 0, "max": 100, "message": "参保率应在 0 到 100 之间"},
            {"rule": "flag_if_below", "field": "total", "limit": 10000, "flag": "low_income",
             "message": "收入低于一万元应标记"},
        ]},
        {"title": "住房", "questions": [
            {"key": "unsafe", "kind": "flag", "text": "住房是否不安全"},
            {"key": "repaired", "kind": "yes_no", "text": "是否已改造", "labels": ["已改造", "未改造"]},
            {"key": "when", "kind": "date", "text": "改造日期", "required": False},
            {"key": "measure", "kind": "text", "text": "措施", "required": False},
            {"key": "deadline", "kind": "text", "text": "时限", "required": False},
            {"key": "checked", "kind": "flag", "text": "是否复核"},
        ], "rules": [
            {"rule": "required_if", "field": "when", "when": "repaired", "message": "已改造的请填日期"},
            {"rule": "required_if_filled", "field": "deadline", "when": "measure", "message": "填了措施请填时限"},
            {"rule": "implies", "when": ["unsafe", "!repaired"], "then": "checked", "message": "不安全且未改造须复核"},
        ]},
    ],
}
VALID = {"total": "30000.5", "wage": "20000.25", "other": "10000.25", "members": "3", "workers": "2", "rate": "100",
         "low_income": "no", "unsafe": "no", "repaired": "no", "checked": "no"}


@pytest.fixture
def template(db):
    load_template(check(DEFINITION))
    return ChecklistTemplate.objects.get(code="rules")


def errors_of(template, **changes):
    return engine.validate(template, {**VALID, **changes}, final=True)[1]


def test_valid_answers_round_trip_with_their_cents(template):
    answers, errors = engine.validate(template, VALID, final=True)
    assert errors == {}
    assert answers == {"total": "30000.5", "wage": "20000.25", "other": "10000.25", "members": 3, "workers": 2,
                       "rate": 100, "low_income": "no", "unsafe": "no", "repaired": "no", "checked": "no"}


def test_money_is_kept_exactly():
    assert [engine._serialise(Decimal(v)) for v in ("0.10", "12.30", "5.00", "100", "0", "7.05")] == [
        "0.1", "12.3", "5", "100", "0", "7.05"]
    assert engine._serialise(date(2026, 8, 1)) == "2026-08-01" and engine._serialise(3) == 3


def test_sum_rule_holds_to_the_cent(template):
    assert errors_of(template, total="30000.51") == {"total": "收入之和不符"}
    assert errors_of(template, total="30000.49") == {"total": "收入之和不符"}


def test_lte_rule_against_another_answer_and_a_number(template):
    assert errors_of(template, workers="3") == {}
    assert errors_of(template, workers="4") == {"workers": "劳动力不能多于人口"}
    assert errors_of(template, members="10", workers="1") == {}
    assert errors_of(template, members="11", workers="1") == {"members": "人口不超过10"}


@pytest.mark.parametrize("rate, error", [("0", None), ("100", None), ("101", "参保率应在 0 到 100 之间")])
def test_range_rule_includes_both_ends(template, rate, error):
    assert errors_of(template, rate=rate) == ({"rate": error} if error else {})


def test_flag_if_below_asks_for_the_flag_under_the_limit_only(template):
    low = {"total": "9999.99", "wage": "9999.99", "other": "0"}
    assert errors_of(template, **low) == {"low_income": "收入低于一万元应标记"}
    assert errors_of(template, **low, low_income="yes", low_income__desc="年收入不足一万") == {}
    assert errors_of(template, total="10000", wage="10000", other="0") == {}


def test_required_if_and_required_if_filled(template):
    assert errors_of(template, repaired="yes") == {"when": "已改造的请填日期"}
    assert errors_of(template, repaired="yes", when="2026-08-01") == {}
    assert errors_of(template, measure="加固") == {"deadline": "填了措施请填时限"}
    assert errors_of(template, measure="加固", deadline="年底") == {}


def test_implies_needs_every_condition(template):
    assert errors_of(template, unsafe="yes", unsafe__desc="墙体开裂") == {"checked": "不安全且未改造须复核"}
    assert errors_of(template, unsafe="yes", unsafe__desc="墙体开裂", repaired="yes", when="2026-08-01") == {}
    assert errors_of(template, unsafe="yes", unsafe__desc="墙体开裂", checked="yes", checked__desc="已复核") == {}


def test_a_flag_answered_yes_needs_its_description(template):
    assert errors_of(template, checked="yes") == {"checked__desc": engine.DESC_REQUIRED}
    assert errors_of(template, checked="yes", checked__desc="  ") == {"checked__desc": engine.DESC_REQUIRED}


def test_a_rule_on_a_field_with_a_type_error_adds_nothing_more(template):
    assert errors_of(template, workers="两") == {"workers": "请填写整数"}


def test_a_draft_checks_types_only(template):
    answers, errors = engine.validate(template, {"workers": "9", "members": "1", "repaired": "yes"}, final=False)
    assert errors == {} and answers == {"workers": 9, "members": 1, "repaired": "yes"}
    assert engine.validate(template, {"total": "-1"}, final=False)[1] == {"total": "金额不能为负数"}


def test_flagged_lists_the_yes_answers_with_their_descriptions(template):
    _, questions = engine.structure(template)
    found = engine.flagged(questions, {"unsafe": "yes", "unsafe__desc": " 墙体开裂 ", "checked": "no",
                                       "low_income": "yes"})
    assert [(q.key, d) for q, d in found] == [("low_income", ""), ("unsafe", "墙体开裂")]


def test_layout_puts_each_question_in_its_section_with_its_value_and_errors(template):
    rows = engine.layout(template, {"members": 3, "unsafe__desc": "墙"}, {"members": "请填写", "unsafe__desc": "缺"})
    assert [(s.title, [r.question.key for r in rs]) for s, rs in rows] == [
        ("收入", ["total", "wage", "other", "members", "workers", "rate", "low_income"]),
        ("住房", ["unsafe", "repaired", "when", "measure", "deadline", "checked"])]
    members = rows[0][1][3]
    assert (members.value, members.error, rows[0][1][0].value) == ("3", "请填写", "")
    unsafe = rows[1][1][0]
    assert (unsafe.description, unsafe.description_error) == ("墙", "缺")


def test_yes_no_labels_are_the_questions_own(template):
    form = engine._form_class(template.pk, template.content_hash, True)()
    assert form.fields["repaired"].choices == [("yes", "已改造"), ("no", "未改造")]
    assert form.fields["unsafe"].choices == [("yes", "是"), ("no", "否")]
    assert errors_of(template, repaired="") == {"repaired": "请选择“已改造”或“未改造”"}


def test_answers_from_a_request_compare_by_value(template):
    """Request data are new string objects, never the interned constants of the code."""
    yes = "".join(["y", "es"])
    low = {"total": "9999.99", "wage": "9999.99", "other": "0"}
    assert errors_of(template, **low, low_income=yes, low_income__desc="年收入不足一万") == {}
    assert errors_of(template, repaired=yes) == {"when": "已改造的请填日期"}


def test_text_takes_2000_characters_and_a_signature_50(db):
    load_template(check({"code": "lengths", "name": "长度", "source": "测试", "level": "village", "sections": [
        {"title": "签字", "questions": [{"key": "note", "kind": "text", "text": "情况"},
                                       {"key": "signed", "kind": "signature", "text": "签字"}]}]}))
    template = ChecklistTemplate.objects.get(code="lengths")
    assert engine.validate(template, {"note": "情" * 2000, "signed": "张" * 50}, final=True)[1] == {}
    assert engine.validate(template, {"note": "情" * 2001, "signed": "张" * 51}, final=True)[1] == {
        "note": "不超过 2000 字", "signed": "不超过 50 字"}


def test_money_takes_two_decimals_at_most(template):
    assert errors_of(template, total="30000.505", wage="20000.255", other="10000.25")["total"] == "金额最多两位小数"
