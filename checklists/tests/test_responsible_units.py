"""Lead and co-responsible units come from the seeds' 责任单位 lines and are stored on each question."""

import re

import pytest

from .seedtext import FANGCHENG, QIEMO, seed_text, squash

FANGCHENG_CODES = ["fangcheng-household", "fangcheng-village", "fangcheng-county", "fangcheng-township"]
QIEMO_CODES = ["qiemo-household", "qiemo-village", "qiemo-township"]


def fangcheng_unit_lines() -> list[str]:
    return [squash(line) for line in re.findall(r"责任单位：([^\n]+)", seed_text(FANGCHENG))]


def named_in(name: str, lines: list[str]) -> bool:
    """The seed names the unit, or (for a working group) names it among several: "党建助脱贫、政策落实、兜底保障工作组"."""
    name = squash(name)
    if any(name in line for line in lines):
        return True
    if not name.endswith("工作组"):
        return False
    group = name.removesuffix("工作组")
    return any(re.search(rf"(^|[、，]){re.escape(group)}[、，]?[^，]*工作组", line) for line in lines)


@pytest.mark.parametrize("code", FANGCHENG_CODES)
def test_fangcheng_units_are_the_ones_section_2_names(templates, code):
    lines = fangcheng_unit_lines()
    assert len(lines) == 6
    for q in templates[code].questions.filter(kind="flag"):
        for name in [q.department, *q.co_departments] if q.department else q.co_departments:
            assert named_in(name, lines), (q.key, name)
        assert q.department not in q.co_departments


def test_a_made_up_unit_is_not_taken_for_a_seed_unit():
    lines = fangcheng_unit_lines()
    assert named_in("政策落实工作组", lines) and named_in("项目资金工作组", lines)
    assert not named_in("住房工作组", lines) and not named_in("发改局", lines)


def test_fangcheng_household_routes_each_task_with_its_working_group(templates):
    questions = {q.key: q for q in templates["fangcheng-household"].questions.all()}
    assert (questions["housing_unsafe"].department, questions["housing_unsafe"].co_departments) == (
        "住建局", ["政策落实工作组"])
    assert (questions["health_uninsured"].department, questions["health_uninsured"].co_departments) == (
        "医保局", ["政策落实工作组", "卫健委"])
    # a question inherits its item's co-responsible units, never listing its own lead among them
    assert (questions["health_card_unused"].department, questions["health_card_unused"].co_departments) == (
        "卫健委", ["政策落实工作组", "医保局"])
    assert (questions["disability_unassessed"].department, questions["disability_unassessed"].co_departments) == (
        "残联", ["兜底保障工作组"])
    assert questions["home_untidy"].department == "" and questions["home_untidy"].co_departments == []
    routed = [q for q in questions.values() if q.kind == "flag" and q.department]
    assert len(routed) == 28 and all(q.co_departments for q in routed)


@pytest.mark.parametrize("code", QIEMO_CODES)
def test_qiemo_units_are_the_ones_section_6_names(templates, code):
    text = seed_text(QIEMO)
    duties = squash(text[text.index("六、责任分工"):text.index("七、工作要求")])
    for q in templates[code].questions.filter(kind="flag"):
        assert q.department
        for name in [q.department, *q.co_departments]:
            assert name in duties or name == "扶贫办" and "县扶贫办" in squash(text), (q.key, name)


def test_qiemo_names_units_together_as_section_6_does(templates):
    household = {q.key: q for q in templates["qiemo-household"].questions.all()}
    # (一) 县农业局、人社局负责贫困人口产业增收工作; (四) 县农经局 verifies the income
    assert (household["no_stable_income"].department, household["no_stable_income"].co_departments) == (
        "农业局", ["人社局", "农经局"])
    village = {q.key: q for q in templates["qiemo-village"].questions.all()}
    # (十四) 县人民政府办公室协调通信公司负责“有通信网络”工作
    assert (village["no_telecom"].department, village["no_telecom"].co_departments) == ("县人民政府办公室", ["通信公司"])
