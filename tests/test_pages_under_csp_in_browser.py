"""Under the Content-Security-Policy every page still works in a browser: the charts draw
from the static Chart.js, the ledger's select-all box ticks every row, and the browser
reports no refused script or style on the way."""

import pytest
from django.urls import reverse

from rectification.services import record_problem
from tests.browser import browser, log_in  # noqa: F401 - fixture
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_work_with_no_csp_violation(live_server, browser, campaign, county_office, village):  # noqa: F811
    from dashboards import rollup

    for n in range(3):
        record_problem(by=county_office, campaign=campaign, unit=village, source="unannounced",
                       category="住房保障", description=f"问题{n}")
    rollup.refresh(campaign, None)
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)

    log_in(page, live_server.url, "county_office")  # through the login page, under the CSP
    assert "县级办公室" in page.content()

    page.goto(live_server.url + reverse("dashboards:unit", args=[campaign.pk, campaign.scope_unit_id]))
    assert page.evaluate("typeof window.Chart") == "function"
    drawn = page.evaluate("Array.from(document.querySelectorAll('canvas')).map(c => c.width > 0 && !c.closest('figure').hidden)")
    assert drawn == [True, True]

    page.goto(live_server.url + reverse("rectification:ledger"))
    assert page.locator("input[name=ids]").count() == 3
    page.check("input[data-check-all=ids]")
    assert page.locator("input[name=ids]:checked").count() == 3
    page.uncheck("input[data-check-all=ids]")
    assert page.locator("input[name=ids]:checked").count() == 0

    page.click("text=修改密码")
    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password1", "12345678")
    page.fill("#id_new_password2", "12345678")
    page.click("main button[type=submit]")
    assert "这个密码太常见了。" in page.inner_text("main")

    page.goto(live_server.url + reverse("admin:index"))
    assert "回头看 管理后台" in page.content()
    assert refused == []
