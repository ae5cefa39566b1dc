"""Each role's day, walked in a real Chromium from its home page by clicking links and buttons.

One test per role. Each walks the day on a desktop (1366×768), comparing the whole texts the user
sees (the home's section headings with their counts, the messages after each step), then opens the
role's key pages on a phone (390×844): no page is wider than the screen and the home passes axe-core.
The data a step needs, but does not test, is made through the factories and services.
Screenshots of every home at both sizes go to /tmp/days/ (to look at; nothing compares them).
"""

import os
import re
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from campaigns.services import build_work_list
from checklists import services as forms
from checklists.models import Submission
from rectification import measures, services as ledger
from rectification.models import Problem
from rectification.services import department_for
from spotchecks import services as spotchecks
from spotchecks.models import Inspection, InspectorAssignment, SpotCheck
from tests.browser import axe_problems, browser, log_in, sign_in  # noqa: F401 - fixture
from tests.factories import make_household, make_user
from tests.test_fill_every_seed_form import answers_for, fill
from visits import services as visits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp/days")
TODAY = timezone.localdate()


# ---- the person at the keyboard ------------------------------------------------------------------

class Person:
    """One user in one browser context: logs in through the login page, clicks, reads."""

    def __init__(self, browser, live_server, username, viewport, *, through_login_page=True):  # noqa: F811
        self.url, self.viewport = live_server.url, viewport
        context = browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai")
        context.set_default_timeout(10_000)  # a step that fails says so in seconds, not half a minute
        self.page = context.new_page()
        self.asked = []  # the confirmations the site asked (each accepted)
        self.page.on("dialog", lambda dialog: (self.asked.append(dialog.message), dialog.accept()))
        if not through_login_page:  # the day's second look, on the phone: the session is enough
            sign_in(self.page, self.url, username)
            return
        log_in(self.page, self.url, username)

    def go(self, path):
        response = self.page.goto(self.url + path)
        assert response.status == 200, path

    def follow(self, name, within="main"):
        """Click the link with exactly this text."""
        with self.page.expect_navigation():
            self.page.locator(within).get_by_role("link", name=name, exact=True).first.click()

    def press(self, name, within="body"):
        """Click the button with exactly this text and wait for the page it sends to."""
        with self.page.expect_navigation():
            self.page.locator(within).get_by_role("button", name=name, exact=True).click()

    def pick(self, field, name, level):
        """A unit chosen in the unit picker by typing its name and taking it from the list."""
        self.page.fill(f"#id_{field}", name)
        self.page.get_by_role("option", name=f"{name}（{level}）").click()
        assert self.page.locator(f"#id_{field}_name").inner_text().endswith(f" / {name}")

    def said(self) -> list[str]:
        return self.page.locator("ul.messages li").all_inner_texts()

    def work(self) -> list[str]:
        """The home's 我的待办: each section's heading with its count."""
        return self.page.locator(".cards.work h2").all_inner_texts()

    def rows(self, section) -> list[str]:
        card = self.page.locator(".cards.work section.card", has=self.page.get_by_role("heading", name=section))
        return [re.sub(r"\s+", " ", t).strip() for t in card.locator("li").all_inner_texts()]

    def title(self) -> str:
        return self.page.locator("main h1").first.inner_text()

    def shot(self, name):
        """A full-page screenshot to look at, when ROLE_DAY_SHOTS is set (not in CI: it costs time)."""
        if not os.environ.get("ROLE_DAY_SHOTS"):
            return
        SHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}-{self.viewport['width']}.png"), full_page=True)

    def fits(self) -> int:
        return self.page.evaluate("document.documentElement.scrollWidth")


def on_phone(browser, live_server, username, role, paths):  # noqa: F811
    """The role's home and key pages on a phone: none wider than the screen; the home passes axe-core."""
    phone = Person(browser, live_server, username, PHONE, through_login_page=False)
    assert phone.page.url == live_server.url + reverse("home")
    assert axe_problems(phone.page) == []
    phone.shot(role)
    wide = {} if phone.fits() <= PHONE["width"] else {reverse("home"): phone.fits()}
    for n, path in enumerate(paths, 1):
        phone.go(path)
        if phone.fits() > PHONE["width"]:
            wide[path] = phone.fits()
        phone.shot(f"{role}-page{n}")
    assert wide == {}
    return phone


