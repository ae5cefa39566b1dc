"""销号 asks before it happens, one problem or a ticked batch, and says what it did."""

import pytest

from rectification.models import Problem
from rectification.services import mark_rectified
from tests.browser import browser, sign_in  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_closing_asks_first_and_says_what_happened(live_server, browser, make_problem, housing, housing_user,  # noqa: F811
                                                   county_office):
    one, two, three = (make_problem(department=housing, mode="immediate") for _ in range(3))
    for problem in (one, two, three):
        mark_rectified(problem, by=housing_user, evidence_text="已整改")
    page = browser.new_page()
    sign_in(page, live_server.url, county_office)

    page.goto(f"{live_server.url}/problems/{one.pk}/")
    page.fill("#close-note", "现场核验属实")
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.click("text=核验通过，销号")
    page.wait_for_timeout(300)
    assert questions == [f"确定核验通过并将问题 {one.display_number} 销号吗？"]
    one.refresh_from_db()
    assert one.status == "rectified"  # dismissed: nothing sent
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.click("text=核验通过，销号")
    page.wait_for_selector("ul.messages")
    assert f"问题 {one.display_number} 已销号。" in page.inner_text("ul.messages")
    assert "现场核验属实" in page.inner_text("#verifications")

    page.goto(f"{live_server.url}/problems/?status=rectified")
    page.check(f"input[name=ids][value='{two.pk}']")
    page.check(f"input[name=ids][value='{three.pk}']")
    page.select_option("select[name=action]", "close")
    page.fill("input[name=opinion]", "抽查核验属实")
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.click("#bulk button[type=submit]")
    page.wait_for_selector("ul.messages")
    assert questions[-1] == "确定将所选 2 个问题核验销号吗？销号后如需再改须由县级办公室重新打开。"
    assert "已将 2 个问题销号。" in page.inner_text("ul.messages")
    assert set(Problem.objects.values_list("status", flat=True)) == {"closed"}
