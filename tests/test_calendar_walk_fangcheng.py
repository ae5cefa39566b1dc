"""方城县 2022's calendar and paperwork (issue 18), walked on the pages with the clock moved (time-machine).

The county office creates the campaign with the seed's phases (三、时间阶段: 排查 7/10–7/30, 集中整改
7/15–8/20 overlapping, 暗访评价 8 月下旬) and the reports it asks for (各乡镇于8月20日前将专项行动工作总结…
经党委或政府主要领导签字后报…; 驻乡镇工作组…每周汇总报送工作情况). The clock then moves across the calendar:
reminders go out before each window closes, to the people it concerns; forms filled outside their window warn;
one township hands in its 工作总结 with its signer, has it returned with a reason and hands it in again, the
other does not and is 逾期 the day after; the week's ranking is frozen (一周一调度一排队) and the 通报 generated,
its .docx opened and its figures checked against the ledger counted here from the problems; the campaign is
closed and its archive built in-process, every file's sha256 checked against the manifest.
"""

import hashlib
import io
import json
import re
import zipfile
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from html import unescape

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from archives.models import Archive, ArchiveFile
from campaigns.models import Phase, PhaseReminder
from campaigns.tasks import send_phase_reminders
from checklists.models import Submission
from dashboards.models import Ranking
from dashboards.ranking import CRITERIA
from dashboards.tasks import freeze_weekly_rankings
from paperwork.models import Bulletin, Report, ReportDue, ReportEvent
from paperwork.tests.conftest import PDF, at
from rectification.models import Problem
from rectification.services import record_problem
from tests.factories import make_household, make_user

from .test_seed_walk_steps import (
    act_on_problem, create_by_page, fill_by_page, form_of, post_form, review_by_page, window_warnings,
)

NAME = "方城县巩固脱贫成果“回头看”靶向整改专项行动"
NUMBER = "方农工组〔2022〕17号"
BULLETIN_NUMBER = "方回头看办〔2022〕5号"
BULLETIN_TITLE = f"关于{NAME}工作进展情况的通报"
OFFICE = "方城县巩固拓展脱贫攻坚成果工作专班办公室"
HOUSEHOLD_NUMBERS = {"members": "3", "members_able_to_work": "2", "income_total": "30000", "income_wage": "20000",
                     "income_business": "5000", "income_transfer": "4000", "income_property": "1000"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)  # reports, 通报 and the archive's storage follow it


@pytest.fixture
def clock():
    """`clock(day)` moves the clock to 10:00 Beijing time of that day (paperwork's `at`), standing still until
    moved again."""
    travellers = []

    def move(day: date):
        if travellers:
            travellers.pop().stop()
        traveller = at(day)
        traveller.start()
        travellers.append(traveller)

    yield move
    for traveller in travellers:
        traveller.stop()


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def cells(row: str) -> str:
    """A table row as its cells' texts."""
    return " | ".join(text(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S))


def page(client, user, name, *args) -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def messages_after(client, user, url, data, **extra) -> list[str]:
    """What the page says after the post (earlier steps' messages, not yet shown, are dropped first)."""
    client.force_login(user)
    client.cookies.pop("messages", None)
    response = client.post(url, data, follow=True, **extra)
    assert response.status_code == 200
    return [str(m) for m in response.context["messages"]]


def reminders_on_home(client, user) -> list[str]:
    home = page(client, user, "home")
    section = re.search(r'<section class="card reminders">(.*?)</section>', home, re.S)
    return [text(li) for li in re.findall(r"<li>(.*?)</li>", section.group(1), re.S)] if section else []


def matrix_on_page(client, office, campaign) -> dict:
    """The county's 报送情况 matrix as {(unit, "title mm-dd"): standing}, and its totals line."""
    html = page(client, office, "paperwork:campaign", campaign.pk)
    table = re.search(r'<table class="grid matrix">(.*?)</table>', html, re.S).group(1)
    columns = [f"{title} {day}" for title, day in re.findall(r"<th>([^<]*)<br><small>(\d\d-\d\d) 截止</small></th>",
                                                              table)]
    grid = {}
    for unit, cells in re.findall(r"<tr><th>([^<]*)</th>(.*?)</tr>", table.split("<tbody>")[1], re.S):
        for column, cell in zip(columns, re.findall(r"<td>(.*?)</td>", cells, re.S), strict=True):
            grid[(unit, column)] = text(re.search(r'<span class="standing \w+">(.*?)</span>', cell).group(1))
    totals = text(re.search(r"<h2>报送情况</h2>\s*<p>(.*?)</p>", html, re.S).group(1))
    return {"grid": grid, "totals": totals}