def home_at_desktop(person, role):
    assert person.page.url == person.url + reverse("home")
    assert axe_problems(person.page) == []
    person.shot(role)


# ---- the data each day starts from ----------------------------------------------------------------

@pytest.fixture
def households(campaign, village, household, sibling_village):
    """The village's households (the fixture's key household and three more) and one in the sibling village,
    each with its form; household numbers fix their order."""
    made = [household,
            make_household(village, number="4113221000010002", head_name="李四"),
            make_household(village, number="4113221000010003", head_name="王五"),
            make_household(village, number="4113221000010004", head_name="赵六"),
            make_household(sibling_village, number="4113221000020001", head_name="钱七")]
    build_work_list(campaign)
    return made


def form_of(campaign, household) -> Submission:
    return Submission.objects.get(campaign=campaign, household=household)


def hand_in(submission, checker, when=None) -> Submission:
    submission, errors = forms.submit(submission, by=checker, data=answers_for(submission.template),
                                      version=submission.version)
    assert errors == {}
    if when:
        Submission.objects.filter(pk=submission.pk).update(submitted_at=when)
    return submission


def at(day_offset, hour):
    """A time on a day before today, in the site's time zone."""
    return timezone.make_aware(datetime.combine(TODAY + timedelta(days=day_offset), time(hour)))


# ---- the days ------------------------------------------------------------------------------------

def test_checker_fills_from_home_saves_goes_to_the_next_household_and_submits(
        live_server, browser, campaign, households, checker):  # noqa: F811
    first, second = households[0], households[1]
    me = Person(browser, live_server, "checker", DESKTOP)
    assert me.work() == ["被退回的排查表（0）", "待填报（重点户在前）（5）", "草稿（尚未提交）（0）"]
    home_at_desktop(me, "checker")

    me.follow(f"{first.head_name}（{first.number}） · 新华街社区 · 重点户")
    template = form_of(campaign, first).template
    fill(me.page, template, answers_for(template))
    me.press("保存草稿")
    assert me.said() == ["草稿已保存。"]
    me.follow("下一户")
    assert me.page.locator("dl.facts").get_by_text(second.number, exact=True).count() == 1
    fill(me.page, template, answers_for(template))
    me.press("提交审核")
    assert me.said() == ["已提交，等待审核。"]
    assert me.page.locator("main .status").first.inner_text() == "待审核"

    me.follow("回头看", within="header")
    assert me.work() == ["被退回的排查表（0）", "待填报（重点户在前）（3）", "草稿（尚未提交）（1）"]
    assert me.rows("草稿（尚未提交）（1）") == [f"{first.head_name}（{first.number}） · 新华街社区 · 重点户"]
    assert form_of(campaign, second).status == Submission.Status.SUBMITTED

    on_phone(browser, live_server, "checker", "checker",
             [reverse("checklists:submission", args=[form_of(campaign, first).pk])])


