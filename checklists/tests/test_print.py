"""The printed form (issue 19.7): the seed's paper — title, unit line, every question with its box
ticked, the signature lines of the form's definition — on the page, on a blank form and in the PDF."""

import io

import lxml.html
import pytest
from django.urls import reverse
from pypdf import PdfReader

from checklists.models import Question, Section, Submission
from checklists.tests.conftest import fangcheng_household_answers
from checklists.tests.test_entry_and_review import post_form, review


@pytest.fixture
def household_form(campaign, household):
    return Submission.objects.get(campaign=campaign, household=household)


@pytest.fixture
def signed_form(client, checker, reviewer, household_form):
    """附件1 with two problems ticked 是 (one described), submitted by the checker, approved by the reviewer."""
    client.force_login(checker)
    answers = {"housing_unsafe": "yes", "housing_unsafe__desc": "东墙开裂"}
    flags = list(Question.objects.filter(template=household_form.template, kind="flag").order_by("position"))
    answers[flags[-1].key], answers[flags[-1].key + "__desc"] = "yes", "未签约家庭医生"
    assert post_form(client, household_form, **answers).status_code == 302
    client.force_login(reviewer)
    review(client, household_form, "approve")
    household_form.refresh_from_db()
    assert household_form.status == Submission.Status.APPROVED
    return household_form


def expected_rows(template, answers: dict) -> list[list[str]]:
    """The table as the definition and the answers say it must print, row by row."""
    rows = []
    for section in Section.objects.filter(template=template).order_by("position"):
        for index, q in enumerate(section.questions.order_by("position")):
            value = answers.get(q.key)
            if q.kind in ("flag", "yes_no"):
                yes, no = q.yes_no_labels
                answer = f"({yes}{'☑' if value == 'yes' else '□'}{no}{'☑' if value == 'no' else '□'})"
            elif value in (None, ""):
                answer = "" if answers else "________"
            else:
                answer = f"{value}{q.unit}" if q.kind in ("number", "money") else str(value)
            description = answers.get(q.key + "__desc", "") if q.kind == "flag" and value == "yes" else ""
            cells = [f"{section.position}. {section.title}"] if index == 0 else []
            rows.append(cells + [f"{q.text} {answer}".strip(), description])
    return rows


def by_class(element, name: str) -> list:
    return element.xpath(f".//*[contains(concat(' ', @class, ' '), ' {name} ')]")


def paper(body: str):
    return lxml.html.fromstring(body).xpath("//article[@class='paper']")[0]


def table_rows(article) -> list[list[str]]:
    return [[" ".join(cell.text_content().split()) for cell in row.xpath("./th|./td")]
            for row in article.xpath(".//tbody/tr")]


def signature_lines(article) -> list[str]:
    return [" ".join(p.text_content().split()) for p in by_class(article, "paper-signature")]


def test_the_printed_household_form_is_the_definition_with_its_answers_ticked(client, signed_form, checker,
                                                                               reviewer, household):
    client.force_login(checker)
    response = client.get(reverse("checklists:print", args=[signed_form.pk]))
    assert response.status_code == 200
    article = paper(response.content.decode())
    template = signed_form.template
    assert article.xpath(".//h1")[0].text_content() == template.name
    village = household.village
    assert " ".join(by_class(article, "paper-unit")[0].text_content().split()) == (
        f"乡镇(街道)：{village.parent.name} 村：{village.name}（{village.get_village_type_display()}） 户类型：{household.get_kind_display()} "
        f"户主姓名：{household.head_name} 户编号：{household.number}")
    assert [c.text_content() for c in article.xpath(".//thead//th")] == ["事项", "排查问卷内容", "问题描述"]
    assert table_rows(article) == expected_rows(template, signed_form.answers)
    assert sum("是☑否□" in " ".join(row) for row in table_rows(article)) == 2
    day = f"{signed_form.reviewed_at.astimezone().date():%Y年%m月%d日}"
    assert signature_lines(article) == [
        f"排查人员(乡镇/村)、帮扶人(签字)：{checker.get_full_name() or checker.username} 日期：{day}",
        f"审核人员(村支书/第一书记)、责任组长(签字)：{reviewer.get_full_name() or reviewer.username} 日期：{day}",
    ]


def test_the_village_form_prints_its_own_signature_lines_unsigned_until_signed(client, campaign, village, checker):
    form = Submission.objects.get(campaign=campaign, unit=village, household=None, template__level="village")
    client.force_login(checker)
    article = paper(client.get(reverse("checklists:print", args=[form.pk])).content.decode())
    assert article.xpath(".//h1")[0].text_content() == form.template.name
    assert table_rows(article) == expected_rows(form.template, {"": ""})  # nothing answered: empty boxes
    assert signature_lines(article) == [
        "排查人员、支部书记、第一书记(签字)： 日期：______年____月____日",
        "包村干部、振兴办主任(签字)： 日期：______年____月____日",
    ]


def test_a_blank_form_prints_the_seed_header_lines_and_empty_boxes(client, templates, checker):
    template = templates["fangcheng-household"]
    client.force_login(checker)
    article = paper(client.get(reverse("checklists:blank", args=[template.pk])).content.decode())
    assert [p.text_content() for p in by_class(article, "paper-unit")] == template.header_lines
    assert table_rows(article) == expected_rows(template, {})
    assert "☑" not in article.text_content()
    assert len(signature_lines(article)) == 2


def test_the_form_page_links_to_print_pdf_and_blank(client, checker, household_form):
    client.force_login(checker)
    body = client.get(reverse("checklists:submission", args=[household_form.pk])).content.decode()
    for url in (reverse("checklists:print", args=[household_form.pk]), reverse("checklists:pdf", args=[household_form.pk]),
                reverse("checklists:blank", args=[household_form.template_id])):
        assert f'href="{url}"' in body


def test_the_pdf_holds_every_question_text_and_the_ticks(client, signed_form, checker):
    client.force_login(checker)
    response = client.get(reverse("checklists:pdf", args=[signed_form.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4 portrait
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    for question in Question.objects.filter(template=signed_form.template):
        assert "".join(question.text.split()) in text, question.text
    assert "东墙开裂" in text and "审核人员(村支书/第一书记)、责任组长(签字)" in text


def test_print_and_pdf_are_scoped_like_the_form_page(client, signed_form, outsider):
    client.force_login(outsider)
    assert client.get(reverse("checklists:print", args=[signed_form.pk])).status_code == 404
    assert client.get(reverse("checklists:pdf", args=[signed_form.pk])).status_code == 404