def own_rows(client, user, campaign) -> list[str]:
    """The township's 本单位应报材料, one line per report and due date."""
    html = page(client, user, "paperwork:campaign", campaign.pk)
    section = re.search(r"<h2>本单位应报材料</h2>(.*?)</section>", html, re.S).group(1)
    return [cells(row) for row in re.findall(r'<tr class="standing-\w+">(.*?)</tr>', section, re.S)]


def hand_in_url(campaign, due, unit, day: date) -> str:
    return reverse("paperwork:hand_in", args=[campaign.pk, due.pk, unit.code, day.isoformat()])


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def percent(part: int, whole: int) -> Decimal | None:
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"), ROUND_HALF_UP) if whole else None


def ledger_by_township(campaign, township_codes, today: date) -> dict:
    """The ledger's figures per township, counted here from the problems and the household forms."""
    figures = {}
    for code in township_codes:
        problems = [p for p in Problem.objects.filter(campaign=campaign) if p.unit_id.startswith(code)
                    and p.status != Problem.Status.WITHDRAWN]
        done = [p for p in problems if p.status in (Problem.Status.RECTIFIED, Problem.Status.CLOSED)]
        closed = [p for p in problems if p.status == Problem.Status.CLOSED]
        overdue = [p for p in problems if p.deadline and p.deadline < today and p.status != Problem.Status.CLOSED]
        forms = [f for f in Submission.objects.filter(campaign=campaign, household__isnull=False)
                 if f.unit_id.startswith(code)]
        handed_in = [f for f in forms if f.status in (Submission.Status.SUBMITTED, Submission.Status.APPROVED)]
        coverage, rate = percent(len(handed_in), len(forms)), percent(len(done), len(problems))
        rectified, on_time = ((len(done) / len(problems), 1 - len(overdue) / len(problems)) if problems else (1, 1))
        score = Decimal(str(100 * (0.4 * len(handed_in) / len(forms) + 0.4 * rectified + 0.2 * on_time)))
        figures[code] = {"total": len(problems), "closed": len(closed), "overdue": len(overdue),
                         "coverage": "—" if coverage is None else str(coverage),
                         "rate": "—" if rate is None else str(rate),
                         "score": str(score.quantize(Decimal("0.01"), ROUND_HALF_UP))}
    return figures


def ledger_by_department(campaign, today: date) -> list[list[str]]:
    rows = {}
    for p in Problem.objects.filter(campaign=campaign, department__isnull=False).select_related("department"):
        if p.status == Problem.Status.WITHDRAWN:
            continue
        row = rows.setdefault(p.department.name, [0, 0, 0, 0])
        row[0] += 1
        row[1] += p.status in (Problem.Status.RECTIFIED, Problem.Status.CLOSED)
        row[2] += p.status == Problem.Status.CLOSED
        row[3] += bool(p.deadline and p.deadline < today and p.status != Problem.Status.CLOSED)
    return [[name, *map(str, counts)] for name, counts in sorted(rows.items())]


