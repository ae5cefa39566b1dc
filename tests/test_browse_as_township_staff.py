"""A township office worker logs in and walks from home to a household, on a PC and a phone."""

import re

import pytest

from households.models import Household
from tests.browser import browser  # noqa: F401 - fixture
from tests.factories import PASSWORD, make_household

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 768}, {"width": 390, "height": 844}])
def test_township_staff_browse_to_a_household(live_server, browser, township_office, village, viewport, tmp_path):  # noqa: F811
    elder = make_household(village, head_name="张老汉", has_elderly=True, kind=Household.Kind.MONITORED)
    make_household(village, head_name="李青年")
    page = browser.new_page(viewport=viewport)

    page.goto(live_server.url + "/")
    page.fill("#id_username", "township_office")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")
    assert "用户名或密码不正确" in page.content()
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")

    assert "乡镇办公室" in page.content()
    page.click("text=凤瑞街道")
    page.click("text=新华街社区")
    page.select_option("select[name=has_elderly]", "true")
    page.click("text=筛选")
    page.wait_for_url("**has_elderly=true**")  # the filtered page, not the one being left
    page.locator("main", has_text="张老汉").wait_for()
    assert "张老汉" in page.content() and "李青年" not in page.content()

    page.click(f"text={elder.number}")
    body = page.inner_text("main")
    assert elder.id_number_masked in body
    assert not re.search(r"\d{17}[\dX]", body.replace(elder.number, ""))
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= viewport["width"], "the page scrolls sideways"
    page.screenshot(path=str(tmp_path / f"household-{viewport['width']}.png"), full_page=True)
