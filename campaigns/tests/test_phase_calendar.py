"""A campaign's calendar with the clock moved: the timeline's today, warnings outside a window, reminders."""

import re
from datetime import date, datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db.models import F
from django.urls import reverse

from accounts.roles import Role
from campaigns.models import Phase, PhaseReminder
from campaigns.presets import PhaseSpec
from campaigns.reminders import send_phase_reminders
from campaigns.tasks import send_phase_reminders as reminder_task
from checklists.models import Submission
from tests.factories import make_campaign, make_user
from tests.test_seed_walk_steps import post_form

K = Phase.Kind
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour=9):
    """Travel to 09:00 Beijing time of that day (the project's time zone)."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


def warnings_on(client, user, submission) -> list[str]:
    client.force_login(user)
    page = client.get(reverse("checklists:submission", args=[submission.pk])).content.decode()
    return [unescape(w) for w in re.findall(r'<div class="notice window-warning">(.*?)</div>', page, re.S)]


@pytest.fixture
def fangcheng(templates, county, household, county_office):
    """方城's calendar: 排查 7/10–7/30 and 集中整改 7/15–8/20 overlap, 暗访评价 8/21–8/31."""
    return make_campaign(county, [templates["fangcheng-household"], templates["fangcheng-village"]], by=county_office,
                         year=2022, phases=[(K.SCREENING, date(2022, 7, 10), date(2022, 7, 30)),
                                            (K.RECTIFICATION, date(2022, 7, 15), date(2022, 8, 20)),
                                            PhaseSpec(K.UNANNOUNCED, date(2022, 8, 21), date(2022, 8, 31),
                                                      name="暗访评价（8月下旬）", remind_days=0)])


def test_the_timeline_marks_today_where_it_falls(client, fangcheng, checker, settings):
    assert settings.TIME_ZONE == "Asia/Shanghai"
    with at(date(2022, 7, 20)):
        client.force_login(checker)
        page = client.get(reverse("campaigns:detail", args=[fangcheng.pk]), follow=True).content.decode()
    # 53 days (7/10–8/31) over 730 units from x=260: 7/20 is day 10, its line in the middle of the day
    # (260 + 730 × 10.5 / 53 = 404.6); 集中整改 starts on day 5 (328.9) and ends with day 42 (838.5)
    assert '<line class="today" x1="404.6"' in page and "今天 2022-07-20" in page
    bars = re.findall(r'<rect class="phase-bar (\w+) (\w+)" x="([\d.]+)" y="(\d+)" width="([\d.]+)"', page)
    assert bars == [("screening", "open", "260.0", "30", "289.2"), ("rectification", "open", "328.9", "56", "509.6"),
                    ("unannounced", "later", "838.5", "82", "151.5")]
    assert "style=" not in page.split('<section class="timeline"')[1].split("</section>")[0]


def test_the_timeline_says_when_today_is_outside_the_calendar(client, fangcheng, checker):
    with at(date(2022, 9, 5)):
        client.force_login(checker)
        page = client.get(reverse("campaigns:detail", args=[fangcheng.pk]), follow=True).content.decode()
    assert "今天 2022-09-05，在各阶段之后" in page and '<line class="today"' not in page
    assert page.count("已结束</td>") == 3


def test_filling_outside_the_window_warns_and_is_not_refused(client, fangcheng, checker, household):
    form = Submission.objects.get(campaign=fangcheng, household=household)
    with at(date(2022, 7, 8)):
        assert warnings_on(client, checker, form) == [
            "今天（2022-07-08）不在“问题排查”（2022-07-10 至 2022-07-30）时段内，该时段尚未开始。"
            "仍可填报，请注意方案规定的时限。"]
    with at(date(2022, 7, 30)):
        assert warnings_on(client, checker, form) == []
    with at(date(2022, 8, 2)):
        assert warnings_on(client, checker, form) == [
            "今天（2022-08-02）不在“问题排查”（2022-07-10 至 2022-07-30）时段内，该时段已经结束。"
            "仍可填报，请注意方案规定的时限。"]
        assert post_form(client, checker, form).status_code == 302  # a warning, not a refusal
    form.refresh_from_db()
    assert form.status == Submission.Status.SUBMITTED
    with at(date(2022, 8, 2)):
        assert warnings_on(client, checker, form) == []  # handed in: nothing left to warn about