def test_reviewer_signs_oldest_first_and_returns_one_the_checker_sees_why(
        live_server, browser, campaign, households, checker, reviewer):  # noqa: F811
    older, newer = households[2], households[1]
    hand_in(form_of(campaign, newer), checker, at(-1, 10))
    hand_in(form_of(campaign, older), checker, at(-2, 9))
    me = Person(browser, live_server, "reviewer", DESKTOP)
    assert me.work() == ["待我审核签字（先交先审）（2）"]
    assert me.rows("待我审核签字（先交先审）（2）") == [
        f"王五（{older.number}） · 新华街社区 · 重点户 提交于 {at(-2, 9):%m-%d} 09:00 审核通过 退回原因 退回",
        f"李四（{newer.number}） · 新华街社区 · 重点户 提交于 {at(-1, 10):%m-%d} 10:00 审核通过 退回原因 退回"]
    home_at_desktop(me, "reviewer")

    # approve one and return the other in the queue itself: no page is left (htmx swaps each row)
    home = me.page.url
    older_row, newer_row = (f"#review-{form_of(campaign, h).pk}" for h in (older, newer))  # read before the clicks:
    # the test must not query while the live server writes (SQLite locks the table)
    first = me.page.locator(older_row)
    first.get_by_role("button", name="审核通过", exact=True).click()
    me.page.locator(f"{older_row}.done").wait_for()
    assert me.asked == ["确定审核通过王五的户级排查表并以您的名义签字？签字后排查人不能再修改。"]
    assert me.page.locator(older_row).inner_text() == "已审核通过：王五户"
    second = me.page.locator(newer_row)
    second.get_by_label("退回原因").fill("家庭纯收入与务工收入不符，请核实")
    second.get_by_role("button", name="退回", exact=True).click()
    me.page.locator(f"{newer_row}.done").wait_for()
    assert me.asked[1:] == ["确定把李四的户级排查表退回排查人？排查人将看到退回原因并重新填报。"]
    assert me.page.locator(newer_row).inner_text() == \
        "已退回：李四户（退回原因：家庭纯收入与务工收入不符，请核实）"
    assert me.page.url == home
    me.follow("回头看", within="header")
    assert me.work() == ["待我审核签字（先交先审）（0）"]
    assert form_of(campaign, older).status == Submission.Status.APPROVED

    # the checker finds the returned form on its home, with the reviewer's reason
    them = Person(browser, live_server, "checker", DESKTOP)
    assert them.work() == ["被退回的排查表（1）", "待填报（重点户在前）（3）", "草稿（尚未提交）（0）"]
    assert them.rows("被退回的排查表（1）") == [
        f"李四（{newer.number}） · 新华街社区 · 重点户 退回原因：家庭纯收入与务工收入不符，请核实"]
    them.follow(f"李四（{newer.number}） · 新华街社区 · 重点户")
    reviewed = timezone.localtime(form_of(campaign, newer).reviewed_at)
    assert them.page.locator(".alert.returned").inner_text() == \
        f"退回原因：家庭纯收入与务工收入不符，请核实（reviewer，{reviewed:%Y-%m-%d %H:%M}）"

    on_phone(browser, live_server, "reviewer", "reviewer", [reverse("checklists:submission", args=[form_of(campaign, newer).pk])])


def test_township_sees_its_villages_progress_and_the_returned_form(
        live_server, browser, campaign, households, checker, reviewer, township_office, township):  # noqa: F811
    approved = hand_in(form_of(campaign, households[1]), checker)
    forms.approve(approved, by=reviewer, version=approved.version)
    returned = hand_in(form_of(campaign, households[2]), checker)
    forms.return_to_checker(returned, by=reviewer, version=returned.version, reason="缺少户主签字")
    me = Person(browser, live_server, "township_office", DESKTOP)
    total = Submission.objects.filter(unit__code__startswith=township.code).count()
    assert total == 8  # the village's 4 households and form, the sibling village's household and form, the township form
    assert me.work() == [f"辖区排查进度：已审核 1 / {total} 份", "辖区被退回的排查表（1）",
                         "本乡镇负责、本周到期（含已逾期）的问题（0）"]
    assert me.rows("辖区被退回的排查表（1）") == ["王五（4113221000010003） · 新华街社区 · 重点户 退回原因：缺少户主签字"]
    home_at_desktop(me, "township")

    me.follow("按村查看进度")
    me.follow(campaign.name)  # opens the campaign at the township
    progress = me.page.locator("main section", has=me.page.get_by_role("heading", name="入户排查进度"))
    rows = [[c.inner_text() for c in row.locator("td").all()] for row in progress.locator("tbody tr").all()]
    assert rows == [["新华街社区", "4", "2", "1", "1", "1", "1/4"], ["和平社区", "1", "0", "0", "0", "0", "0/1"]]
    me.follow("回头看", within="header")
    me.follow("王五（4113221000010003） · 新华街社区 · 重点户")
    assert me.page.locator(".alert.returned").inner_text().startswith("退回原因：缺少户主签字（reviewer，")

    on_phone(browser, live_server, "township_office", "township",
             [reverse("campaigns:unit", args=[campaign.pk, township.code]),
              reverse("checklists:submission", args=[returned.pk])])


