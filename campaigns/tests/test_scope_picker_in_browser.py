"""A county office sets up a campaign for one township by typing the township's name and picking it
from the unit picker's list: no division code typed, and the page passes axe-core."""

import pytest
from django.urls import reverse

from campaigns.models import Campaign
from tests.browser import axe_problems, browser, log_in  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_scope_is_picked_by_the_townships_name(live_server, browser, templates, county_office, village,  # noqa: F811
                                                     other_township_village):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    log_in(page, live_server.url, "county_office")  # through the login page, under the CSP
    page.goto(live_server.url + reverse("campaigns:create") + "?plan=fangcheng")

    scope = page.get_by_role("combobox", name="实施范围")
    assert page.locator("#id_scope_code_code").get_attribute("type") == "hidden"
    page.fill("#id_name", "凤瑞街道“回头看”")
    page.fill("#id_document_number", "方农工组〔2022〕18号")
    page.fill("#id_year", "2022")
    scope.fill("凤瑞")
    option = page.get_by_role("option", name="凤瑞街道（乡镇）")
    option.wait_for()
    assert page.get_by_role("listbox").inner_text() == "凤瑞街道（乡镇）\n单位41 / 单位4113 / 方城县　→ 下级"
    scope.press("ArrowDown")
    assert scope.get_attribute("aria-activedescendant") == option.get_attribute("id")
    scope.press("Enter")
    assert page.inner_text("#id_scope_code_name") == "已选：单位41 / 单位4113 / 方城县 / 凤瑞街道"
    assert scope.input_value() == "凤瑞街道"
    assert axe_problems(page) == []
    page.click("button[type=submit]:has-text('创建并生成任务清单')")
    page.wait_for_url(lambda url: "/new/" not in url)

    campaign = Campaign.objects.get()
    assert (campaign.name, campaign.scope_unit_id, campaign.issuing_unit_id) == (
        "凤瑞街道“回头看”", "411322100", "411322100")
    assert refused == []