def test_a_city_plan_warns_per_link(client, templates, county, household, checker, city_office):
    """The funds' self-check closes earlier than the people's: a funds form is late, a household form is not."""
    city = county.parent
    campaign = make_campaign(city, [templates["city-identification"], templates["city-funds"]], by=city_office,
                             year=2025, target_kinds=["poverty_exited"], phases=[
                                 PhaseSpec(K.SCREENING, date(2025, 4, 10), date(2025, 5, 10), "people", "自查自纠"),
                                 PhaseSpec(K.SCREENING, date(2025, 4, 10), date(2025, 5, 5), "funds", "自查自纠")])
    county_office = make_user("fc_county", Role.COUNTY_OFFICE, county)
    funds = Submission.objects.get(campaign=campaign, template__code="city-funds", unit=county)
    with at(date(2025, 5, 8)):
        assert warnings_on(client, county_office, funds) == [
            "今天（2025-05-08）不在“自查自纠（扶贫资金使用）”（2025-04-10 至 2025-05-05）时段内，该时段已经结束。"
            "仍可填报，请注意方案规定的时限。"]
        people = Submission.objects.get(campaign=campaign, template__code="city-identification", household=household)
        assert warnings_on(client, checker, people) == []


def test_drawing_a_spot_check_outside_its_window_warns_and_draws(client, templates, county, village, household,
                                                                 county_office):
    campaign = make_campaign(county, [templates["fangcheng-village"]], by=county_office, year=2022,
                             phases=[(K.SCREENING, date(2022, 7, 10), date(2022, 7, 30)),
                                     (K.COUNTY_REVIEW, date(2022, 8, 1), date(2022, 8, 10))])
    client.force_login(county_office)
    draw = {"unit_code": county.code, "kind": "county", "subject": "village", "strata": "none",
            "size_per_stratum": "1", "seed": "7"}
    with at(date(2022, 7, 25)):
        response = client.post(reverse("spotchecks:campaign", args=[campaign.pk]), draw, follow=True)
    assert response.status_code == 200 and campaign.spot_checks.count() == 1
    assert [str(m) for m in response.context["messages"]] == [
        "今天（2022-07-25）不在“县级复核”（2022-08-01 至 2022-08-10）时段内，该时段尚未开始。"
        "仍可抽查，请注意方案规定的时限。"]
    with at(date(2022, 8, 5)):
        response = client.post(reverse("spotchecks:campaign", args=[campaign.pk]), {**draw, "seed": "8"},
                               follow=True)
    assert campaign.spot_checks.count() == 2 and list(response.context["messages"]) == []


def test_reminders_fire_once_before_a_window_closes_to_the_units_concerned(
        other_township_village, sibling_village, fangcheng, household, checker, reviewer, township_office, other_township_office, county_office,
        city_office, department_user, outsider):
    form_units = set(Submission.objects.filter(campaign=fangcheng).values_list("unit_id", flat=True))
    assert form_units == {household.village_id, sibling_village.code, other_township_village.code}
    sent = lambda: sorted(PhaseReminder.objects.values_list("phase__kind", "user__username", "ends_on"))  # noqa: E731

    with at(date(2022, 7, 26)):  # four days before 排查 closes: not yet
        assert reminder_task.delay().get() == 0
    with at(date(2022, 7, 27)):  # three days before: the units with forms still to hand in, and their townships
        assert send_phase_reminders() == 4
        assert send_phase_reminders() == 0  # a second run (or a retry) sends nothing twice
    assert sent() == [("screening", name, date(2022, 7, 30)) for name in
                      ("checker", "other_township_office", "reviewer", "township_office")]
    with at(date(2022, 7, 29)):
        assert send_phase_reminders() == 0
    # 集中整改 closes 8/20: the township offices and the county's departments
    with at(date(2022, 8, 18)):
        assert send_phase_reminders() == 3
    assert [row for row in sent() if row[0] == "rectification"] == [
        ("rectification", name, date(2022, 8, 20)) for name in ("dept_health", "other_township_office",
                                                                "township_office")]
    # 暗访评价 was set not to remind (0 days); the outsider's county was never concerned
    with at(date(2022, 8, 30)):
        assert send_phase_reminders() == 0
    assert not PhaseReminder.objects.filter(user__in=[outsider, county_office, city_office]).exists()


