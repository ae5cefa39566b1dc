"""htmx in a real browser, under the CSP: the reviewer's queue approves and returns in place, the ledger's
filters reload only the table and keep the address shareable, an export's page follows its job until the
file is ready — none of them loading a new page (a mark set on the window stays)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from checklists.models import Submission
from exports import jobs, tasks
from exports.models import ExportJob
from tests.browser import axe_problems, browser, sign_in  # noqa: F401 - fixture
from tests.factories import make_household

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch(page):
    """Listen for CSP refusals, and mark the window: a page load would forget the mark."""
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    return refused


def same_page(page) -> bool:
    return page.evaluate("window.__stayed === true")


def test_the_reviewer_approves_and_returns_without_leaving_the_queue(live_server, browser, campaign, village,  # noqa: F811
                                                                     household, checker, reviewer):
    li = make_household(village, number="4113221000010002", head_name="李四")
    wang = make_household(village, number="4113221000010003", head_name="王五")
    from campaigns.services import build_work_list
    build_work_list(campaign)
    forms = Submission.objects.filter(campaign=campaign, household__isnull=False)
    forms.update(status=Submission.Status.SUBMITTED, checker=checker, submitted_at=timezone.now())
    first, second, third = (forms.get(household=h) for h in (household, li, wang))
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    refused = watch(page)
    sign_in(page, live_server.url, reviewer)
    assert page.locator("li.review-row").count() == 3
    page.evaluate("window.__stayed = true")
    home = page.url

    questions = []
    page.once("dialog", lambda d: (questions.append(d.message), d.dismiss()))
    page.click(f"#review-{first.pk} >> text=审核通过")
    page.wait_for_timeout(300)
    first.refresh_from_db()
    assert first.status == Submission.Status.SUBMITTED  # dismissed: nothing was sent
    page.once("dialog", lambda d: (questions.append(d.message), d.accept()))
    page.click(f"#review-{first.pk} >> text=审核通过")
    page.wait_for_selector(f"#review-{first.pk}.done")
    assert page.inner_text(f"#review-{first.pk}") == f"已审核通过：{household.head_name}户"

    page.fill(f"#reason-{second.pk}", "收入未填")
    page.once("dialog", lambda d: (questions.append(d.message), d.accept()))
    page.click(f"#review-{second.pk} >> button:has-text('退回')")
    page.wait_for_selector(f"#review-{second.pk}.done")
    assert page.inner_text(f"#review-{second.pk}") == "已退回：李四户（退回原因：收入未填）"

    assert questions == [f"确定审核通过{household.head_name}的户级排查表并以您的名义签字？签字后排查人不能再修改。"] * 2 \
        + ["确定把李四的户级排查表退回排查人？排查人将看到退回原因并重新填报。"]
    assert page.url == home and same_page(page)
    assert page.locator(f"#review-{third.pk} >> text=审核通过").is_visible()
    assert page.locator("li.review-row").count() == 3
    statuses = dict(Submission.objects.filter(pk__in=[first.pk, second.pk, third.pk]).values_list("pk", "status"))
    assert statuses == {first.pk: "approved", second.pk: "returned", third.pk: "submitted"}
    assert axe_problems(page) == []
    assert refused == []


def test_the_ledger_filter_reloads_the_table_and_the_address(live_server, browser, campaign, county_office,  # noqa: F811
                                                             village):
    from rectification.services import record_problem
    for category in ("住房保障", "医疗保障"):
        record_problem(by=county_office, campaign=campaign, unit=village, source="unannounced",
                       category=category, description=category)
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    refused = watch(page)
    sign_in(page, live_server.url, county_office, home=False)
    page.goto(live_server.url + reverse("rectification:ledger"))
    page.evaluate("window.__stayed = true")
    assert page.locator("#ledger-results tbody tr").count() == 2
    page.select_option("select[name=campaign]", str(campaign.pk))
    page.wait_for_url(re.compile(rf"campaign={campaign.pk}"))
    page.wait_for_selector("#ledger-results >> text=按当前筛选导出台账 Excel")
    page.fill("input[name=category]", "医疗")
    page.press("input[name=category]", "Enter")
    page.wait_for_url(re.compile(r"category=%E5%8C%BB%E7%96%97"))
    page.wait_for_function("document.querySelectorAll('#ledger-results tbody tr').length === 1")
    assert same_page(page)
    assert page.inner_text("#ledger-results tbody tr td:nth-child(6)") == "医疗保障"
    # the address is shareable: loaded afresh it shows the same rows
    page.goto(page.url)
    assert page.locator("#ledger-results tbody tr").count() == 1 and not same_page(page)
    assert axe_problems(page) == []
    assert refused == []


def test_an_export_shows_its_state_at_once_and_then_the_link(live_server, browser, campaign, county_office,  # noqa: F811
                                                             village, monkeypatch):
    from rectification.services import record_problem
    record_problem(by=county_office, campaign=campaign, unit=village, source="unannounced",
                   category="住房保障", description="墙体开裂")
    # the queue takes the job and leaves it waiting: this test is the worker, in-process, step by step
    monkeypatch.setattr(tasks.run_export, "apply_async", lambda *args, **kwargs: None)
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    refused = watch(page)
    sign_in(page, live_server.url, county_office, home=False)
    page.goto(live_server.url + reverse("rectification:ledger") + f"?campaign={campaign.pk}")
    page.click("text=按当前筛选导出台账 Excel")
    page.wait_for_selector("#export-status >> text=排队中")
    job = ExportJob.objects.get()
    assert page.url == live_server.url + job.get_absolute_url()
    page.evaluate("window.__stayed = true")

    assert jobs.claim(job.pk)
    page.wait_for_selector("#export-status >> text=生成中", timeout=6000)
    job.refresh_from_db()
    jobs.run(job)
    page.wait_for_selector("#export-status >> a.button", timeout=6000)
    job.refresh_from_db()
    assert page.inner_text("#export-status a.button") == f"下载 {job.filename}"
    assert page.inner_text("#export-status .status") == "已完成"
    assert same_page(page)
    # done: no element polls any more
    assert page.locator("[hx-trigger]").count() == 0
    assert axe_problems(page) == []
    assert refused == []
