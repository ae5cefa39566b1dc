"""Every page the browser tests visit passes axe-core's WCAG 2.1 AA rules with no critical or
serious violation, and on a 360 px phone no page is wider than the screen and every table cell
still carries its column's heading."""

import pytest
from django.urls import reverse

from checklists.models import Submission
from rectification.services import record_problem
from tests.browser import axe_problems, browser, sign_in  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pages_of(campaign, county, township, village, household, problem):
    """(who, path) for each page the role walks through in a day."""
    household_form = Submission.objects.get(campaign=campaign, household=household)
    village_form = Submission.objects.get(campaign=campaign, unit=village, household=None)
    return [
        (None, reverse("login")),
        ("county_office", reverse("home")),
        ("county_office", reverse("campaigns:list")),
        ("county_office", reverse("campaigns:create")),
        ("county_office", reverse("campaigns:detail", args=[campaign.pk])),
        ("county_office", reverse("campaigns:unit", args=[campaign.pk, county.code])),
        ("county_office", reverse("campaigns:unit", args=[campaign.pk, township.code])),
        ("county_office", reverse("campaigns:unit", args=[campaign.pk, village.code])),
        ("county_office", reverse("dashboards:unit", args=[campaign.pk, county.code])),
        ("county_office", reverse("rectification:ledger")),
        ("county_office", reverse("rectification:detail", args=[problem.pk])),
        ("county_office", reverse("rectification:record")),
        ("county_office", reverse("exports:list")),
        ("county_office", reverse("accounts:password_change")),
        ("county_office", reverse("spotchecks:campaign", args=[campaign.pk])),
        ("township_office", reverse("home")),
        ("township_office", reverse("units:detail", args=[village.code])),
        ("township_office", reverse("households:detail", args=[household.pk])),
        ("checker", reverse("home")),
        ("checker", reverse("checklists:submission", args=[household_form.pk])),
        ("checker", reverse("checklists:submission", args=[village_form.pk])),
        ("checker", reverse("visits:mine")),
    ]


@pytest.fixture
def day(campaign, county, township, village, household, county_office, township_office, checker):
    from dashboards import rollup

    problem = None
    for n in range(3):
        problem = record_problem(by=county_office, campaign=campaign, unit=village, source="unannounced",
                                 category="住房保障", description=f"问题{n}")
    rollup.refresh(campaign, None)
    return pages_of(campaign, county, township, village, household, problem)


def walk(browser, live_server, day, viewport, check):  # noqa: F811
    found, pages = {}, {}
    for who, path in day:
        if who not in pages:
            pages[who] = browser.new_context(viewport=viewport).new_page()
            if who:
                sign_in(pages[who], live_server.url, who)
        page = pages[who]
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        problems = check(page)
        if problems:
            found[f"{who} {path}"] = problems
    return found


def test_every_page_passes_axe_core(live_server, browser, day):  # noqa: F811
    found = walk(browser, live_server, day, {"width": 1366, "height": 768}, axe_problems)
    assert found == {}, "\n".join(f"{where}: {problem}" for where, problems in found.items() for problem in problems)


def test_a_form_with_errors_passes_axe_core_and_focuses_the_first_error(live_server, browser, campaign, household, checker):  # noqa: F811
    form = Submission.objects.get(campaign=campaign, household=household)
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    sign_in(page, live_server.url, checker)
    page.goto(live_server.url + reverse("checklists:submission", args=[form.pk]))
    page.click("button[value=submit]")
    page.locator("main", has_text="处需要修改").wait_for()
    assert axe_problems(page) == []
    first_error = page.evaluate("document.querySelector('.q.has-error').id")
    assert page.evaluate("document.activeElement.closest('.q.has-error')?.id") == first_error


PHONE_CHECK = """() => {
  const problems = [];
  const width = document.documentElement.scrollWidth;
  if (width > window.innerWidth) problems.push('the page is ' + width + ' px wide');
  for (const table of document.querySelectorAll('main table.grid')) {
    if (!table.tHead) continue;
    const unlabelled = [...table.tBodies].flatMap(b => [...b.rows]).flatMap(r => [...r.cells])
      .filter(td => td.colSpan < table.tHead.rows[0].cells.length && !td.dataset.label);
    if (unlabelled.length) problems.push((table.id || table.className) + ': ' + unlabelled.length + ' cells without a heading');
    const selectAll = [...table.tBodies].flatMap(b => [...b.rows]).flatMap(r => [...r.cells])
      .filter(td => td.dataset.label === '全选');  // a row's own box does not select all
    if (selectAll.length) problems.push((table.id || table.className) + ': ' + selectAll.length + ' row cells labelled 全选');
    const cell = table.tBodies[0]?.rows[0]?.cells[0];
    if (cell && getComputedStyle(cell).display === 'table-cell')
      problems.push((table.id || table.className) + ': still a table');
  }
  const bar = document.querySelector('.topbar').getBoundingClientRect().height;
  if (bar > 64) problems.push('the top bar is ' + bar + ' px high');
  return problems;
}"""


def test_every_page_fits_a_360_px_phone_with_labelled_cells(live_server, browser, day):  # noqa: F811
    found = walk(browser, live_server, day, {"width": 360, "height": 780}, lambda page: page.evaluate(PHONE_CHECK))
    assert found == {}, "\n".join(f"{where}: {problem}" for where, problems in found.items() for problem in problems)


def test_the_phone_menu_opens_the_top_bar_links(live_server, browser, county_office):  # noqa: F811
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, live_server.url, county_office)
    assert not page.is_visible("header nav >> text=问题台账")
    page.click("header summary")
    page.click("header nav >> text=问题台账")
    assert page.url.endswith(reverse("rectification:ledger"))
    page.set_viewport_size({"width": 1366, "height": 768})
    assert page.is_visible("header nav >> text=专项行动") and not page.is_visible("header summary")