@pytest.fixture
def problems(campaign, village, county_office, department_user, households):
    """Three problems of the village recorded by the county: one routed to 卫健委 and overdue, one routed
    with a deadline next week, one not yet routed."""
    health = department_for(village.code, "卫健委")
    made = [ledger.record_problem(by=county_office, campaign=campaign, unit=village, source="unannounced",
                                  category=category, description=f"{category}，暗访发现")
            for category in ("医保未参保", "家庭医生未签约", "道路未硬化")]
    ledger.assign(made[0], by=county_office, department=health, mode=Problem.Mode.DEADLINE,
                  deadline=TODAY + timedelta(days=7))
    ledger.assign(made[1], by=county_office, department=health, mode=Problem.Mode.DEADLINE,
                  deadline=TODAY + timedelta(days=3))
    Problem.objects.filter(pk=made[1].pk).update(deadline=TODAY - timedelta(days=2))  # overdue by now
    return [Problem.objects.get(pk=p.pk) for p in made]


def test_department_sees_overdue_first_adds_a_measure_rectifies_and_asks_for_more_time(
        live_server, browser, campaign, problems, department_user):  # noqa: F811
    soon, late = problems[0], problems[1]
    me = Person(browser, live_server, "dept_health", DESKTOP)
    assert me.work() == ["本单位待整改的问题（逾期在前）（2）", "本单位要填报的排查表（0）"]
    assert me.rows("本单位待整改的问题（逾期在前）（2）") == [
        f"{late.display_number} 新华街社区 · 家庭医生未签约 已逾期 · 时限 {late.deadline:%Y-%m-%d} · 可在问题页申请延期",
        f"{soon.display_number} 新华街社区 · 医保未参保 时限 {soon.deadline:%Y-%m-%d} · 可在问题页申请延期"]
    home_at_desktop(me, "department")

    me.follow(f"{soon.display_number} 新华街社区 · 医保未参保")
    me.page.fill("#id_content", "为该户办理城乡居民医保参保")
    me.page.fill("#id_responsible_person", "刘医生")
    me.page.fill("#id_deadline_measure", (TODAY + timedelta(days=5)).isoformat())
    me.press("新增措施")
    assert me.said() == ["已新增措施1。"]
    me.page.get_by_text("措施1：登记完成").click()
    me.page.fill("#done-result-" + str(soon.measures.get().pk), "已于本周办理参保，缴费凭证已存档")
    me.press("登记措施1完成")
    assert me.said() == ["措施1已登记完成。"]
    me.press("开始整改")
    assert me.said() == ["已开始整改。"]
    me.page.fill("#id_evidence_text", "已参保，医保卡已发放到户")
    me.press("提交整改结果")
    assert me.said() == ["已提交整改结果，等待核验销号。"]
    assert me.page.locator("main h1 .status").inner_text() == "已整改待销号"

    me.follow("回头看", within="header")
    assert me.work() == ["本单位待整改的问题（逾期在前）（2）", "本单位要填报的排查表（0）"]  # until 销号
    assert me.rows("本单位待整改的问题（逾期在前）（2）")[1] == \
        f"{soon.display_number} 新华街社区 · 医保未参保 已整改待销号 · 时限 {soon.deadline:%Y-%m-%d}"
    me.follow(f"{late.display_number} 新华街社区 · 家庭医生未签约")
    me.page.fill("#id_proposed_deadline", (TODAY + timedelta(days=14)).isoformat())
    me.page.fill("#id_reason", "签约医生外出培训，下周返岗后入户签约")
    me.press("提交延期申请")
    assert me.said() == ["已提交延期申请。"]
    assert me.page.locator("main section.card", has_text="延期申请（待审批）").locator("p").first.inner_text() == \
        f"dept_health 申请将时限由 {late.deadline:%Y-%m-%d} 延至 {TODAY + timedelta(days=14):%Y-%m-%d}。"

    on_phone(browser, live_server, "dept_health", "department",
             [reverse("rectification:detail", args=[soon.pk]), reverse("rectification:ledger")])