def test_a_window_moved_later_reminds_again_and_the_reminder_is_shown(client, fangcheng, checker):
    with at(date(2022, 7, 28)):
        assert send_phase_reminders() >= 1
        screening = fangcheng.phases.get(kind=K.SCREENING)
        client.force_login(checker)
        home = client.get(reverse("home")).content.decode()
        listed = client.get(reverse("campaigns:list")).content.decode()
    line = "测试专项行动：“问题排查”将于 2022-07-30 截止"
    assert line in home and line in listed
    fangcheng.phases.filter(pk=screening.pk).update(ends_on=date(2022, 8, 5))
    with at(date(2022, 8, 3)):
        assert PhaseReminder.objects.filter(user=checker).count() == 1
        send_phase_reminders()
        assert sorted(PhaseReminder.objects.filter(user=checker).values_list("ends_on", flat=True)) == [
            date(2022, 7, 30), date(2022, 8, 5)]
        client.force_login(checker)
        home = client.get(reverse("home")).content.decode()
    assert "“问题排查”将于 2022-08-05 截止" in home and "2022-07-30 截止" not in home


def test_the_beat_runs_the_reminders_daily():
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "campaigns.tasks.send_phase_reminders")
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({7}, {40})


def test_reminders_are_mailed_once_to_who_has_an_address(fangcheng, household, checker, reviewer, settings,
                                                          mailoutbox):
    settings.EMAIL_HOST = "smtp.example.gov.cn"
    checker.email = "checker@example.gov.cn"
    checker.save(update_fields=["email"])
    with at(date(2022, 7, 28)):
        assert send_phase_reminders() == 2
        send_phase_reminders()
    assert [(m.to, m.subject, m.body) for m in mailoutbox] == [
        (["checker@example.gov.cn"], "回头看：阶段截止提醒", "测试专项行动：“问题排查”将于 2022-07-30 截止")]


def test_a_department_with_its_own_form_still_to_hand_in_is_reminded(templates, county, household, county_office,
                                                                      department_user):
    """附件3 县级 goes to the 县直重点行业部门 too (its unit is the county, its subject the department): the
    department's own people are reminded of it, and the county office, which reviews it."""
    from campaigns.presets import preset_for
    from campaigns.services import FormTargets, build_work_list, create_campaign_unchecked

    form = templates["fangcheng-county"]
    campaign = create_campaign_unchecked(by=county_office, name="测试专项行动", document_number="测〔2022〕1号",
                                         issuing_unit=county, scope_unit=county, year=2022,
                                         forms=[FormTargets(form, preset_for(form))],
                                         phases=[(K.SCREENING, date(2022, 7, 10), date(2022, 7, 30))])
    build_work_list(campaign)
    own, department_form = Submission.objects.filter(campaign=campaign).order_by(
        F("department_id").asc(nulls_first=True))  # the county's own first, on PostgreSQL as on SQLite
    assert (own.department, department_form.department.name) == (None, "卫健委")
    Submission.objects.filter(pk=own.pk).update(status=Submission.Status.SUBMITTED)
    with at(date(2022, 7, 27)):
        assert send_phase_reminders() == 2
    assert sorted(PhaseReminder.objects.values_list("user__username", flat=True)) == ["county_office", "dept_health"]
    Submission.objects.filter(pk=department_form.pk).update(status=Submission.Status.SUBMITTED)
    PhaseReminder.objects.all().delete()
    with at(date(2022, 7, 28)):
        assert send_phase_reminders() == 0  # nothing left to hand in: nobody reminded
