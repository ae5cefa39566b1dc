"""Every seed form filled in a real Chromium as its filler would: wrong inputs first, then right ones."""

import pytest

from checklists.definitions import load_all
from checklists.models import Submission
from tests.browser import browser, sign_in  # noqa: F401 - fixture
from tests.factories import make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODES = [d["code"] for d in load_all()]
FILLER = {"household": "checker", "village": "checker", "township": "township_office", "county": "county_office"}

# Answers that satisfy each form's own rules; anything not named gets a neutral default.
VALID = {
    "fangcheng-household": {"members": "3", "members_able_to_work": "2", "income_total": "30000",
                            "income_wage": "20000", "income_business": "5000", "income_transfer": "4000",
                            "income_property": "1000"},
    "city-identification": {"meets_standard": "yes", "registered": "yes"},
    "qiemo-village": {"collective_income": "60000"},
    "fuzhou-township": {"medical_insurance_rate": "100", "funds_invested": "100000", "funds_disbursed": "80000"},
    "fuzhou-county": {"medical_insurance_rate": "100", "funds_invested": "100000", "funds_disbursed": "80000"},
    "city-helpers": {"first_secretary_months": "12", "team_member_months": "10"},
    "city-funds": {"projects_total": "5", "projects_started_on_time": "4", "projects_finished_on_time": "3"},
}
# A wrong answer each form must refuse, with the message the filler should see.
WRONG = {
    "fangcheng-household": ({"income_wage": "25000"}, "收入之和应等于家庭纯收入"),
    "fangcheng-village": ({"monitor_no_mechanism": ""}, "请选择“是”或“否”"),
    "qiemo-village": ({"collective_income": "30000"}, "村集体经济年收入低于5万元"),
    "fuzhou-township": ({"medical_insurance_rate": "120"}, "参保率应在 0 到 100 之间"),
    "city-helpers": ({"first_secretary_months": "-1"}, "不能为负数"),
    "city-funds": ({"projects_started_on_time": "9"}, "按期开工项目数不能超过项目总数"),
    "city-identification": ({"meets_standard": "no"}, "属“应出未出”：“是否未做到应出必出”应选“是”"),
    "qiemo-household-help": ({"s1_measure": "落实产业帮扶", "s1_deadline": ""}, "填写了措施时请填写完成时限"),
    "qiemo-village-help": ({"s1_measure": "硬化道路", "s1_deadline": ""}, "填写了措施时请填写完成时限"),
    "qiemo-township-help": ({"s1_measure": "建设卫生院", "s1_deadline": ""}, "填写了措施时请填写完成时限"),
}


def answers_for(template):
    answers = {}
    for q in template.questions.order_by("position"):
        answers[q.key] = {"flag": "no", "yes_no": "no", "number": "1", "money": "0", "text": "已核实",
                          "signature": "张三", "date": "2026-08-01", "choice": (q.choices or [""])[0]}[q.kind]
    answers.update(VALID.get(template.code, {}))
    return answers


def fill(page, template, answers, flag_with_problem=None, only=None):
    """Types, ticks and picks each answer as the filler would (`only`: just these questions)."""
    for q in template.questions.order_by("position"):
        if only is not None and q.key not in only:
            continue
        value = answers.get(q.key, "")
        if q.kind in ("flag", "yes_no"):
            if value:
                page.check(f"input[name='{q.key}'][value='{value}']")
        elif q.kind == "choice":
            page.select_option(f"select[name='{q.key}']", value)
        else:
            page.fill(f"[name='{q.key}']", value)
    if flag_with_problem:
        page.check(f"input[name='{flag_with_problem}'][value='yes']")
        page.fill(f"[name='{flag_with_problem}__desc']", "入户核实发现的问题，已拍照留存")


@pytest.mark.parametrize("code", CODES)
def test_fill_seed_form_in_the_browser(code, live_server, browser, request, county, household, village,  # noqa: F811
                                       templates):
    template = templates[code]
    county_office = request.getfixturevalue("county_office")
    campaign = make_campaign(county, [template], by=county_office)
    request.getfixturevalue("township")
    filler = request.getfixturevalue(FILLER[template.level])
    submission = Submission.objects.filter(campaign=campaign).order_by("pk").first()

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server.url, filler, home=False)
    page.goto(f"{live_server.url}/submissions/{submission.pk}/")
    assert template.name in page.content()

    # Wrong first: the form's own wrong input (with the answers its rule reads), or (for the others)
    # submitting it empty.
    answers = answers_for(template)
    if code in WRONG:
        wrong, message = WRONG[code]
        fill(page, template, {**answers, **wrong}, only={*wrong, *VALID.get(code, {})})
    else:
        message = "请选择“是”或“否”"
    page.click("button[value=submit]")
    page.locator("main", has_text="处需要修改").wait_for()  # the page after the submit, not the one before
    assert message in page.inner_text("main")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.NOT_STARTED

    # Then right, on the page that showed the errors, with one problem flagged and described.
    first_flag = template.questions.filter(kind="flag").order_by("position").values_list("key", flat=True).first()
    fill(page, template, answers, flag_with_problem=first_flag)
    page.click("button[value=submit]")
    page.locator("main", has_text="已提交，等待审核").wait_for()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
    assert submission.problems.count() == (1 if first_flag else 0)


def test_reviewer_approves_on_a_phone_sized_screen(live_server, browser, county, household, village, request,  # noqa: F811
                                                   templates):
    template = templates["fangcheng-household"]
    campaign = make_campaign(county, [template], by=request.getfixturevalue("county_office"))
    checker, reviewer = request.getfixturevalue("checker"), request.getfixturevalue("reviewer")
    submission = Submission.objects.get(campaign=campaign)

    phone = {"width": 390, "height": 844}
    page = browser.new_page(viewport=phone)
    sign_in(page, live_server.url, checker, home=False)
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/units/{village.code}/")
    page.click(f"text={household.head_name}")
    fill(page, template, answers_for(template))
    page.click("button[value=submit]")
    page.locator("main", has_text="已提交，等待审核").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= phone["width"]

    page = browser.new_context(viewport=phone).new_page()
    sign_in(page, live_server.url, reviewer, home=False)
    page.goto(f"{live_server.url}/submissions/{submission.pk}/")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))  # 审核通过 asks first
    page.click("button[value=approve]")
    page.locator("main", has_text="已审核通过").wait_for()
    assert len(asked) == 1
    submission.refresh_from_db()
    assert (submission.status, submission.checker, submission.reviewer) == ("approved", checker, reviewer)


def test_two_sessions_saving_one_form_the_second_is_told_and_nothing_is_lost(live_server, browser, county, household,  # noqa: F811
                                                                          village, request, templates):
    template = templates["fangcheng-household"]
    campaign = make_campaign(county, [template], by=request.getfixturevalue("county_office"))
    submission = Submission.objects.get(campaign=campaign)
    url = f"{live_server.url}/submissions/{submission.pk}/"

    pages = []
    for user in (request.getfixturevalue("checker"), request.getfixturevalue("township_office")):
        page = browser.new_context().new_page()
        sign_in(page, live_server.url, user, home=False)
        page.goto(url)
        pages.append(page)
    first, second = pages
    first.fill("[name=members]", "4")
    first.click("button[value=save]")
    assert "草稿已保存" in first.content()

    second.fill("[name=members]", "6")
    second.click("button[value=save]")
    assert "已被他人" in second.content()
    assert second.input_value("[name=members]") == "6"  # the second person's typing is still on screen
    submission.refresh_from_db()
    assert submission.answers["members"] == 4
