from checklists import engine
from checklists.tests.conftest import fangcheng_household_answers


def test_a_correct_household_form_passes(templates):
    answers, errors = engine.validate(templates["fangcheng-household"], fangcheng_household_answers(), final=True)
    assert errors == {}
    assert answers["income_total"] == "30000" and answers["members"] == 3


def test_income_parts_must_add_up_to_the_total(templates):
    data = fangcheng_household_answers(income_wage="25000")
    _, errors = engine.validate(templates["fangcheng-household"], data, final=True)
    assert errors == {"income_total": "工资性、生产经营性、转移性、财产性收入之和应等于家庭纯收入"}


def test_members_able_to_work_cannot_exceed_members(templates):
    _, errors = engine.validate(templates["fangcheng-household"],
                                fangcheng_household_answers(members_able_to_work="4"), final=True)
    assert errors == {"members_able_to_work": "有劳动能力人数不能超过家里人口数"}


def test_negative_amounts_and_non_numbers_are_refused(templates):
    data = fangcheng_household_answers(income_property="-10", members="三")
    _, errors = engine.validate(templates["fangcheng-household"], data, final=True)
    assert errors["income_property"] == "金额不能为负数"
    assert errors["members"] == "请填写整数"


def test_every_yes_needs_a_problem_description(templates):
    data = fangcheng_household_answers(housing_unsafe="yes", water_unsafe="yes", water_unsafe__desc="井水浑浊")
    _, errors = engine.validate(templates["fangcheng-household"], data, final=True)
    assert errors == {"housing_unsafe__desc": "选“是”时必须填写问题描述"}


def test_unanswered_questions_are_named(templates):
    data = fangcheng_household_answers()
    del data["edu_dropout"]
    _, errors = engine.validate(templates["fangcheng-household"], data, final=True)
    assert errors == {"edu_dropout": "请选择“是”或“否”"}


def test_large_expense_asks_for_the_amounts(templates):
    _, errors = engine.validate(templates["fangcheng-household"],
                                fangcheng_household_answers(large_expense="yes"), final=True)
    assert set(errors) == {"expense_education", "expense_medical"}


def test_a_draft_may_be_incomplete_but_not_malformed(templates):
    template = templates["fangcheng-household"]
    assert engine.validate(template, {"members": "3"}, final=False)[1] == {}
    assert engine.validate(template, {"members": "-1"}, final=False)[1] == {"members": "不能为负数"}


def test_identification_rules_follow_the_city_template(templates):
    template = templates["city-identification"]
    data = {"meets_standard": "yes", "registered": "no", "wrongly_out": "no", "wrongly_in": "no", "no_archive": "no"}
    _, errors = engine.validate(template, data, final=True)
    assert errors == {"wrongly_out": "符合标准但未纳入，属“应进未进”：“是否未做到应进必进”应选“是”"}


def test_collective_income_below_fifty_thousand_must_be_flagged(templates):
    template = templates["qiemo-village"]
    data = {q.key: "no" for q in template.questions.filter(kind="flag")}
    data["collective_income"] = "30000"
    _, errors = engine.validate(template, data, final=True)
    assert "no_collective_income" in errors