def test_fangcheng_2022_calendar_reports_bulletin_and_archive(
        client, django_capture_on_commit_callbacks, clock, templates, county, township, other_township, village,
        other_township_village, household, checker, reviewer, township_office, other_township_office, county_office,
        city_office, department_user, outsider):
    capture = django_capture_on_commit_callbacks
    shizhi_household = make_household(other_township_village)
    shizhi_checker = make_user("shizhi_checker", Role.CHECKER, other_township_village)

    # 7-08: the county office sets the campaign up from the seed's plan, phases as 三、时间阶段 writes them
    clock(date(2022, 7, 8))
    campaign = create_by_page(client, county_office, capture, "fangcheng", name=NAME, document_number=NUMBER,
                              scope=county.code, year=2022)
    landed = client.get(reverse("campaigns:detail", args=[campaign.pk]), follow=True)
    assert [str(m) for m in landed.context["messages"]] == ["专项行动已创建，正在生成排查任务清单。"]
    assert [(p.kind, p.name, p.starts_on, p.ends_on, p.remind_days) for p in campaign.phases.all()] == [
        (Phase.Kind.SCREENING, "", date(2022, 7, 10), date(2022, 7, 30), 3),
        (Phase.Kind.RECTIFICATION, "", date(2022, 7, 15), date(2022, 8, 20), 3),
        (Phase.Kind.UNANNOUNCED, "暗访评价（8月下旬总考评）", date(2022, 8, 21), date(2022, 8, 31), 3)]

    # …and the reports it asks for: the 工作总结 signed by the party secretary by 8-20, the weekly 工作组 report
    due_url = reverse("paperwork:due_create", args=[campaign.pk])
    assert messages_after(client, county_office, due_url, {
        "title": "专项行动工作总结", "kind": "summary", "level": "township", "repeat": "once",
        "first_due": "2022-08-20", "signer_title": "乡镇党委书记", "generated": "",
        "note": "以党委文件并经党委或政府主要领导签字后报县专班办公室"}) == [
        "已添加报送要求“专项行动工作总结”，乡镇单位可在本页报送。"]
    assert messages_after(client, county_office, due_url, {
        "title": "驻乡镇工作组周报", "kind": "weekly", "level": "township", "repeat": "weekly",
        "first_due": "2022-07-15", "last_due": "2022-08-19", "signer_title": "", "generated": "ledger",
        "note": ""}) == ["已添加报送要求“驻乡镇工作组周报”，乡镇单位可在本页报送。"]
    weekly, summary = ReportDue.objects.filter(campaign=campaign).order_by("first_due")
    requirements = page(client, county_office, "paperwork:campaign", campaign.pk)
    table = re.search(r"<h2>报送要求</h2>.*?<tbody>(.*?)</tbody>", requirements, re.S).group(1)
    assert [cells(row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)] == [
        "驻乡镇工作组周报 | 工作组周报 | 乡镇 | 每周 | 2022-07-15 起每周至 2022-08-19 | — | 本单位问题台账（Excel）",
        "专项行动工作总结 | 工作总结 | 乡镇 | 一次性 | 2022-08-20 | 乡镇党委书记 | 不生成（只能上传）"]

    # before the window opens the household form warns; inside it, it does not
    household_form = form_of(campaign, "fangcheng-household", household=household)
    assert window_warnings(client, checker, household_form) == [
        "今天（2022-07-08）不在“问题排查”（2022-07-10 至 2022-07-30）时段内，该时段尚未开始。"
        "仍可填报，请注意方案规定的时限。"]

    # 7-12, 排查: 新华街社区's household and village forms, each with a 是, approved (signed) by the reviewer
    clock(date(2022, 7, 12))
    assert window_warnings(client, checker, household_form) == []
    fill_by_page(client, checker, household_form, **HOUSEHOLD_NUMBERS, housing_unsafe="yes",
                 housing_unsafe__desc="东墙开裂")
    review_by_page(client, reviewer, household_form)
    village_form = form_of(campaign, "fangcheng-village", unit=village)
    fill_by_page(client, checker, village_form, collective_income_low="yes",
                 collective_income_low__desc="村集体经济收入3.2万元")
    review_by_page(client, reviewer, village_form)
    [housing_problem] = household_form.problems.all()
    [income_problem] = village_form.problems.all()

    # 7-15, the first weekly report: 凤瑞街道 generates its own from its ledger, 释之街道 hands in nothing
    clock(date(2022, 7, 15))
    assert messages_after(client, township_office, hand_in_url(campaign, weekly, township, date(2022, 7, 15)), {
        "generate": "on", "signer_name": "李组长", "signed_on": "2022-07-15"}) == [
        "凤瑞街道的“驻乡镇工作组周报”（2022-07-15 期）已报送，签字人 李组长。"]
    clock(date(2022, 7, 16))
    assert matrix_on_page(client, county_office, campaign) == {"grid": {
        ("凤瑞街道", "驻乡镇工作组周报 07-15"): "已报", ("凤瑞街道", "驻乡镇工作组周报 07-22"): "未报",
        ("凤瑞街道", "专项行动工作总结 08-20"): "未报",
        ("释之街道", "驻乡镇工作组周报 07-15"): "逾期", ("释之街道", "驻乡镇工作组周报 07-22"): "未报",
        ("释之街道", "专项行动工作总结 08-20"): "未报"}, "totals": "未报 4 · 已报 1 · 逾期 1 · 退回 0"}

    # 7-20: 凤瑞街道 fills its 附件3 乡级; the county assigns the two problems (查改结合: both windows open)
    clock(date(2022, 7, 20))
    fill_by_page(client, township_office, form_of(campaign, "fangcheng-township", unit=township), t1_note="已部署")
    housing = make_user("zhujian", Role.DEPARTMENT, county, department="住建局")
    assert housing_problem.department.name == "住建局" and income_problem.department.name == "组织部"
    act_on_problem(client, county_office, housing_problem, "assign", department=housing_problem.department_id,
                   mode="deadline", deadline="2022-08-10", responsible_user=housing.pk)
    act_on_problem(client, county_office, income_problem, "assign", department=income_problem.department_id,
                   mode="immediate", responsible_person="李书记")

    # 7-26, four days before 排查 closes: nothing yet; 7-27, three days before: who still has forms to hand in
    clock(date(2022, 7, 26))
    assert send_phase_reminders.delay().get() == 0
    clock(date(2022, 7, 27))
    assert send_phase_reminders.delay().get() == 4
    assert send_phase_reminders.delay().get() == 0  # once only
    # 释之社区's forms (its checker, its township), the county's own 附件3 and 卫健委's (the county office, the
    # department itself); 凤瑞街道 has handed everything in, the outsider's county is not concerned
    assert sorted(PhaseReminder.objects.values_list("user__username", "phase__kind", "ends_on")) == [
        (name, "screening", date(2022, 7, 30))
        for name in ("county_office", "dept_health", "other_township_office", "shizhi_checker")]
    screening_line = f"{NAME}：“问题排查”将于 2022-07-30 截止 查看"
    for user in (county_office, department_user, other_township_office, shizhi_checker):
        assert reminders_on_home(client, user) == [screening_line], user.username
    for user in (checker, reviewer, township_office, housing, city_office, outsider):
        assert reminders_on_home(client, user) == [], user.username

    # 8-02, after 排查 closed: 释之社区's village form warns and is still taken; its 是 is born a problem
    clock(date(2022, 8, 2))
    shizhi_form = form_of(campaign, "fangcheng-village", unit=other_township_village)
    assert window_warnings(client, shizhi_checker, shizhi_form) == [
        "今天（2022-08-02）不在“问题排查”（2022-07-10 至 2022-07-30）时段内，该时段已经结束。"
        "仍可填报，请注意方案规定的时限。"]
    assert post_form(client, shizhi_checker, shizhi_form, collective_income_low="yes",
                     collective_income_low__desc="村集体经济收入2.1万元").status_code == 302
    shizhi_form.refresh_from_db()
    assert shizhi_form.status == Submission.Status.SUBMITTED
    [shizhi_problem] = shizhi_form.problems.all()
    act_on_problem(client, county_office, shizhi_problem, "assign", department=shizhi_problem.department_id,
                   mode="deadline", deadline="2022-08-15", responsible_person="王主任")

    # 8-05 the 住建局 rectifies; 8-08 the county verifies and closes (销号)
    clock(date(2022, 8, 5))
    act_on_problem(client, housing, housing_problem, "start")
    act_on_problem(client, housing, housing_problem, "rectify", evidence_text="已完成危房改造并入住")
    clock(date(2022, 8, 8))
    act_on_problem(client, county_office, housing_problem, "close", reason="现场核实：房屋安全，已入住")
    assert housing_problem.status == Problem.Status.CLOSED

    # 8-17, three days before 集中整改 closes: the township offices and the county's departments
    clock(date(2022, 8, 17))
    assert send_phase_reminders.delay().get() == 4
    assert sorted(PhaseReminder.objects.filter(phase__kind="rectification").values_list("user__username", flat=True)) \
        == ["dept_health", "other_township_office", "township_office", "zhujian"]
    rectification_line = f"{NAME}：“集中整改”将于 2022-08-20 截止 查看"
    assert reminders_on_home(client, township_office) == [rectification_line]
    assert reminders_on_home(client, county_office) == []  # its 排查 reminder is past

    # 8-18: 凤瑞街道 hands in its 工作总结, signed by the party secretary
    clock(date(2022, 8, 18))
    summary_url = hand_in_url(campaign, summary, township, date(2022, 8, 20))
    assert text(re.search(r"<p>当前状态：.*?</p>", page(client, township_office, "paperwork:hand_in", campaign.pk,
                                                      summary.pk, township.code, "2022-08-20")).group(0)) == \
        "当前状态：未报；须由乡镇党委书记签字。"
    assert messages_after(client, township_office, summary_url, {
        "signer_name": "张书记", "signed_on": "2022-08-18", "file": pdf("工作总结.pdf")}) == [
        "凤瑞街道的“专项行动工作总结”（2022-08-20 期）已报送，签字人 张书记。"]

    # 8-19: the county returns it with a reason; the township sees the reason on its page
    clock(date(2022, 8, 19))
    report = Report.objects.get(due=summary, unit=township)
    assert messages_after(client, county_office, reverse("paperwork:report_return", args=[report.pk]), {
        "reason": "未见党委主要领导签字页，请补签后重新报送"}) == [
        "已将凤瑞街道的“专项行动工作总结”（2022-08-20 期）退回，对方将看到退回原因并重新报送。"]
    assert own_rows(client, township_office, campaign)[-1] == (
        "专项行动工作总结 | 2022-08-20 | 乡镇党委书记 | 退回 | 退回原因：未见党委主要领导签字页，请补签后重新报送 · 工作总结.pdf | 重新报送")
    assert matrix_on_page(client, county_office, campaign)["grid"][("凤瑞街道", "专项行动工作总结 08-20")] == "退回"

    # 8-20, the due date: handed in again, in time; 释之街道 still has nothing in, and is not late yet
    clock(date(2022, 8, 20))
    assert messages_after(client, township_office, summary_url, {
        "signer_name": "张书记", "signed_on": "2022-08-20", "file": pdf("工作总结（补签）.pdf")}) == [
        "凤瑞街道的“专项行动工作总结”（2022-08-20 期）已报送，签字人 张书记。"]
    assert matrix_on_page(client, county_office, campaign)["grid"][("释之街道", "专项行动工作总结 08-20")] == "未报"
    assert [(e.action, e.by, e.note) for e in ReportEvent.objects.filter(report=report)] == [
        ("submit", township_office, "签字人：张书记（2022-08-18）"),
        ("return", county_office, "未见党委主要领导签字页，请补签后重新报送"),
        ("submit", township_office, "签字人：张书记（2022-08-20）")]

    # 8-21, the day after: 释之街道's 工作总结 is 逾期, as is every weekly report nobody handed in
    clock(date(2022, 8, 21))
    weeks = ["07-15", "07-22", "07-29", "08-05", "08-12", "08-19"]
    assert matrix_on_page(client, county_office, campaign) == {"grid": {
        **{("凤瑞街道", f"驻乡镇工作组周报 {w}"): "已报" if w == "07-15" else "逾期" for w in weeks},
        ("凤瑞街道", "专项行动工作总结 08-20"): "已报",
        **{("释之街道", f"驻乡镇工作组周报 {w}"): "逾期" for w in weeks},
        ("释之街道", "专项行动工作总结 08-20"): "逾期"}, "totals": "未报 0 · 已报 2 · 逾期 12 · 退回 0"}
    assert own_rows(client, other_township_office, campaign)[-1] == "专项行动工作总结 | 2022-08-20 | 乡镇党委书记 | 逾期 |  | 报送"
    # 暗访评价 finds one more problem in 新华街社区
    found = record_problem(by=county_office, campaign=campaign, unit=village, source=Problem.Source.UNANNOUNCED,
                           category="人居环境", description="户内外环境脏乱", household=household)

    # 8-22 (Monday), 一周一调度一排队: figures rebuilt, the week's ranking frozen, the 通报 generated from it
    clock(date(2022, 8, 22))
    client.force_login(county_office)
    with capture(execute=True):
        client.post(reverse("dashboards:rebuild", args=[campaign.pk, county.code]))
    assert freeze_weekly_rankings.delay().get() == 1
    ranking = Ranking.objects.get(campaign=campaign, unit=county)
    assert messages_after(client, county_office, reverse("paperwork:bulletin_create", args=[campaign.pk]), {
        "ranking": ranking.pk, "title": BULLETIN_TITLE, "document_number": BULLETIN_NUMBER,
        "period_start": "2022-08-15", "period_end": "2022-08-21", "praised": [township.code],
        "criticized": [other_township.code], "issuing_office": OFFICE, "issued_on": "2022-08-22"}) == [
        f"已生成通报 {BULLETIN_NUMBER}（Word 与 PDF），尚未发布；核对无误后请发布给各乡镇。"]
    bulletin = Bulletin.objects.get(campaign=campaign)
    client.force_login(county_office)
    download = client.get(reverse("paperwork:bulletin_file", args=[bulletin.pk, "docx"]))
    docx_bytes = b"".join(download.streaming_content)
    document = docx.Document(io.BytesIO(docx_bytes))
    assert [p.text for p in document.paragraphs] == [
        BULLETIN_TITLE, BULLETIN_NUMBER,
        f"各乡镇、县直有关单位：按照“{NAME}”一周一调度一排队的要求，现将2022年8月15日至2022年8月21日工作进展情况通报如下。",
        "一、乡镇排名", f"排序规则：{CRITERIA}", "二、行业部门问题整改情况", "三、表扬与批评",
        "对凤瑞街道予以通报表扬。", "对释之街道予以通报批评，请于一周内整改到位并书面说明情况。",
        OFFICE, "2022年8月22日"]
    townships, departments = ([[c.text for c in row.cells] for row in t.rows] for t in document.tables)

    # the figures per township, counted here from the ledger (problems) and the household forms
    today = date(2022, 8, 22)
    ledger = ledger_by_township(campaign, [township.code, other_township.code], today)
    ranked = sorted(ledger, key=lambda code: (-Decimal(ledger[code]["score"]), code))
    names = {township.code: "凤瑞街道", other_township.code: "释之街道"}
    assert townships == [
        ["排名", "乡镇", "综合得分", "排查覆盖率（%）", "整改完成率（%）", "逾期问题", "问题总数", "已销号"],
        *[[str(rank), names[code], ledger[code]["score"], ledger[code]["coverage"], ledger[code]["rate"],
           str(ledger[code]["overdue"]), str(ledger[code]["total"]), str(ledger[code]["closed"])]
          for rank, code in enumerate(ranked, start=1)]]
    # by hand: 凤瑞街道 3 problems (住房 closed, 集体经济 立行立改, 暗访 without deadline), its one household in;
    # 释之街道 1 problem past its 8-15 deadline, its household not checked
    assert townships[1:] == [["1", "凤瑞街道", "73.33", "100.0", "33.3", "0", "3", "1"],
                             ["2", "释之街道", "0.00", "0.0", "0.0", "1", "1", "0"]]
    assert departments == [["责任单位", "牵头问题数", "已整改", "已销号", "逾期"],
                           *ledger_by_department(campaign, today)]
    assert departments[1:] == [["住建局", "1", "1", "1", "0"], ["组织部", "2", "0", "0", "1"]]
    assert found.department is None  # the 暗访 problem is the township's: in no department's row

    # 发布: the townships see it on their page
    assert messages_after(client, county_office, reverse("paperwork:bulletin_publish", args=[bulletin.pk]), {}) == [
        f"已发布通报《{BULLETIN_TITLE}》（{BULLETIN_NUMBER}），通知 2 个乡镇（街道）和 2 个行业部门；"
        "方城县下各单位可在“报送与通报”页看到。"]
    assert BULLETIN_TITLE in page(client, other_township_office, "paperwork:campaign", campaign.pk)

    # 8-28, three days before 暗访评价 closes: the county office, which does it
    clock(date(2022, 8, 28))
    assert send_phase_reminders.delay().get() == 1
    assert reminders_on_home(client, county_office) == [f"{NAME}：“暗访评价（8月下旬总考评）”将于 2022-08-31 截止 查看"]

    # 9-05: the county closes the campaign; the archive is built in-process on commit
    clock(date(2022, 9, 5))
    client.force_login(county_office)
    with capture(execute=True):
        response = client.post(reverse("archives:close", args=[campaign.pk]), {"retention_years": "1",
                                                                              "confirm": "on"})
    assert response.status_code == 302
    archive = Archive.objects.get(campaign=campaign)
    assert (archive.status, archive.keep_until) == (Archive.Status.DONE, date(2023, 9, 5))
    with archive.manifest.open("rb") as handle:
        manifest_bytes = handle.read()
    assert hashlib.sha256(manifest_bytes).hexdigest() == archive.manifest_sha256
    manifest = json.loads(manifest_bytes)
    stored = {f.path: f for f in ArchiveFile.objects.filter(archive=archive)}
    contents = {}
    for entry in manifest["files"]:
        with stored[entry["path"]].file.open("rb") as handle:
            contents[entry["path"]] = handle.read()
        content = contents[entry["path"]]
        assert (hashlib.sha256(content).hexdigest(), len(content)) == (entry["sha256"], entry["size"]), entry["path"]
    folder = "411322 方城县"
    signed = f"{folder}/签字排查表/{village.full_name}"
    bulletin_stem = f"{folder}/通报/{BULLETIN_NUMBER}{BULLETIN_TITLE}"
    assert sorted((e["kind"], e["path"]) for e in manifest["files"]) == sorted([
        ("签字排查表", f"{signed}/fangcheng-household-{household_form.subject_name}-{household_form.pk}.pdf"),
        ("签字排查表", f"{signed}/fangcheng-village-{village_form.subject_name}-{village_form.pk}.pdf"),
        ("问题台账", f"{folder}/问题台账.xlsx"), ("汇总表", f"{folder}/汇总表.xlsx"),
        ("报送材料：驻乡镇工作组周报", f"{folder}/报送材料/驻乡镇工作组周报/{township.full_name}-20220715.xlsx"),
        ("报送材料：专项行动工作总结", f"{folder}/报送材料/专项行动工作总结/{township.full_name}-20220820.pdf"),
        ("通报", f"{bulletin_stem}.docx"), ("通报", f"{bulletin_stem}.pdf")])
    assert len(stored) == len(manifest["files"]) == archive.files_done == 8
    assert contents[f"{bulletin_stem}.docx"] == docx_bytes  # the 通报 whose figures were checked above
    assert contents[f"{folder}/报送材料/专项行动工作总结/{township.full_name}-20220820.pdf"] == PDF
    assert contents[f"{bulletin_stem}.pdf"].startswith(b"%PDF")

    # the county downloads its part: the same files, the same checksums
    client.force_login(county_office)
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(
        client.get(reverse("archives:download", args=[campaign.pk])).streaming_content)))
    part = json.loads(bundle.read("manifest.json"))
    assert part["files"] == manifest["files"]
    assert all(bundle.read(e["path"]) == contents[e["path"]] for e in part["files"])

    # after the close the campaign is read-only: 释之街道's late 工作总结 is refused, the archive stays as built
    late_url = hand_in_url(campaign, summary, other_township, date(2022, 8, 20))
    assert messages_after(client, other_township_office, late_url, {
        "signer_name": "王书记", "signed_on": "2022-09-05", "file": pdf("工作总结.pdf")}, HTTP_REFERER=late_url) == [
        "该专项行动已结束并归档，只能查看，不能再修改（排查表、问题台账、抽查、报送材料和通报均已冻结）。"]
    assert not Report.objects.filter(unit=other_township).exists()
    closed_page = page(client, other_township_office, "paperwork:campaign", campaign.pk)
    assert text(re.search(r'<p class="notice frozen">(.*?)</p>', closed_page).group(1)) == (
        "该专项行动已结束并归档，只能查看，不能再修改（排查表、问题台账、抽查、报送材料和通报均已冻结）。")
    assert own_rows(client, other_township_office, campaign)[-1] == "专项行动工作总结 | 2022-08-20 | 乡镇党委书记 | 逾期 |  | "
    assert Submission.objects.get(household=shizhi_household).status == Submission.Status.NOT_STARTED
