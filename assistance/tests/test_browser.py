"""A department writes its plan in the browser: a missing 完成时限 is asked for before anything is sent, the
报送 asks for a confirmation first, and no page breaks the Content-Security-Policy."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from assistance.models import Plan
from assistance.services import create_plan, hand_help_lists
from tests.browser import browser  # noqa: F401 - fixture
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_department_writes_and_submits_its_plan(live_server, browser, ledger, qiemo_campaign, county,  # noqa: F811
                                                  county_office, department_user, health):
    hand_help_lists(by=county_office, campaign=qiemo_campaign, unit=county, deadline=date.today() + timedelta(60))
    plan = create_plan(by=department_user, kind=Plan.Kind.DEPARTMENT, year=2026, department=health)
    page = browser.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", department_user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()

    page.goto(live_server.url + reverse("assistance:lists"))
    assert page.locator("table.grid tbody tr").count() == 3
    page.goto(live_server.url + plan.get_absolute_url())
    page.fill("#id_target", "卫生室配齐村医")
    page.fill("#id_persons", "王医生")
    page.check(f"input[name=problems][value='{ledger[0].pk}']")
    page.click("form[action$='/lines/'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#id_deadline:invalid").count() == 1  # the browser asks for the 完成时限 first
    assert page.input_value("#id_target") == "卫生室配齐村医" and page.is_checked(
        f"input[name=problems][value='{ledger[0].pk}']")
    page.fill("#id_deadline", (date.today() + timedelta(days=30)).isoformat())
    page.click("form[action$='/lines/'] button[type=submit]")
    page.wait_for_load_state()
    assert "卫生室配齐村医" in page.locator("table.grid").inner_text()

    submit = page.locator("form[action$='/submit/']")
    submit.locator("button").click()  # the confirmation box is not ticked: nothing is sent
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT
    submit.locator("input[name=confirm]").check()
    submit.locator("button").click()
    page.wait_for_load_state()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.SUBMITTED and "待审批" in page.content()
    assert refused == []
