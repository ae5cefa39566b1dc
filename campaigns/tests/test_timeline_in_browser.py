"""The campaign's timeline in a browser: drawn from the server's SVG and the static stylesheet, with
today's line where today is, and no refused style under the Content-Security-Policy."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from campaigns.models import Phase
from tests.browser import browser, log_in  # noqa: F401 - fixture
from tests.factories import make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_timeline_draws_with_today_marked(live_server, browser, templates, county, household, checker,  # noqa: F811
                                              county_office):
    today = date.today()
    campaign = make_campaign(county, [templates["fangcheng-household"]], by=county_office, phases=[
        (Phase.Kind.SCREENING, today - timedelta(days=10), today + timedelta(days=10)),
        (Phase.Kind.UNANNOUNCED, today + timedelta(days=11), today + timedelta(days=20))])
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    log_in(page, live_server.url, "checker")  # through the login page, under the CSP
    page.goto(live_server.url + reverse("campaigns:detail", args=[campaign.pk]))

    bars = page.evaluate("""Array.from(document.querySelectorAll('rect.phase-bar')).map(r => {
        const box = r.getBoundingClientRect(); return [r.classList[2], Math.round(box.width) > 0,
        getComputedStyle(r).fill]; })""")
    assert bars == [["open", True, "rgb(47, 129, 247)"], ["later", True, "rgb(158, 197, 254)"]]
    today_line = page.evaluate("""(() => { const l = document.querySelector('line.today').getBoundingClientRect();
        const open = document.querySelector('rect.phase-bar.open').getBoundingClientRect();
        return [l.left > open.left, l.left < open.right, l.height > 0]; })()""")
    assert today_line == [True, True, True]
    assert f"今天 {today:%Y-%m-%d}" in page.inner_text("section.timeline")
    assert refused == []
