"""A helper on a phone (390 px) checks in at a household, with and without giving the location."""

import pytest

from tests.browser import browser, sign_in  # noqa: F401 - fixture
from visits.models import Satisfaction, Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
PLACE = {"latitude": 33.254321, "longitude": 113.012345, "accuracy": 20}


def fill_visit(page):
    page.fill("#id_work_done", "宣讲产业奖补政策")
    page.fill("#id_needs", "希望介绍务工岗位")
    page.check("input[name=manuals_checked][value=yes]")
    page.check("input[name=knows_helper][value=yes]")
    page.check("input[name=satisfied][value=no]")


def test_helper_checks_in_with_the_phone_location(live_server, browser, helper, helped, not_mine, tmp_path):  # noqa: F811
    context = browser.new_context(viewport=PHONE, geolocation=PLACE, permissions=["geolocation"])
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server.url, "helper_li")
    page.click("header summary")  # the phone's menu button opens the top bar's links
    page.click("header nav >> text=入户走访")
    body = page.inner_text("main")
    assert helped.head_name in body and not_mine.head_name not in body and "本月未走访" in body
    page.click("text=入户走访签到")
    page.wait_for_selector("text=已定位（精度约 20 米）")
    fill_visit(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the form scrolls sideways"
    page.screenshot(path=str(tmp_path / "checkin-390.png"), full_page=True)
    page.click("text=签到并提交走访记录")
    page.wait_for_selector("text=已签到并登记走访")
    assert "宣讲产业奖补政策" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    visit = Visit.objects.get()
    assert (visit.household_id, visit.location, float(visit.latitude), float(visit.longitude), visit.accuracy) == (
        helped.pk, "given", 33.254321, 113.012345, 20)
    assert list(Satisfaction.objects.values_list("knows_helper", "satisfied")) == [(True, False)]
    assert errors == []


def test_helper_who_declines_the_location_still_checks_in(live_server, browser, helper, helped):  # noqa: F811
    context = browser.new_context(viewport=PHONE, geolocation=PLACE, permissions=[])
    page = context.new_page()
    sign_in(page, live_server.url, "helper_li")
    page.goto(f"{live_server.url}/visits/households/{helped.pk}/new/")
    page.wait_for_selector("text=您未允许定位，将不带定位签到")
    fill_visit(page)
    page.click("text=签到并提交走访记录")
    page.wait_for_selector("text=已签到并登记走访")
    visit = Visit.objects.get()
    assert (visit.location, visit.latitude, visit.longitude) == ("declined", None, None)
