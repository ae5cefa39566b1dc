"""Each seed form is present with the seed's items and questions, counted against the seed text."""

import re
from pathlib import Path

import pytest
from django.conf import settings

SEED = Path(settings.BASE_DIR).parent / "shared" / "seeds" / "003_9747f57ddc405200.txt"

# (items, flag questions) as the issue and the seeds state them.
EXPECTED = {
    "fangcheng-household": (13, 29),
    "fangcheng-village": (6, 25),
    "fangcheng-county": (7, 12),
    "fangcheng-township": (5, 6),
    "qiemo-household": (4, 14),   # 五有 5, 四保障 4, 四统一 3, 手册/扶持证 2
    "qiemo-village": (2, 10),     # 三通 3, 七有 7
    "qiemo-township": (1, 5),     # 乡镇五有
    "fuzhou-township": (6, 32),   # the six review areas of 榕扶办〔2018〕80号 二
    "city-identification": (1, 3),
    "city-helpers": (1, 5),
    "city-funds": (2, 6),
}


def flags_per_section(template):
    return [s.questions.filter(kind="flag").count() for s in template.sections.order_by("position")]


@pytest.mark.parametrize("code", EXPECTED)
def test_each_seed_form_has_its_items_and_problem_questions(templates, code):
    items, flags = EXPECTED[code]
    template = templates[code]
    assert template.sections.count() == items
    assert sum(flags_per_section(template)) == flags


def seed_flag_counts(appendix: str) -> list[int]:
    """Per numbered item of a 方城县 appendix, the number of 是/否 boxes in the seed text."""
    text = SEED.read_text(encoding="utf-8")
    start = text.index(f"附件 {appendix}\n")
    end = text.find("附件 ", start + 5)
    body = text[start:end if end > 0 else None]
    counts = []
    for line in body.splitlines():
        match = re.match(r"^\s*(?:县 级|乡 级)?\s*(\d+)\.\s", line) or re.match(r"^\t(\d+)\.\s", line)
        if match:
            counts.append(len(re.findall(r"是\s*(?:<input|□)", line)))
    return counts


@pytest.mark.skipif(not SEED.exists(), reason="shared/ is not beside the checkout")
def test_fangcheng_forms_match_the_seed_item_by_item(templates):
    household = seed_flag_counts("1")
    # item 1's 有/无 box is the large-expense flag, not a problem question
    assert flags_per_section(templates["fangcheng-household"]) == [0] + household[1:]
    assert "有 <input" in SEED.read_text(encoding="utf-8")
    assert list(templates["fangcheng-household"].questions.filter(kind="yes_no").values_list("labels", flat=True)) == [
        ["有", "无"]
    ]
    assert flags_per_section(templates["fangcheng-village"]) == seed_flag_counts("2")
    county_and_township = seed_flag_counts("3")
    assert flags_per_section(templates["fangcheng-county"]) == county_and_township[:7]
    assert flags_per_section(templates["fangcheng-township"]) == county_and_township[7:]


@pytest.mark.skipif(not SEED.exists(), reason="shared/ is not beside the checkout")
def test_fangcheng_questions_use_the_seeds_wording(templates):
    text = SEED.read_text(encoding="utf-8")
    for code in ["fangcheng-household", "fangcheng-village", "fangcheng-county", "fangcheng-township"]:
        for question in templates[code].questions.filter(kind="flag"):
            assert question.text in text, question.text


def test_qiemo_help_tables_mirror_their_baselines(templates):
    for level in ["household", "village", "township"]:
        baseline, result = templates[f"qiemo-{level}"], templates[f"qiemo-{level}-help"]
        assert result.sections.count() == baseline.sections.count()
        assert set(result.questions.values_list("kind", flat=True)) == {"text", "date", "choice"}
        assert result.questions.count() == 4 * baseline.sections.count()


def test_every_problem_question_carries_a_category_and_most_a_department(templates):
    for template in templates.values():
        for q in template.questions.filter(kind="flag"):
            assert q.category
    routed = templates["fangcheng-household"].questions.filter(kind="flag").exclude(department="")
    assert routed.count() == 28  # 户容户貌 stays with the township
    assert set(routed.values_list("department", flat=True)) >= {"住建局", "教体局", "医保局", "水利局", "民政局", "残联"}