def test_county_routes_a_problem_then_verifies_and_closes_one_with_its_opinion(
        live_server, browser, campaign, problems, county_office, department_user):  # noqa: F811
    soon, _, unrouted = problems
    measure = measures.add_measure(soon, by=department_user, content="办理参保", responsible_person="刘医生",
                                   deadline=TODAY + timedelta(days=5))
    measures.complete_measure(measure, by=department_user, result="已办理")
    ledger.start(soon, by=department_user)
    ledger.mark_rectified(Problem.objects.get(pk=soon.pk), by=department_user, evidence_text="已参保")
    me = Person(browser, live_server, "county_office", DESKTOP)
    assert me.work() == ["数据看板（1）", "待核验销号的问题（1）", "抽查与检查进度（0）", "方城县责任单位名单（1）",
                         "待确认的问责案件（0）"]
    home_at_desktop(me, "county")

    # route the problem nobody leads yet to 卫健委, with a deadline
    me.follow("问题台账", within="header nav")
    me.follow(unrouted.display_number)
    assert me.page.locator("#id_department option").all_inner_texts() == ["所在乡镇（街道）", "方城县卫健委"]
    me.page.select_option("#id_department", label="方城县卫健委")
    me.page.select_option("#id_mode", label="限期整改")
    me.page.fill("#id_deadline", (TODAY + timedelta(days=10)).isoformat())
    me.press("保存交办")
    assert me.said() == ["已保存交办。"]
    assert me.page.locator("dl.facts dt:text-is('牵头责任单位') + dd").inner_text() == "卫健委"

    # verify and 销号 from the home's 待核验销号
    me.follow("回头看", within="header")
    me.follow("去核验")
    me.follow(soon.display_number)
    me.page.fill("#close-note", "入户核实，已参保并发卡")
    me.press("核验通过，销号")
    assert me.asked == [f"确定核验通过并将问题 {soon.display_number} 销号吗？"]
    assert me.said() == [f"问题 {soon.display_number} 已销号。"]
    assert me.page.locator("dl.facts dt:text-is('核验意见') + dd").inner_text() == "入户核实，已参保并发卡"
    me.follow("回头看", within="header")
    assert me.work()[1] == "待核验销号的问题（0）"

    on_phone(browser, live_server, "county_office", "county",
             [reverse("rectification:ledger"), reverse("rectification:detail", args=[soon.pk]),
              reverse("dashboards:unit", args=[campaign.pk, "411322"])])


def test_city_draws_a_spot_check_publishes_it_and_assigns_an_inspector(
        live_server, browser, campaign, households, city_office, county):  # noqa: F811
    make_user("city_inspector", Role.VIEWER, county.parent)
    me = Person(browser, live_server, "city_office", DESKTOP)
    assert me.work() == ["数据看板（1）", "待核验销号的问题（0）", "抽查与检查进度（0）", "待确认的问责案件（0）"]
    home_at_desktop(me, "city")

    me.follow(campaign.name)  # 数据看板 → the county's dashboard
    me.go(reverse("campaigns:unit", args=[campaign.pk, county.code]))
    me.follow("抽查复核")
    me.page.select_option("#id_kind", label="市级抽查")
    me.pick("unit_code", county.name, "县")
    me.page.select_option("#id_subject", label="整村抽查")
    me.page.select_option("#id_strata", label="不分层")
    me.page.fill("#id_size_per_stratum", "1")
    me.page.fill("#id_seed", "7")
    me.press("抽样预览")
    me.press("发布样本")
    assert me.said() == ["已发布样本“市级抽查：方城县”，共 1 个样本，此后不再改变；可以安排检查人员。"]
    assert me.page.locator("h2:text-is('各层样本量') + table tbody tr").all_inner_texts() == ["全部（不分层）\t2\t1"]
    me.pick("county_code", county.name, "县")
    me.page.fill("#id_inspector", "city_inspector")
    me.press("安排")
    assert me.said() == ["已安排 city_inspector 检查该县样本。"]
    check = SpotCheck.objects.get()
    assert list(InspectorAssignment.objects.values_list("spot_check", "county_code", "inspector__username")) == \
        [(check.pk, county.code, "city_inspector")]
    me.follow("回头看", within="header")
    total = check.inspections.count()
    assert me.work()[2] == "抽查与检查进度（1）" and total > 0
    assert me.rows("抽查与检查进度（1）") == [f"{check} 检查人员已完成 0 / {total}"]

    on_phone(browser, live_server, "city_office", "city",
             [reverse("spotchecks:campaign", args=[campaign.pk]), reverse("spotchecks:detail", args=[check.pk])])


