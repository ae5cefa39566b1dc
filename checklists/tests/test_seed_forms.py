"""Each form asks what its seed asks: whole texts compared with the seed's whole texts, counts with its counts."""

import re

import pytest

from checklists.models import QuestionKind

from .seedtext import CITY, FANGCHENG, FUZHOU, QIEMO, fangcheng_appendix, seed_text, squash

# (items, 是/否 problem questions) as the seeds print or state them.
EXPECTED = {
    "fangcheng-household": (13, 29),
    "fangcheng-village": (6, 25),
    "fangcheng-county": (7, 12),
    "fangcheng-township": (5, 6),
    "qiemo-household": (3, 12),   # 五有 5, 四保障 4, 档案资料 3 (完整, 四统一, 手册和扶持证)
    "qiemo-village": (2, 10),     # 三通 3, 七有 7
    "qiemo-township": (1, 5),     # 乡镇五有
    "fuzhou-township": (6, 44),   # every question of 榕扶办〔2018〕80号 二 (一)–(六): 5, 19, 3, 7, 5, 5
    "fuzhou-county": (6, 44),
    "city-identification": (1, 3),
    "city-helpers": (1, 5),
    "city-funds": (2, 6),
}
# 附件 number and, for 附件3, the 排查层级 of the part the form holds.
FANGCHENG_FORMS = {
    "fangcheng-household": (1, ""),
    "fangcheng-village": (2, ""),
    "fangcheng-county": (3, "县级"),
    "fangcheng-township": (3, "乡级"),
}
# Forms whose questions the seeds do not print as a table: each quotes the standard it checks.
DERIVED = {
    "qiemo-household": QIEMO, "qiemo-village": QIEMO, "qiemo-township": QIEMO,
    "fuzhou-township": FUZHOU, "fuzhou-county": FUZHOU,
    "city-identification": CITY, "city-helpers": CITY, "city-funds": CITY,
}
ASKED = (QuestionKind.FLAG, QuestionKind.YES_NO)


def sections_with_questions(template):
    questions = list(template.questions.order_by("position"))
    return [(s, [q for q in questions if q.section_id == s.pk]) for s in template.sections.order_by("position")]


@pytest.mark.parametrize("code", EXPECTED)
def test_each_form_has_its_items_and_problem_questions(templates, code):
    items, flags = EXPECTED[code]
    template = templates[code]
    assert template.sections.count() == items
    assert template.questions.filter(kind=QuestionKind.FLAG).count() == flags


@pytest.mark.parametrize("code", FANGCHENG_FORMS)
def test_fangcheng_form_is_its_appendix_word_for_word(templates, code):
    number, level = FANGCHENG_FORMS[code]
    seed = fangcheng_appendix(number)
    items = [item for item in seed.items if not level or item.title == level]
    template = templates[code]

    assert template.name == seed.title + (f"（{level}）" if level else "")
    assert [squash(line) for line in template.header_lines] == seed.header_lines
    assert template.columns == seed.columns
    assert [squash(s["label"]) for s in template.signatures] == seed.signatures
    sections = sections_with_questions(template)
    assert [s.title for s, _ in sections] == [item.title for item in items]
    for (section, questions), item in zip(sections, items):
        assert [squash(q.text) for q in questions if q.kind in ASKED] == item.questions, section.title


def test_fangcheng_counts_are_the_seeds(templates):
    boxes = {code: sum(len(i.questions) for i in fangcheng_appendix(n).items if not lv or i.title == lv)
             for code, (n, lv) in FANGCHENG_FORMS.items()}
    # 附件1's one 有/无 box is the large-expense question of item 1, not a problem
    assert boxes == {"fangcheng-household": 30, "fangcheng-village": 25, "fangcheng-county": 12,
                     "fangcheng-township": 6}
    for code, count in boxes.items():
        assert templates[code].questions.filter(kind__in=ASKED).count() == count
    assert [len(fangcheng_appendix(n).items) for n in (1, 2, 3)] == [13, 6, 12]


def test_fangcheng_item_1_fills_the_seeds_blanks(templates):
    item = fangcheng_appendix(1).items[0]
    section, questions = sections_with_questions(templates["fangcheng-household"])[0]
    filled = [q for q in questions if q.kind in (QuestionKind.NUMBER, QuestionKind.MONEY)]
    assert [squash(q.standard) for q in filled] == item.blanks
    assert len(item.blanks) == 9
    assert [q.labels for q in questions if q.kind == QuestionKind.YES_NO] == [["有", "无"]]


@pytest.mark.parametrize("code", ["fangcheng-county", "fangcheng-township"])
def test_appendix_3_keeps_a_remark_per_item(templates, code):
    remark = fangcheng_appendix(3).columns[2]
    for section, questions in sections_with_questions(templates[code]):
        others = [q for q in questions if q.kind not in ASKED]
        assert [(q.kind, q.text, q.required) for q in others] == [(QuestionKind.TEXT, remark, False)], section


def quotes(text: str, standard: str) -> bool:
    """The standard's characters appear in the question in order: it only adds a negation around them."""
    rest = iter(squash(text))
    return all(char in rest for char in squash(standard).replace("了", ""))


@pytest.mark.parametrize("code", DERIVED)
def test_derived_question_quotes_its_standard_in_the_seeds_words(templates, code):
    seed = squash(seed_text(DERIVED[code]))
    template = templates[code]
    for section, questions in sections_with_questions(template):
        assert squash(section.title) in seed, section.title
        for q in questions:
            assert q.standard, f"{q.key} names no standard"
            assert squash(q.standard) in seed, q.standard
            assert quotes(q.text, q.standard), (q.text, q.standard)


def test_fuzhou_areas_are_the_six_of_section_2(templates):
    text = seed_text(FUZHOU)
    section = text[text.index("二、主要内容"):text.index("三、工作安排")]
    areas = [title for _, title in re.findall(r"[（(]([一二三四五六])[)）]([^。]+)。", section)]
    assert len(areas) == 6
    for code in ["fuzhou-township", "fuzhou-county"]:
        assert [s.title for s in templates[code].sections.order_by("position")] == areas


def test_fuzhou_county_form_asks_the_township_forms_questions_of_a_county(templates):
    township, county = templates["fuzhou-township"], templates["fuzhou-county"]
    assert (township.level, county.level) == ("township", "county")
    fields = ("key", "text", "kind", "department", "standard")
    assert list(county.questions.order_by("position").values_list(*fields)) == list(
        township.questions.order_by("position").values_list(*fields))
    assert [s["label"] for s in county.signatures] == ["县扶贫开发领导小组(签字)", "市扶贫办(签字)"]


def test_qiemo_forms_are_named_as_the_seed_lists_its_appendices(templates):
    listed = re.findall(r"\d\. (且末县[^\n]+表)", seed_text(QIEMO))
    # the seed's blanks (XX 乡镇 XX 村) are the subject, which the form's page shows
    names = [squash(t).replace("XX乡镇XX村", "").replace("XX乡镇", "乡镇") for t in listed]
    codes = ["household", "village", "township", "household-help", "village-help", "township-help"]
    assert names == [templates[f"qiemo-{c}"].name for c in codes]


def test_city_funds_is_a_county_form_checked_by_finance_and_audit(templates):
    template = templates["city-funds"]
    assert template.level == "county"
    assert set(template.questions.values_list("department", flat=True)) == {"财政局"}
    assert all("审计局" in q.co_departments for q in template.questions.all())