def test_inspector_opens_my_spot_check_tasks_and_records_an_inspection(
        live_server, browser, campaign, households, city_office, county):  # noqa: F811
    inspector = make_user("city_inspector", Role.VIEWER, county.parent)
    check = spotchecks.create_spot_check(by=city_office, campaign=campaign, unit=county, kind="city",
                                         subject="household", strata="none", size_per_stratum=2, seed=3)
    spotchecks.publish(check, by=city_office)
    spotchecks.assign_inspector(check, by=city_office, county_code=county.code, inspector=inspector)
    first = Inspection.objects.filter(spot_check=check).select_related("household", "unit").order_by("unit_id", "pk")[0]
    me = Person(browser, live_server, "city_inspector", DESKTOP)
    assert me.work() == ["我的抽查任务（2）"]
    home_at_desktop(me, "inspector")

    me.follow("我的抽查任务", within="header nav")
    assert me.title() == "我的抽查任务"
    me.page.locator("main table tbody tr", has_text=first.household.head_name).get_by_role("link").click()
    me.page.wait_for_url(f"**{reverse('spotchecks:inspection', args=[first.pk])}")
    fill(me.page, first.template, answers_for(first.template))
    me.page.check("input[name=satisfaction_known][value=yes]")
    me.page.check("input[name=satisfaction_satisfied][value=yes]")
    me.press("提交检查结果")
    assert me.said() == ["检查结果已提交。"]
    me.follow("回头看", within="header")
    assert me.work() == ["我的抽查任务（1）"]

    on_phone(browser, live_server, "city_inspector", "inspector",
             [reverse("spotchecks:mine"), reverse("spotchecks:inspection", args=[first.pk])])


def test_helper_opens_its_households_and_checks_in_a_visit(
        live_server, browser, households, township, township_office):  # noqa: F811
    helper = make_user("helper_li", Role.HELPER, township)
    visits.assign_helper(by=township_office, household_ids=[households[1].pk], helper=helper, name="李帮扶")
    me = Person(browser, live_server, "helper_li", DESKTOP)
    assert me.work() == ["本月未走访的帮扶户（1）"]
    assert me.rows("本月未走访的帮扶户（1）") == ["李四（4113221000010002） · 新华街社区 入户走访签到"]
    home_at_desktop(me, "helper")

    me.follow("我的帮扶户")
    me.follow("入户走访签到")
    me.page.fill("#id_work_done", "了解务工情况，宣讲防返贫监测政策")
    for name in ("manuals_checked", "knows_helper", "satisfied"):
        me.page.check(f"input[name={name}][value=yes]")
    me.press("签到并提交走访记录")
    assert len(me.said()) == 1 and re.fullmatch(r"已签到并登记走访（\d\d-\d\d \d\d:\d\d）。", me.said()[0])
    me.follow("回头看", within="header")
    assert me.work() == ["本月未走访的帮扶户（0）"]

    on_phone(browser, live_server, "helper_li", "helper", [reverse("visits:mine"),
                                                         reverse("visits:record", args=[households[1].pk])])
